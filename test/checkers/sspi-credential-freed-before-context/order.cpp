// C++: the same rule in a function using C++ code and nullptr.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

bool authenticate(const wchar_t *target) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (AcquireCredentialsHandleW(nullptr, const_cast<wchar_t *>(L"Negotiate"),
                                SECPKG_CRED_OUTBOUND, nullptr, nullptr, nullptr,
                                nullptr, &cred, &ts) != SEC_E_OK)
    return false;
  SECURITY_STATUS st = InitializeSecurityContextW(
      &cred, nullptr, const_cast<wchar_t *>(target), 0, 0, 0, nullptr, 0, &ctx,
      &out, &attrs, &ts);
  FreeCredentialsHandle(&cred);
  // CHECK: order.cpp:[[@LINE-1]]:3: warning: credential 'cred' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: order.cpp:[[@LINE-5]]:24: note: security context 'ctx' created from 'cred' here by InitializeSecurityContextW
  // CHECK: order.cpp:[[@LINE+2]]:7: note: assuming 'st >= 0' is true
  // CHECK: order.cpp:[[@LINE+2]]:5: note: 'ctx' is deleted only here, after its credential
  if (st >= 0)
    DeleteSecurityContext(&ctx);
  return st == SEC_E_OK;
}
