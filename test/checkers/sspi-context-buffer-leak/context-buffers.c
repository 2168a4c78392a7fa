// Memory the security package allocated must go back with FreeContextBuffer:
// ISC/ASC output tokens under *_REQ_ALLOCATE_MEMORY, QueryContextAttributes
// members for attributes that allocate, package info.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);
int take_ownership(void *buf);

int token_leaks(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer outb = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(
      cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY, 0, 0,
      NULL, 0, ctx, &out, &attrs, NULL);
  if (FAILED(st))
    return -1;
  if (send_token(outb.pvBuffer, outb.cbBuffer) < 0)
    return -2;
    // CHECK: context-buffers.c:[[@LINE-1]]:5: warning: buffer 'outb.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
    // CHECK: context-buffers.c:[[@LINE-8]]:24: note: buffer 'outb.pvBuffer' allocated here by InitializeSecurityContextA
    // CHECK: context-buffers.c:[[@LINE-6]]:7: note: assuming 'FAILED(st)' is false
    // CHECK: context-buffers.c:[[@LINE-5]]:7: note: assuming 'send_token(outb.pvBuffer, outb.cbBuffer) < 0' is true
  FreeContextBuffer(outb.pvBuffer);
  return 0;
}

/* The flag through a variable. */
int flag_in_variable(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer outb;
  SecBufferDesc out;
  ULONG attrs;
  ULONG req = ISC_REQ_CONFIDENTIALITY;
  req |= 0;
  ULONG flags = ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_MUTUAL_AUTH;
  out.ulVersion = SECBUFFER_VERSION;
  out.cBuffers = 1;
  out.pBuffers = &outb;
  if (InitializeSecurityContextW(cred, NULL, NULL, flags, 0, 0, NULL, 0, ctx,
                                 &out, &attrs, NULL) != SEC_E_OK)
    return -1;
  return (int)outb.cbBuffer;
  // CHECK: context-buffers.c:[[@LINE-1]]:3: warning: buffer 'outb.pvBuffer' allocated by InitializeSecurityContextW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: context-buffers.c:[[@LINE-5]]:7: note: buffer 'outb.pvBuffer' allocated here by InitializeSecurityContextW
  // CHECK: context-buffers.c:[[@LINE-6]]:7: note: assuming 'InitializeSecurityContextW(...) != SEC_E_OK' is false
}

/* Freed: silent. */
int token_freed_ok(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer outb = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(
      cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, 0, NULL, 0, ctx, &out,
      &attrs, NULL);
  if (FAILED(st))
    return -1;
  int rc = send_token(outb.pvBuffer, outb.cbBuffer);
  FreeContextBuffer(outb.pvBuffer);
  return rc;
}

/* Without the flag the caller supplied the memory: nothing to free. */
int caller_memory_ok(CredHandle *cred, CtxtHandle *ctx) {
  char token[4096];
  SecBuffer outb = {sizeof token, SECBUFFER_TOKEN, token};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_CONFIDENTIALITY, 0, 0,
                                 NULL, 0, ctx, &out, &attrs, NULL) != SEC_E_OK)
    return -1;
  return send_token(outb.pvBuffer, outb.cbBuffer);
}

/* Handed to a function that may keep it (not `const`): silent. */
int handed_over_ok(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer outb = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY, 0, 0,
                                 NULL, 0, ctx, &out, &attrs, NULL) != SEC_E_OK)
    return -1;
  return take_ownership(outb.pvBuffer);
}

/* A loop that calls ISC again before freeing the previous token. */
int token_overwritten(CredHandle *cred, CtxtHandle *ctx, SecBufferDesc *in) {
  SecBuffer outb = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  ULONG attrs;
  SECURITY_STATUS st;
  do {
    // CHECK: context-buffers.c:[[@LINE+4]]:10: warning: buffer 'outb.pvBuffer' allocated by InitializeSecurityContextA is overwritten while still allocated (missing FreeContextBuffer) [sspi-context-buffer-leak]
    // CHECK: context-buffers.c:[[@LINE+3]]:10: note: buffer 'outb.pvBuffer' allocated here by InitializeSecurityContextA
    // CHECK: context-buffers.c:[[@LINE+4]]:9: note: assuming 'FAILED(st)' is false
    // CHECK: context-buffers.c:[[@LINE+6]]:12: note: assuming 'st == SEC_I_CONTINUE_NEEDED' is true
    st = InitializeSecurityContextA(cred, ctx, NULL, ISC_REQ_ALLOCATE_MEMORY, 0,
                                    0, in, 0, ctx, &out, &attrs, NULL);
    if (FAILED(st))
      return -1;
    send_token(outb.pvBuffer, outb.cbBuffer);
  } while (st == SEC_I_CONTINUE_NEEDED);
  FreeContextBuffer(outb.pvBuffer);
  return 0;
}

/* Server: ASC with an array of output buffers, freed by element. */
int server_array_ok(CredHandle *cred, CtxtHandle *ctx, SecBufferDesc *in) {
  SecBuffer outbufs[2];
  SecBufferDesc out = {SECBUFFER_VERSION, 2, outbufs};
  ULONG attrs;
  TimeStamp ts;
  if (AcceptSecurityContext(cred, NULL, in, ASC_REQ_ALLOCATE_MEMORY, 0, ctx,
                            &out, &attrs, &ts) != SEC_E_OK)
    return -1;
  send_token(outbufs[0].pvBuffer, outbufs[0].cbBuffer);
  FreeContextBuffer(outbufs[0].pvBuffer);
  return 0;
}

int server_array_leaks(CredHandle *cred, CtxtHandle *ctx, SecBufferDesc *in) {
  SecBuffer outbufs[2];
  SecBufferDesc out = {SECBUFFER_VERSION, 2, outbufs};
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = AcceptSecurityContext(cred, NULL, in,
                                             ASC_REQ_ALLOCATE_MEMORY, 0, ctx,
                                             &out, &attrs, &ts);
  switch (st) {
  case SEC_E_OK:
  case SEC_I_CONTINUE_NEEDED:
    if (send_token(outbufs[0].pvBuffer, outbufs[0].cbBuffer) < 0)
      return -1;
      // CHECK: context-buffers.c:[[@LINE-1]]:7: warning: buffer 'outbufs[].pvBuffer' allocated by AcceptSecurityContext is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
      // CHECK: context-buffers.c:[[@LINE-9]]:24: note: buffer 'outbufs[].pvBuffer' allocated here by AcceptSecurityContext
      // CHECK: context-buffers.c:[[@LINE-5]]:3: note: taking 'case SEC_I_CONTINUE_NEEDED:'
      // CHECK: context-buffers.c:[[@LINE-5]]:9: note: assuming 'send_token(outbufs[0].pvBuffer, outbufs[0].cbBuffer) < 0' is true
    FreeContextBuffer(outbufs[0].pvBuffer);
    return 0;
  default:
    return -1;
  }
}
