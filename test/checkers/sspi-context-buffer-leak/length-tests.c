// The token's length tested with '> 0' (or '0 <') is the same test as
// '!= 0': cbBuffer is unsigned, so a token whose length is not above 0 is
// empty and holds no package memory; '<= 0' is the opposite test.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

int greater_than_zero_ok(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (out.cbBuffer > 0) {
    send_token(out.pvBuffer, out.cbBuffer);
    FreeContextBuffer(out.pvBuffer);
  }
  return 0;
}

int zero_less_than_ok(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (0 < out.cbBuffer)
    FreeContextBuffer(out.pvBuffer);
  return 0;
}

int at_most_zero_ok(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (out.cbBuffer <= 0)
    return 0;
  send_token(out.pvBuffer, out.cbBuffer);
  FreeContextBuffer(out.pvBuffer);
  return 1;
}

/* The twin: a non-empty token that is sent and never freed. */
int greater_than_zero_leaks(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (out.cbBuffer > 0)
    send_token(out.pvBuffer, out.cbBuffer);
  return 0;
  // CHECK: length-tests.c:[[@LINE-1]]:3: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: length-tests.c:[[@LINE-7]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: length-tests.c:[[@LINE-8]]:7: note: assuming 'FAILED(...)' is false
  // CHECK: length-tests.c:[[@LINE-6]]:7: note: assuming 'out.cbBuffer > 0' is true
}

/* '<= 0' false: the token is there, and this path forgets it. */
int at_most_zero_leaks(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc od = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  if (FAILED(InitializeSecurityContextA(cred, NULL, NULL, ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, NULL, 0, ctx, &od, &attrs, NULL)))
    return -1;
  if (out.cbBuffer <= 0)
    return 0;
  if (send_token(out.pvBuffer, out.cbBuffer) < 0)
    return -2;
  // CHECK: length-tests.c:[[@LINE-1]]:5: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: length-tests.c:[[@LINE-8]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: length-tests.c:[[@LINE-9]]:7: note: assuming 'FAILED(...)' is false
  // CHECK: length-tests.c:[[@LINE-7]]:7: note: assuming 'out.cbBuffer <= 0' is false
  // CHECK: length-tests.c:[[@LINE-6]]:7: note: assuming 'send_token(out.pvBuffer, out.cbBuffer) < 0' is true
  FreeContextBuffer(out.pvBuffer);
  return 1;
}
