// A first InitializeSecurityContext / AcceptSecurityContext whose status is
// tested against SEC_E_OK only: SEC_I_CONTINUE_NEEDED, the usual result of a
// first leg, has created the context, so a path that may have it holds the
// context (shared/sspi-semantics.md section 2, stance 3). The rarer success
// codes alone keep the maybe-owned stance.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(SecBufferDesc *out);

/* The shape: `!= SEC_E_OK` treated as failure. */
int first_leg_not_ok(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0,
                                                  NULL, 0, &ctx, out, &attrs,
                                                  NULL);
  if (st != SEC_E_OK)
    return -1;
    // CHECK: continue-needed.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: continue-needed.c:[[@LINE-6]]:24: note: security context 'ctx' created here by InitializeSecurityContextA; it exists when the call returns SEC_I_CONTINUE_NEEDED (the usual result of a first call), which this path does not rule out
    // CHECK: continue-needed.c:[[@LINE-4]]:7: note: assuming 'st != SEC_E_OK' is true
  send_token(out);
  DeleteSecurityContext(&ctx);
  return 0;
}

/* The server side, with a bare `if (st)` test. */
SECURITY_STATUS accept_first(CredHandle *cred, SecBufferDesc *in,
                             SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  SECURITY_STATUS st =
      AcceptSecurityContext(cred, NULL, in, 0, 0, &ctx, out, &attrs, NULL);
  if (st)
    return st;
    // CHECK: continue-needed.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: continue-needed.c:[[@LINE-4]]:7: note: security context 'ctx' created here by AcceptSecurityContext; it exists when the call returns SEC_I_CONTINUE_NEEDED (the usual result of a first call), which this path does not rule out
    // CHECK: continue-needed.c:[[@LINE-4]]:7: note: assuming 'st' is true
  DeleteSecurityContext(&ctx);
  return SEC_E_OK;
}

/* Success handled in the `if`, everything else treated as failure. */
int only_ok_is_success(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) == SEC_E_OK) {
    DeleteSecurityContext(&ctx);
    return 0;
  }
  return -1;
  // CHECK: continue-needed.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: continue-needed.c:[[@LINE-7]]:7: note: security context 'ctx' created here by InitializeSecurityContextA; it exists when the call returns SEC_I_CONTINUE_NEEDED (the usual result of a first call), which this path does not rule out
  // CHECK: continue-needed.c:[[@LINE-8]]:7: note: assuming 'InitializeSecurityContextA(...) == SEC_E_OK' is false
}

/* Negative: SEC_I_CONTINUE_NEEDED is ruled out on the failure return; the
   rare SEC_I_COMPLETE_* / SEC_I_INCOMPLETE_CREDENTIALS codes stay
   maybe-owned. */
int ok_or_continue(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0,
                                                  NULL, 0, &ctx, out, &attrs,
                                                  NULL);
  if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
    return -1;
  send_token(out);
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Negative: the not-OK side tests for SEC_I_CONTINUE_NEEDED itself and
   deletes there; what is left is a failure or a rare code. */
int nested_test(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0,
                                                  NULL, 0, &ctx, out, &attrs,
                                                  NULL);
  if (st != SEC_E_OK) {
    if (st == SEC_I_CONTINUE_NEEDED) {
      send_token(out);
      DeleteSecurityContext(&ctx);
      return 1;
    }
    return -1;
  }
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Negative: a cleanup block guarded by SecIsValidHandle after
   SecInvalidateHandle; the not-OK path jumps there. */
int guarded_cleanup(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  int rc = -1;
  SecInvalidateHandle(&ctx);
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0,
                                                  NULL, 0, &ctx, out, &attrs,
                                                  NULL);
  if (st != SEC_E_OK)
    goto done;
  rc = send_token(out);
done:
  if (SecIsValidHandle(&ctx))
    DeleteSecurityContext(&ctx);
  return rc;
}

/* Negative: the not-OK path deletes (a defensive delete of a maybe-created
   context). */
int deletes_on_error(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0,
                                                  NULL, 0, &ctx, out, &attrs,
                                                  NULL);
  if (st != SEC_E_OK) {
    DeleteSecurityContext(&ctx);
    return -1;
  }
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Negative: AcquireCredentialsHandle has no success code besides SEC_E_OK. */
int acquire_not_ok(void) {
  CredHandle cred;
  TimeStamp ts;
  SECURITY_STATUS st = AcquireCredentialsHandleA(
      NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cred,
      &ts);
  if (st != SEC_E_OK)
    return -1;
  FreeCredentialsHandle(&cred);
  return 0;
}

/* Negative: a first leg whose status is never tested stays maybe-owned (as
   before): nothing on this path says which status it had. */
int untested_first_leg(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx, out,
                             &attrs, NULL);
  return 0;
}
