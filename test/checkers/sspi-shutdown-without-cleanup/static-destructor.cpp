// C++: a singleton with static storage whose destructor is the shutdown
// point for the handles its methods acquire.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

class AuthServer {
public:
  bool start() {
    TimeStamp ts;
    return AcquireCredentialsHandleW(nullptr, const_cast<wchar_t *>(L"Negotiate"),
                                     SECPKG_CRED_INBOUND, nullptr, nullptr,
                                     nullptr, nullptr, &cred_, &ts) == SEC_E_OK;
  }
  bool accept(SecBufferDesc *in, SecBufferDesc *out) {
    TimeStamp ts;
    ULONG attrs;
    return AcceptSecurityContext(&cred_, nullptr, in, 0, 0, &ctx_, out, &attrs,
                                 &ts) >= 0;
  }
  ~AuthServer() { FreeCredentialsHandle(&cred_); }
  // The destructor is also a teardown of every AuthServer (sspi-context-leak):
  // CHECK: static-destructor.cpp:[[@LINE-2]]:50: warning: security context 'ctx_' is never deleted on this path of '~AuthServer', which tears down its 'AuthServer' (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: static-destructor.cpp:[[@LINE-6]]:12: note: security context 'ctx_' (a field of 'AuthServer') is created here by AcceptSecurityContext in 'accept'
  // CHECK: static-destructor.cpp:[[@LINE-4]]:50: warning: security context 'ctx_' is still live when shutdown entry point '~AuthServer' returns; delete it with DeleteSecurityContext before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: static-destructor.cpp:[[@LINE-8]]:12: note: security context 'ctx_' created here by AcceptSecurityContext
  // CHECK: static-destructor.cpp:[[@LINE+7]]:19: note: 'g_server' has static storage: its destructor runs at exit or when the DLL unloads

private:
  CredHandle cred_;
  CtxtHandle ctx_;
};

static AuthServer g_server;

class GoodServer {
public:
  bool start() {
    TimeStamp ts;
    return AcquireCredentialsHandleW(nullptr, const_cast<wchar_t *>(L"Kerberos"),
                                     SECPKG_CRED_INBOUND, nullptr, nullptr,
                                     nullptr, nullptr, &cred_, &ts) == SEC_E_OK;
  }
  ~GoodServer() {
    if (SecIsValidHandle(&cred_))
      FreeCredentialsHandle(&cred_);
  }

private:
  CredHandle cred_;
};

static GoodServer g_good;
