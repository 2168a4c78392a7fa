// C++ objects whose destructor releases a handle member, copied with it:
// the original and the copy both release the handle.
// RUN: %sspi_tidy %s -- %win_cxx_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <utility>

// Implicit copies; the destructor's validity test does not make a copy safe.
class AuthCtx {
public:
  AuthCtx() { SecInvalidateHandle(&ctx_); }
  ~AuthCtx() {
    if (SecIsValidHandle(&ctx_))
      DeleteSecurityContext(&ctx_);
  }
  CtxtHandle *get() { return &ctx_; }

private:
  CtxtHandle ctx_;
};

void use(AuthCtx c);

void by_value(AuthCtx &a) {
  use(a);
  // CHECK: owner-copies.cpp:[[@LINE-1]]:7: warning: copy of 'a' duplicates security context 'ctx_' that '~AuthCtx' deletes: both copies delete it; delete the copy operations of 'AuthCtx' or give it move semantics [sspi-double-release]
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'a' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, parameter 'c' of 'use', is destroyed
}

void copy_init(AuthCtx &a) {
  AuthCtx b = a;
  // CHECK: owner-copies.cpp:[[@LINE-1]]:15: warning: copy of 'a' duplicates security context 'ctx_' that '~AuthCtx' deletes: both copies delete it; delete the copy operations of 'AuthCtx' or give it move semantics [sspi-double-release]
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'a' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, 'b', is destroyed
  AuthCtx c(a);
  // CHECK: owner-copies.cpp:[[@LINE-1]]:13: warning: copy of 'a' duplicates security context 'ctx_'
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'a' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, 'c', is destroyed
}

void copy_assign(AuthCtx &a, AuthCtx &b) {
  b = a;
  // CHECK: owner-copies.cpp:[[@LINE-1]]:5: warning: copy of 'a' duplicates security context 'ctx_' that '~AuthCtx' deletes: both copies delete it; delete the copy operations of 'AuthCtx' or give it move semantics [sspi-double-release]
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy assignment operator of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'a' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, 'b', is destroyed
}

// Returning a member or a parameter by name copies it (AuthCtx has no move
// constructor: its destructor is user-declared).
struct Holder {
  AuthCtx auth;
  AuthCtx get() const { return auth; }
  // CHECK: owner-copies.cpp:[[@LINE-1]]:32: warning: copy of 'auth' duplicates security context 'ctx_'
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'auth' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, the returned object, is destroyed
};

AuthCtx pass_through(AuthCtx p) {
  return p;
  // CHECK: owner-copies.cpp:[[@LINE-1]]:10: warning: copy of 'p' duplicates security context 'ctx_'
  // CHECK: owner-copies.cpp:[[@LINE-2]]:10: note: 'AuthCtx' has no move constructor: 'p' is copied
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'p' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, the returned object, is destroyed
}

// std::move of an object without a move constructor copies it.
void moved_but_copied(AuthCtx &a) {
  AuthCtx b = std::move(a);
  // CHECK: owner-copies.cpp:[[@LINE-1]]:15: warning: copy of 'std::move(a)' duplicates security context 'ctx_'
  // CHECK: owner-copies.cpp:[[@LINE-2]]:15: note: 'AuthCtx' has no move constructor: 'std::move(a)' is copied
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 'a' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, 'b', is destroyed
}

// A copy in a template is reported where the instantiation copies.
template <class T> T duplicate(const T &t) {
  T u = t;
  // CHECK: owner-copies.cpp:[[@LINE-1]]:9: warning: copy of 't' duplicates security context 'ctx_'
  // CHECK: owner-copies.cpp:10:7: note: the implicit copy constructor of 'AuthCtx' copies 'ctx_'
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here when 't' is destroyed
  // CHECK: owner-copies.cpp:15:7: note: '~AuthCtx' deletes 'ctx_' here again when the copy, 'u', is destroyed
  return u;
}
void instantiate(const AuthCtx &a) { (void)duplicate(a); }

// A user-written member-wise copy; the release is in a helper the
// destructor calls.
class Cred {
public:
  Cred() { SecInvalidateHandle(&cred_); }
  Cred(const Cred &o) : cred_(o.cred_), uses_(o.uses_) {}
  Cred &operator=(const Cred &o) {
    if (this != &o) {
      cred_ = o.cred_;
      uses_ = o.uses_;
    }
    return *this;
  }
  ~Cred() { close(); }

private:
  void close() { FreeCredentialsHandle(&cred_); }
  CredHandle cred_;
  int uses_ = 0;
};

void copy_cred(const Cred &c, Cred &e) {
  Cred d(c);
  // CHECK: owner-copies.cpp:[[@LINE-1]]:10: warning: copy of 'c' duplicates credential 'cred_' that '~Cred' frees: both copies free it; delete the copy operations of 'Cred' or give it move semantics [sspi-double-release]
  // CHECK: owner-copies.cpp:[[@LINE-19]]:25: note: the copy constructor of 'Cred' copies 'cred_' here
  // CHECK: owner-copies.cpp:[[@LINE-12]]:13: note: '~Cred' frees 'cred_' here (by 'close') when 'c' is destroyed
  // CHECK: owner-copies.cpp:[[@LINE-13]]:13: note: '~Cred' frees 'cred_' here (by 'close') again when the copy, 'd', is destroyed
  e = c;
  // CHECK: owner-copies.cpp:[[@LINE-1]]:5: warning: copy of 'c' duplicates credential 'cred_' that '~Cred' frees: both copies free it; delete the copy operations of 'Cred' or give it move semantics [sspi-double-release]
  // CHECK: owner-copies.cpp:[[@LINE-21]]:13: note: the copy assignment operator of 'Cred' copies 'cred_' here
  // CHECK: owner-copies.cpp:[[@LINE-17]]:13: note: '~Cred' frees 'cred_' here (by 'close') when 'c' is destroyed
  // CHECK: owner-copies.cpp:[[@LINE-18]]:13: note: '~Cred' frees 'cred_' here (by 'close') again when the copy, 'e', is destroyed
}

// A buffer the package allocated, held by pointer; copied by a defaulted
// copy constructor.
class PackageList {
public:
  PackageList() : pkgs_(nullptr), n_(0) { EnumerateSecurityPackagesW(&n_, &pkgs_); }
  PackageList(const PackageList &) = default;
  ~PackageList() {
    if (pkgs_)
      FreeContextBuffer(pkgs_);
  }

private:
  PSecPkgInfoW pkgs_;
  ULONG n_;
};

PackageList keep(const PackageList &l) {
  PackageList copy = l;
  // CHECK: owner-copies.cpp:[[@LINE-1]]:22: warning: copy of 'l' duplicates buffer 'pkgs_' that '~PackageList' frees: both copies free it; delete the copy operations of 'PackageList' or give it move semantics [sspi-double-release]
  // CHECK: owner-copies.cpp:[[@LINE-14]]:3: note: the defaulted copy constructor of 'PackageList' copies 'pkgs_'
  // CHECK: owner-copies.cpp:[[@LINE-12]]:7: note: '~PackageList' frees 'pkgs_' here when 'l' is destroyed
  // CHECK: owner-copies.cpp:[[@LINE-13]]:7: note: '~PackageList' frees 'pkgs_' here again when the copy, 'copy', is destroyed
  return copy;
}
