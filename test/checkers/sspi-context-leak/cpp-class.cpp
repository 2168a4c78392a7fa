// C++: a class that owns its handles and releases them in its destructor,
// an RAII guard, a lambda that deletes, a throw that leaks, a template.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

class SspiClient {
public:
  SspiClient() {
    SecInvalidateHandle(&cred_);
    SecInvalidateHandle(&ctx_);
  }
  ~SspiClient() {
    if (SecIsValidHandle(&ctx_))
      DeleteSecurityContext(&ctx_);
    if (SecIsValidHandle(&cred_))
      FreeCredentialsHandle(&cred_);
  }
  bool start() {
    TimeStamp ts;
    if (AcquireCredentialsHandleW(nullptr, const_cast<wchar_t *>(L"Negotiate"),
                                  SECPKG_CRED_OUTBOUND, nullptr, nullptr,
                                  nullptr, nullptr, &cred_, &ts) != SEC_E_OK)
      return false;
    SecBufferDesc out;
    ULONG attrs;
    SECURITY_STATUS st = InitializeSecurityContextW(
        &cred_, nullptr, nullptr, 0, 0, 0, nullptr, 0, &ctx_, &out, &attrs, &ts);
    return SUCCEEDED(st);
  }

private:
  CredHandle cred_;
  CtxtHandle ctx_;
};

struct ContextGuard {
  CtxtHandle *h;
  explicit ContextGuard(CtxtHandle *p) : h(p) {}
  ~ContextGuard() { DeleteSecurityContext(h); }
};

int with_guard(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                 &ctx, &out, &attrs, &ts) < 0)
    return -1;
  ContextGuard guard(&ctx);
  return send_token(nullptr, 0);
}

int with_lambda(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                 &ctx, &out, &attrs, &ts) < 0)
    return -1;
  auto cleanup = [&] { DeleteSecurityContext(&ctx); };
  cleanup();
  return 0;
}

int throws_before_delete(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                 &ctx, &out, &attrs, &ts) < 0)
    return -1;
  if (send_token(nullptr, 0) < 0)
    throw 42;
    // CHECK: cpp-class.cpp:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: cpp-class.cpp:[[@LINE-6]]:7: note: security context 'ctx' created here by InitializeSecurityContextW
    // CHECK: cpp-class.cpp:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextW(...) < 0' is false
    // CHECK: cpp-class.cpp:[[@LINE-5]]:7: note: assuming 'send_token(nullptr, 0) < 0' is true
  DeleteSecurityContext(&ctx);
  return 0;
}

template <typename T> int templated(CredHandle *cred, T early) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                 &ctx, &out, &attrs, &ts) < 0)
    return -1;
  if (early)
    return 1;
    // CHECK: cpp-class.cpp:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: cpp-class.cpp:[[@LINE-6]]:7: note: security context 'ctx' created here by InitializeSecurityContextW
    // CHECK: cpp-class.cpp:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextW(...) < 0' is false
    // CHECK: cpp-class.cpp:[[@LINE-5]]:7: note: assuming 'early' is true
  DeleteSecurityContext(&ctx);
  return 0;
}

int instantiate(CredHandle *c) { return templated(c, 1) + templated(c, 'x'); }
