// C++ owners whose copies do not release a handle twice: no warning.
// RUN: %sspi_tidy %s -- %win_cxx_flags -std=c++17 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
// CHECK-NOT: warning
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <utility>

// Copies deleted; moves transfer the handle.
class NoCopy {
public:
  NoCopy() { SecInvalidateHandle(&ctx_); }
  NoCopy(const NoCopy &) = delete;
  NoCopy &operator=(const NoCopy &) = delete;
  NoCopy(NoCopy &&o) noexcept : ctx_(o.ctx_) { SecInvalidateHandle(&o.ctx_); }
  ~NoCopy() {
    if (SecIsValidHandle(&ctx_))
      DeleteSecurityContext(&ctx_);
  }

private:
  CtxtHandle ctx_;
};

void take(NoCopy n);
NoCopy make_nocopy();

void no_copy(NoCopy &a) {
  take(std::move(a));
  NoCopy b = std::move(a);
  take(make_nocopy());
  NoCopy c = make_nocopy();
}

// Move-only: the user-declared move constructor and move assignment delete
// the implicit copies.
class MoveOnly {
public:
  MoveOnly() : ctx_{} {}
  MoveOnly(MoveOnly &&o) noexcept : ctx_(o.ctx_) { o.ctx_ = {}; }
  MoveOnly &operator=(MoveOnly &&o) noexcept {
    std::swap(ctx_, o.ctx_);
    return *this;
  }
  ~MoveOnly() {
    if (ctx_.dwLower || ctx_.dwUpper)
      DeleteSecurityContext(&ctx_);
  }

private:
  CtxtHandle ctx_;
};

MoveOnly make_moveonly() {
  MoveOnly m;
  return m;
}

void move_only(MoveOnly &a, MoveOnly &b) {
  MoveOnly c = std::move(a);
  b = std::move(c);
  b = make_moveonly();
}

// A copy constructor (auto_ptr style) and assignment that hand the handle
// over: the source no longer holds it.
class Transfer {
public:
  Transfer() { SecInvalidateHandle(&cred_); }
  Transfer(Transfer &o) : cred_(o.cred_) { SecInvalidateHandle(&o.cred_); }
  Transfer &operator=(Transfer &o) {
    cred_ = o.cred_;
    memset(&o.cred_, 0, sizeof o.cred_);
    return *this;
  }
  ~Transfer() { FreeCredentialsHandle(&cred_); }

private:
  CredHandle cred_;
};

void transfer(Transfer &a, Transfer &b) {
  Transfer c = a;
  b = c;
}

// A copy constructor that does not copy the handle: it acquires its own.
class Reacquire {
public:
  Reacquire() { acquire(); }
  Reacquire(const Reacquire &) { acquire(); }
  Reacquire &operator=(const Reacquire &) { return *this; }
  ~Reacquire() { FreeCredentialsHandle(&cred_); }

private:
  void acquire() {
    TimeStamp ts;
    AcquireCredentialsHandleW(nullptr, (LPWSTR)L"Negotiate",
                              SECPKG_CRED_OUTBOUND, nullptr, nullptr, nullptr,
                              nullptr, &cred_, &ts);
  }
  CredHandle cred_;
};

void reacquire(const Reacquire &a, Reacquire &b) {
  Reacquire c = a;
  b = a;
}

// The copy does not own: its destructor does not release.
class Borrowed {
public:
  Borrowed() : owns_(true) { SecInvalidateHandle(&ctx_); }
  Borrowed(const Borrowed &o) : ctx_(o.ctx_), owns_(false) {}
  ~Borrowed() {
    if (owns_)
      DeleteSecurityContext(&ctx_);
  }

private:
  CtxtHandle ctx_;
  bool owns_;
};

void borrowed(const Borrowed &a) { Borrowed b = a; }

// A reference count shared between the copies.
class Counted {
public:
  Counted() : refs_(new long(1)) { SecInvalidateHandle(&ctx_); }
  Counted(const Counted &o) : ctx_(o.ctx_), refs_(o.refs_) { ++*refs_; }
  ~Counted() {
    if (--*refs_ == 0) {
      DeleteSecurityContext(&ctx_);
      delete refs_;
    }
  }

private:
  CtxtHandle ctx_;
  long *refs_;
};

void counted(const Counted &a) { Counted b = a; }

// Elided copies: a temporary, and a named local returned (NRVO).
class Plain {
public:
  Plain() { SecInvalidateHandle(&ctx_); }
  ~Plain() { DeleteSecurityContext(&ctx_); }

private:
  CtxtHandle ctx_;
};

void use_plain(Plain p);
Plain make_plain() { return Plain(); }
Plain nrvo_plain() {
  Plain p;
  return p;
}
void elided() {
  use_plain(Plain());
  use_plain(make_plain());
  Plain a = make_plain();
  a = a;
}

// Copies in a template that is never instantiated, and a class template
// that is never instantiated.
template <class T> void never(const Plain &p) { Plain q = p; }
template <class T> class Holder {
public:
  ~Holder() { DeleteSecurityContext(&ctx_); }
  Holder<T> copy() const { return *this; }

private:
  CtxtHandle ctx_;
};

// A destructor the TU cannot see, and one that releases nothing.
class Elsewhere {
public:
  ~Elsewhere();

private:
  CtxtHandle ctx_;
};
class NoRelease {
public:
  ~NoRelease() { SecInvalidateHandle(&ctx_); }

private:
  CtxtHandle ctx_;
};
void unseen(const Elsewhere &e, const NoRelease &n) {
  Elsewhere f = e;
  NoRelease m = n;
}

// Passing by reference copies nothing.
void by_ref(const Plain &p);
void refs(Plain &p) {
  by_ref(p);
  Plain &r = p;
  by_ref(r);
}

// Copied, then replaced by a handle of the copy's own: a duplicated
// certificate context, a credential acquired again by a method.
class Certificate {
public:
  explicit Certificate(PCCERT_CONTEXT c) : cert_(c) {}
  Certificate(const Certificate &o) : cert_(o.cert_) {
    if (cert_)
      cert_ = CertDuplicateCertificateContext(cert_);
  }
  ~Certificate() {
    if (cert_)
      CertFreeCertificateContext(cert_);
  }

private:
  PCCERT_CONTEXT cert_;
};

class Renewed {
public:
  Renewed() { renew(); }
  Renewed(const Renewed &o) : cred_(o.cred_) { renew(); }
  ~Renewed() { FreeCredentialsHandle(&cred_); }

private:
  void renew() {
    TimeStamp ts;
    AcquireCredentialsHandleW(nullptr, (LPWSTR)L"Kerberos",
                              SECPKG_CRED_OUTBOUND, nullptr, nullptr, nullptr,
                              nullptr, &cred_, &ts);
  }
  CredHandle cred_;
};

void replaced(const Certificate &c, const Renewed &r) {
  Certificate d = c;
  Renewed s = r;
}
