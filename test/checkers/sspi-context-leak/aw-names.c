// The generic names (UNICODE selects the W functions), and the A and W
// names spelled out.
// RUN: %sspi_tidy %s -- %win_flags -DUNICODE 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int check(void);

int generic_names(void) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (AcquireCredentialsHandle(NULL, (LPWSTR)L"Negotiate", SECPKG_CRED_OUTBOUND,
                               NULL, NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  if (InitializeSecurityContext(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                &attrs, &ts) < 0) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  if (check()) {
    FreeCredentialsHandle(&cred);
    return 1;
    // CHECK: aw-names.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: aw-names.c:[[@LINE-9]]:7: note: security context 'ctx' created here by InitializeSecurityContextW
    // CHECK: aw-names.c:[[@LINE-10]]:7: note: assuming 'InitializeSecurityContext(...) < 0' is false
    // CHECK: aw-names.c:[[@LINE-6]]:7: note: assuming 'check()' is true
    // CHECK: aw-names.c:[[@LINE-6]]:5: note: credential 'cred' freed here while 'ctx' is still live
  }
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}

int ansi_names(CredHandle *cred) {
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
  return check();
  // CHECK: aw-names.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: aw-names.c:[[@LINE-5]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: aw-names.c:[[@LINE-6]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
}

int wide_names(CredHandle *cred) {
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (InitializeSecurityContextW(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
  DeleteSecurityContext(&ctx);
  return check();
}
