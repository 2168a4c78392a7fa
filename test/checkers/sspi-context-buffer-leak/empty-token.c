// An output token whose size comes back 0 holds no package memory, even
// when the code set cbBuffer before the call; a non-empty one must be freed.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

int empty_token_ok(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer ob;
  SecBufferDesc od;
  ULONG attrs;
  ob.BufferType = SECBUFFER_TOKEN;
  ob.cbBuffer = 0;
  ob.pvBuffer = NULL;
  od.ulVersion = SECBUFFER_VERSION;
  od.cBuffers = 1;
  od.pBuffers = &ob;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (ob.cbBuffer != 0) {
    int rc = send_token(ob.pvBuffer, ob.cbBuffer);
    FreeContextBuffer(ob.pvBuffer);
    return rc;
  }
  return 0;
}

int non_empty_leaks(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer ob = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob};
  ULONG attrs;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (ob.cbBuffer == 0)
    return 0;
  return send_token(ob.pvBuffer, ob.cbBuffer);
  // CHECK: empty-token.c:[[@LINE-1]]:3: warning: buffer 'ob.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: empty-token.c:[[@LINE-7]]:7: note: buffer 'ob.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: empty-token.c:[[@LINE-8]]:7: note: assuming 'FAILED(...)' is false
  // CHECK: empty-token.c:[[@LINE-6]]:7: note: assuming 'ob.cbBuffer == 0' is false
}
