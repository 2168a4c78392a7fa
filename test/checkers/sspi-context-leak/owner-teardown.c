// Handles owned by objects: a function leaves a context in a 'struct conn'
// reached through its parameter (a creator); a function that frees the
// connection (a teardown) must delete it on every path, except where the
// path is decided by the handle's own validity: SecIsValidHandle, a NULL
// test of a pointer-to-handle field, a flag the creators set.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct conn {
  CredHandle *cred; /* the caller's */
  CtxtHandle ctx;
  CtxtHandle *pctx; /* allocated by the code */
  int have_ctx;
  int connected;
};

int conn_auth(struct conn *c, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(c->cred, NULL, "host", 0, 0, 0, NULL, 0, &c->ctx,
                                 out, &attrs, &ts) < 0)
    return -1;
  c->have_ctx = 1;
  c->pctx = malloc(sizeof(CtxtHandle));
  if (!c->pctx)
    return -1;
  if (InitializeSecurityContextA(c->cred, NULL, "host", 0, 0, 0, NULL, 0, c->pctx,
                                 out, &attrs, &ts) < 0) {
    free(c->pctx);
    c->pctx = NULL;
    return -1;
  }
  return 0;
}

void conn_connect(struct conn *c) { c->connected = 1; }

// Positive: the early return for an unconnected object skips both deletes.
void conn_free(struct conn *c) {
  if (!c->connected) {
    free(c);
    // CHECK: owner-teardown.c:[[@LINE-1]]:5: warning: security context '*c->pctx' is still live when 'c' is freed (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: owner-teardown.c:[[@LINE-16]]:7: note: security context '*c->pctx' (a field of 'struct conn') is created here by InitializeSecurityContextA in 'conn_auth'
    // CHECK: owner-teardown.c:[[@LINE-4]]:7: note: assuming '!c->connected' is true
    // CHECK: owner-teardown.c:[[@LINE-4]]:5: warning: security context 'c->ctx' is still live when 'c' is freed (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: owner-teardown.c:[[@LINE-26]]:7: note: security context 'c->ctx' (a field of 'struct conn') is created here by InitializeSecurityContextA in 'conn_auth'
    // CHECK: owner-teardown.c:[[@LINE-7]]:7: note: assuming '!c->connected' is true
    return;
  }
  if (c->have_ctx)
    DeleteSecurityContext(&c->ctx);
  // A pointer-to-handle field freed without deleting its context.
  free(c->pctx);
  // CHECK: owner-teardown.c:[[@LINE-1]]:3: warning: security context '*c->pctx' is still live when 'c->pctx' is freed (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: owner-teardown.c:[[@LINE-28]]:7: note: security context '*c->pctx' (a field of 'struct conn') is created here by InitializeSecurityContextA in 'conn_auth'
  // CHECK: owner-teardown.c:[[@LINE-16]]:7: note: assuming '!c->connected' is false
  free(c);
}
