// A context that is never deleted at all is a leak (sspi-context-leak), not
// an ordering problem: with only this check enabled, nothing is reported.
// RUN: %sspi_tidy_bin --checks=-*,sspi-credential-freed-before-context %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
// RUN: %sspi_tidy_bin --checks=-*,sspi-context-leak %s -- %win_flags 2>/dev/null | %FileCheck %s --check-prefix=LEAK
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int leaked(void) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  if (InitializeSecurityContextA(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  FreeCredentialsHandle(&cred);
  return 0;
  // LEAK: leaked-context.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
}
