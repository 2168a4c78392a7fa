// What decides ISC_REQ_ALLOCATE_MEMORY is the call's fContextReq, its input
// value: the same variable may also be passed as pfContextAttr and receive
// the attributes the package granted.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

int same_variable_leaks(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG flags = ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY;
  SECURITY_STATUS st = InitializeSecurityContextA(
      cred, NULL, NULL, flags, 0, 0, NULL, 0, ctx, &od, &flags, NULL);
  if (FAILED(st))
    return -1;
  if (send_token(out.pvBuffer, out.cbBuffer) < 0)
    return -2;
  // CHECK: request-flags.c:[[@LINE-1]]:5: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: request-flags.c:[[@LINE-7]]:24: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: request-flags.c:[[@LINE-6]]:7: note: assuming 'FAILED(st)' is false
  // CHECK: request-flags.c:[[@LINE-5]]:7: note: assuming 'send_token(out.pvBuffer, out.cbBuffer) < 0' is true
  FreeContextBuffer(out.pvBuffer);
  return 0;
}

/* The twin: the request has no ISC_REQ_ALLOCATE_MEMORY, the caller owns the
   token's memory, whatever attributes come back in the same variable. */
int same_variable_caller_memory_ok(CredHandle *cred, CtxtHandle *ctx) {
  char buf[4096];
  SecBuffer out = {sizeof buf, SECBUFFER_TOKEN, buf};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG flags = ISC_REQ_CONFIDENTIALITY;
  SECURITY_STATUS st = InitializeSecurityContextA(
      cred, NULL, NULL, flags, 0, 0, NULL, 0, ctx, &od, &flags, NULL);
  if (FAILED(st))
    return -1;
  if (send_token(out.pvBuffer, out.cbBuffer) < 0)
    return -2;
  return 0;
}

/* Request flags in a field the function set through a pointer, or in a
   constant field of a const configuration. */
struct conn {
  CredHandle cred;
  CtxtHandle ctx;
  ULONG isc_flags;
};
struct config {
  const char *package;
  ULONG isc_flags;
};
static const struct config kConfig = {
    "Negotiate", ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_MUTUAL_AUTH};

void reset_flags(struct conn *c);

int field_flags_leak(struct conn *c, SecBufferDesc *in) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  c->isc_flags = ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY;
  if (InitializeSecurityContextA(&c->cred, &c->ctx, NULL, c->isc_flags, 0, 0,
                                 in, 0, &c->ctx, &od, &attrs,
                                 NULL) != SEC_E_OK)
    return -1;
  return send_token(out.pvBuffer, out.cbBuffer);
  // CHECK: request-flags.c:[[@LINE-1]]:3: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: request-flags.c:[[@LINE-6]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: request-flags.c:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
}

int const_config_leaks(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, NULL, kConfig.isc_flags, 0, 0,
                                 NULL, 0, ctx, &od, &attrs, NULL) != SEC_E_OK)
    return -1;
  return send_token(out.pvBuffer, out.cbBuffer);
  // CHECK: request-flags.c:[[@LINE-1]]:3: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: request-flags.c:[[@LINE-5]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: request-flags.c:[[@LINE-6]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
}

/* The twins: the flags the field holds without ISC_REQ_ALLOCATE_MEMORY, and
   a field a call may have changed before the ISC call (unknown flags). */
int field_flags_caller_memory_ok(struct conn *c, SecBufferDesc *in) {
  char buf[4096];
  SecBuffer out = {sizeof buf, SECBUFFER_TOKEN, buf};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  c->isc_flags = ISC_REQ_CONFIDENTIALITY;
  if (InitializeSecurityContextA(&c->cred, &c->ctx, NULL, c->isc_flags, 0, 0,
                                 in, 0, &c->ctx, &od, &attrs,
                                 NULL) != SEC_E_OK)
    return -1;
  return send_token(out.pvBuffer, out.cbBuffer);
}

int field_flags_changed_ok(struct conn *c, SecBufferDesc *in) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  c->isc_flags = ISC_REQ_ALLOCATE_MEMORY;
  reset_flags(c);
  if (InitializeSecurityContextA(&c->cred, &c->ctx, NULL, c->isc_flags, 0, 0,
                                 in, 0, &c->ctx, &od, &attrs,
                                 NULL) != SEC_E_OK)
    return -1;
  return send_token(out.pvBuffer, out.cbBuffer);
}
