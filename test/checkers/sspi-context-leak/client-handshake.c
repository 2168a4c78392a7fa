// Client handshakes: correct loops stay silent, a failure on a later leg or
// on a non-SSPI step after the first leg leaks the context.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);
int recv_token(void *buf, unsigned long *len);

/* Correct: the `first ? NULL : &ctx` loop, every exit deletes. */
int handshake_ok(CredHandle *cred, const wchar_t *target) {
  CtxtHandle ctx;
  SecBuffer inb = {0}, outb = {0};
  SecBufferDesc in = {SECBUFFER_VERSION, 1, &inb};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  TimeStamp expiry;
  BOOL first = TRUE;
  SECURITY_STATUS st;
  do {
    st = InitializeSecurityContextW(cred, first ? NULL : &ctx, (SEC_WCHAR *)target,
                                    ISC_REQ_CONFIDENTIALITY, 0,
                                    SECURITY_NATIVE_DREP, first ? NULL : &in, 0,
                                    &ctx, &out, &attrs, &expiry);
    if (FAILED(st)) {
      if (!first)
        DeleteSecurityContext(&ctx);
      return -1;
    }
    first = FALSE;
    if (send_token(outb.pvBuffer, outb.cbBuffer) < 0) {
      DeleteSecurityContext(&ctx);
      return -1;
    }
    if (st == SEC_I_CONTINUE_NEEDED && recv_token(inb.pvBuffer, &inb.cbBuffer) < 0) {
      DeleteSecurityContext(&ctx);
      return -1;
    }
  } while (st == SEC_I_CONTINUE_NEEDED);
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Correct: a PCtxtHandle that starts NULL and points at ctx after leg 1. */
int handshake_pointer_ok(CredHandle *cred) {
  CtxtHandle ctx;
  PCtxtHandle pctx = NULL;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp expiry;
  SECURITY_STATUS st;
  for (;;) {
    st = InitializeSecurityContextW(cred, pctx, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &expiry);
    if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED) {
      if (pctx)
        DeleteSecurityContext(pctx);
      return -1;
    }
    pctx = &ctx;
    if (st == SEC_E_OK)
      break;
  }
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Leak: a later leg fails and the loop returns without deleting. */
int handshake_later_leg_fails(CredHandle *cred) {
  CtxtHandle ctx;
  PCtxtHandle pctx = NULL;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp expiry;
  SECURITY_STATUS st;
  for (;;) {
    st = InitializeSecurityContextW(cred, pctx, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &expiry);
    if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
      return -1;
      // CHECK: client-handshake.c:[[@LINE-1]]:7: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
      // CHECK: client-handshake.c:[[@LINE-5]]:10: note: security context 'ctx' created here by InitializeSecurityContextW
      // CHECK: client-handshake.c:[[@LINE-4]]:9: note: assuming 'st != SEC_E_OK' is true
      // CHECK: client-handshake.c:[[@LINE-5]]:27: note: assuming 'st != SEC_I_CONTINUE_NEEDED' is false
      // CHECK: client-handshake.c:[[@LINE-8]]:10: note: InitializeSecurityContextW continues the handshake on 'ctx'; the context must be deleted even if this fails
      // CHECK: client-handshake.c:[[@LINE-7]]:9: note: assuming 'st != SEC_E_OK' is true
      // CHECK: client-handshake.c:[[@LINE-8]]:27: note: assuming 'st != SEC_I_CONTINUE_NEEDED' is true
    pctx = &ctx;
    if (st == SEC_E_OK)
      break;
  }
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Leak: the first leg succeeded, sending its token failed. */
int handshake_send_fails(CredHandle *cred) {
  CtxtHandle ctx;
  SecBuffer outb;
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  TimeStamp expiry;
  SECURITY_STATUS st = InitializeSecurityContextW(
      cred, NULL, NULL, 0, 0, SECURITY_NATIVE_DREP, NULL, 0, &ctx, &out,
      &attrs, &expiry);
  if (st < 0)
    return -1;
  if (send_token(outb.pvBuffer, outb.cbBuffer) < 0)
    return -2;
    // CHECK: client-handshake.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: client-handshake.c:[[@LINE-8]]:24: note: security context 'ctx' created here by InitializeSecurityContextW
    // CHECK: client-handshake.c:[[@LINE-6]]:7: note: assuming 'st < 0' is false
    // CHECK: client-handshake.c:[[@LINE-5]]:7: note: assuming 'send_token(outb.pvBuffer, outb.cbBuffer) < 0' is true
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Silent: the first leg failed, so no context exists to delete. */
int first_leg_fails(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp expiry;
  if (InitializeSecurityContextW(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &expiry) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Silent: reauthentication on an established context is a later leg. */
int reauthenticate(CredHandle *cred, CtxtHandle *established) {
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp expiry;
  SECURITY_STATUS st = InitializeSecurityContextW(
      cred, established, NULL, 0, 0, 0, NULL, 0, established, &out, &attrs,
      &expiry);
  return st == SEC_E_OK ? 0 : -1;
}

int exchange(SecBufferDesc *out, SecBufferDesc *in);

/* Leak: the input descriptor is chosen with `?:` in a later argument; the
   second leg fails and the loop returns without deleting. */
int pointer_and_conditional_argument(CredHandle *cred) {
  CtxtHandle ctx;
  PCtxtHandle pctx = NULL;
  SecBufferDesc out, in;
  ULONG attrs;
  SECURITY_STATUS st;
  do {
    st = InitializeSecurityContextW(cred, pctx, NULL, 0, 0, 0,
                                    pctx ? &in : NULL, 0, &ctx, &out, &attrs,
                                    NULL);
    if (FAILED(st))
      return -1;
      // CHECK: client-handshake.c:[[@LINE-1]]:7: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
      // CHECK: client-handshake.c:[[@LINE-6]]:10: note: security context 'ctx' created here by InitializeSecurityContextW
      // CHECK: client-handshake.c:[[@LINE-4]]:9: note: assuming 'FAILED(st)' is false
      // CHECK: client-handshake.c:[[@LINE+5]]:9: note: assuming 'exchange(&out, &in) != 0' is false
      // CHECK: client-handshake.c:[[@LINE+6]]:12: note: assuming 'st == SEC_I_CONTINUE_NEEDED' is true
      // CHECK: client-handshake.c:[[@LINE-10]]:10: note: InitializeSecurityContextW continues the handshake on 'ctx'; the context must be deleted even if this fails
      // CHECK: client-handshake.c:[[@LINE-8]]:9: note: assuming 'FAILED(st)' is true
    pctx = &ctx;
    if (exchange(&out, &in) != 0)
      break;
  } while (st == SEC_I_CONTINUE_NEEDED);
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Schannel style: the new-context argument is NULL after the first leg.
   A read error after the first leg leaks the context. */
int schannel_null_new_context(CredHandle *cred, SecBufferDesc *in,
                              SecBufferDesc *out) {
  CtxtHandle ctx;
  BOOL have = FALSE;
  ULONG attrs;
  SECURITY_STATUS st;
  for (;;) {
    st = InitializeSecurityContextA(cred, have ? &ctx : NULL, (SEC_CHAR *)"host",
                                    0, 0, 0, have ? in : NULL, 0,
                                    have ? NULL : &ctx, out, &attrs, NULL);
    if (FAILED(st))
      break;
    have = TRUE;
    if (st == SEC_E_OK)
      break;
    if (exchange(out, in) != 0)
      return -1;
      // CHECK: client-handshake.c:[[@LINE-1]]:7: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
      // CHECK: client-handshake.c:[[@LINE-11]]:10: note: security context 'ctx' created here by InitializeSecurityContextA
      // CHECK: client-handshake.c:[[@LINE-9]]:9: note: assuming 'FAILED(st)' is false
      // CHECK: client-handshake.c:[[@LINE-7]]:9: note: assuming 'st == SEC_E_OK' is false
      // CHECK: client-handshake.c:[[@LINE-6]]:9: note: assuming 'exchange(out, in) != 0' is true
  }
  if (have)
    DeleteSecurityContext(&ctx);
  return st == SEC_E_OK ? 0 : -1;
}
