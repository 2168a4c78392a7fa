// Server side: AcceptSecurityContext loops, impersonation, and a server
// that forgets the partially created context when the exchange fails on a
// later leg.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int read_token(SecBuffer *b);
int write_token(const SecBuffer *b);

int serve_ok(CredHandle *cred) {
  CtxtHandle ctx;
  SecBuffer inb, outb;
  SecBufferDesc in = {SECBUFFER_VERSION, 1, &inb};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  TimeStamp ts;
  BOOL have_ctx = FALSE;
  SECURITY_STATUS st;
  do {
    if (read_token(&inb) < 0)
      break;
    st = AcceptSecurityContext(cred, have_ctx ? &ctx : NULL, &in,
                               ASC_REQ_CONFIDENTIALITY, SECURITY_NATIVE_DREP,
                               &ctx, &out, &attrs, &ts);
    if (FAILED(st))
      break;
    have_ctx = TRUE;
    if (write_token(&outb) < 0)
      break;
  } while (st == SEC_I_CONTINUE_NEEDED);
  if (have_ctx) {
    if (ImpersonateSecurityContext(&ctx) == SEC_E_OK)
      RevertSecurityContext(&ctx);
    DeleteSecurityContext(&ctx);
  }
  return 0;
}

/* "If the security context cannot be established, the server must free the
   partially created context": a failure on the second leg leaks it here. */
int serve_later_failure_leaks(CredHandle *cred) {
  CtxtHandle ctx;
  SecBuffer inb, outb;
  SecBufferDesc in = {SECBUFFER_VERSION, 1, &inb};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st;
  st = AcceptSecurityContext(cred, NULL, &in, 0, SECURITY_NATIVE_DREP, &ctx,
                             &out, &attrs, &ts);
  if (st != SEC_I_CONTINUE_NEEDED)
    return -1;
  if (write_token(&outb) < 0 || read_token(&inb) < 0) {
    DeleteSecurityContext(&ctx);
    return -1;
  }
  st = AcceptSecurityContext(cred, &ctx, &in, 0, SECURITY_NATIVE_DREP, &ctx,
                             &out, &attrs, &ts);
  if (st != SEC_E_OK)
    return -1;
    // CHECK: server.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: server.c:[[@LINE-13]]:8: note: security context 'ctx' created here by AcceptSecurityContext
    // CHECK: server.c:[[@LINE-12]]:7: note: assuming 'st != SEC_I_CONTINUE_NEEDED' is false
    // CHECK: server.c:[[@LINE-11]]:7: note: assuming 'write_token(&outb) < 0' is false
    // CHECK: server.c:[[@LINE-12]]:33: note: assuming 'read_token(&inb) < 0' is false
    // CHECK: server.c:[[@LINE-9]]:8: note: AcceptSecurityContext continues the handshake on 'ctx'; the context must be deleted even if this fails
    // CHECK: server.c:[[@LINE-8]]:7: note: assuming 'st != SEC_E_OK' is true
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Schannel: SEC_E_INCOMPLETE_MESSAGE on the first call leaves it unknown
   whether a context exists; no report either way. */
int schannel_incomplete(CredHandle *cred) {
  CtxtHandle ctx;
  SecBuffer inb, outb;
  SecBufferDesc in = {SECBUFFER_VERSION, 1, &inb};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = AcceptSecurityContext(cred, NULL, &in, 0, 0, &ctx, &out,
                                             &attrs, &ts);
  if (st == SEC_E_INCOMPLETE_MESSAGE)
    return 1;
  if (FAILED(st))
    return -1;
  DeleteSecurityContext(&ctx);
  return 0;
}
