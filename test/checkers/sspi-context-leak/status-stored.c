// A status kept in a variable and tested later, copied, or tested directly
// in the condition that contains the call.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

void trace(const char *msg);

/* The status is tested two statements later: the failure path is silent. */
int stored_then_tested(CredHandle *cred, int verbose) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL,
                                                  0, &ctx, &out, &attrs, &ts);
  if (verbose)
    trace("isc returned");
  SECURITY_STATUS saved = st;
  if (saved != SEC_E_OK && saved != SEC_I_CONTINUE_NEEDED)
    return -1;
  if (verbose)
    return 1;
    // CHECK: status-stored.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: status-stored.c:[[@LINE-10]]:24: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: status-stored.c:[[@LINE-6]]:7: note: assuming 'saved != SEC_E_OK' is false
  DeleteSecurityContext(&ctx);
  return 0;
}

/* The status is tested inside the call's own condition. */
int tested_in_condition(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st;
  if ((st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                       &out, &attrs, &ts)) < 0)
    return -1;
  trace("established");
  return 0;
  // CHECK: status-stored.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-stored.c:[[@LINE-6]]:13: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-stored.c:[[@LINE-7]]:7: note: assuming '(st = InitializeSecurityContextA(...)) < 0' is false
}

/* A later assignment to the status variable ends the correlation: the
   context created above stays unresolved (no report, no guess). */
int status_overwritten(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL,
                                                  0, &ctx, &out, &attrs, &ts);
  st = SEC_E_OK;
  if (st != SEC_E_OK)
    return -1;
  return 0;
}

/* The status is never examined, but the context is used afterwards: the
   code assumes it exists, so it must be deleted. */
int used_without_check(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SecPkgContext_Sizes sizes;
  InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                             &attrs, &ts);
  QueryContextAttributesA(&ctx, SECPKG_ATTR_SIZES, &sizes);
  return (int)sizes.cbMaxToken;
  // CHECK: status-stored.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-stored.c:[[@LINE-5]]:3: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-stored.c:[[@LINE-4]]:3: note: 'ctx' is used here without checking that its creation succeeded
}
