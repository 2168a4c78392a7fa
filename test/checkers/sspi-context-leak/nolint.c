// NOLINT and NOLINTNEXTLINE silence a finding like any clang-tidy check.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

int suppressed(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    return -1;
  if (send_token(NULL, 0) < 0)
    return -1; // NOLINT(sspi-context-leak)
  // NOLINTNEXTLINE(sspi-context-leak)
  return 0;
}

int not_suppressed(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    return -1;
  return 0; // NOLINT(sspi-credential-leak)
  // CHECK: nolint.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: nolint.c:[[@LINE-5]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: nolint.c:[[@LINE-6]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
}
