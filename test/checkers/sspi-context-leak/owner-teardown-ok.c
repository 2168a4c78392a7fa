// Handles owned by objects: teardowns that are right, and the shapes left
// silent because the teardown is not the one that answers for the handle.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct conn {
  CredHandle cred;
  CtxtHandle ctx;
  CtxtHandle *pctx;
  int have_ctx;
};

int conn_auth(struct conn *c, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &c->cred, &ts) != SEC_E_OK)
    return -1;
  if (InitializeSecurityContextA(&c->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                 &c->ctx, out, &attrs, &ts) < 0)
    return -1;
  c->have_ctx = 1;
  c->pctx = malloc(sizeof(CtxtHandle));
  if (!c->pctx)
    return -1;
  return InitializeSecurityContextA(&c->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                    c->pctx, out, &attrs, &ts);
}

// Guarded by the handles' validity: SecIsValidHandle, the flag conn_auth
// sets where it creates the context, the pointer-to-handle field's NULL
// test.
void conn_free(struct conn *c) {
  if (!c)
    return;
  if (c->have_ctx) {
    DeleteSecurityContext(&c->ctx);
    c->have_ctx = 0;
  }
  if (c->pctx) {
    DeleteSecurityContext(c->pctx);
    free(c->pctx);
  }
  if (SecIsValidHandle(&c->cred))
    FreeCredentialsHandle(&c->cred);
  free(c);
}

// Through a helper of the file that releases what it is given.
static void drop_context(CtxtHandle *h) {
  if (SecIsValidHandle(h))
    DeleteSecurityContext(h);
}
void conn_destroy(struct conn *c) {
  drop_context(&c->ctx);
  drop_context(c->pctx);
  free(c->pctx);
  FreeCredentialsHandle(&c->cred);
  free(c);
}

// Handed to a function defined elsewhere: it may release them.
void release_session(struct conn *c);
void conn_close(struct conn *c) {
  release_session(c);
  free(c);
}

// A reference count: the last release is not this call's alone.
struct shared {
  CredHandle cred;
  int refs;
};
int shared_acquire(struct shared *s) {
  TimeStamp ts;
  return AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                   NULL, NULL, NULL, NULL, &s->cred, &ts);
}
void shared_release(struct shared *s) {
  if (--s->refs > 0)
    return;
  FreeCredentialsHandle(&s->cred);
  free(s);
}

// The work is shared: one cleanup deletes the context, another frees the
// credential; neither is reported for the handle the other releases.
struct session {
  CredHandle cred;
  CtxtHandle ctx;
};
int session_start(struct session *s, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  if (AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &s->cred, &ts) != SEC_E_OK)
    return -1;
  return InitializeSecurityContextA(&s->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                    &s->ctx, out, &attrs, &ts);
}
void session_close(struct session *s) { DeleteSecurityContext(&s->ctx); }
void session_free(struct session *s) {
  FreeCredentialsHandle(&s->cred);
  free(s);
}

// A teardown that leaves the context for the caller to decide.
void session_release(struct session *s, int keep_context) {
  if (!keep_context)
    DeleteSecurityContext(&s->ctx);
  FreeCredentialsHandle(&s->cred);
}

// The handles move into another object before the connection is freed: the
// other object answers for them now.
struct pool_entry {
  CredHandle cred;
  CtxtHandle ctx;
  CtxtHandle *pctx;
};
void conn_park(struct conn *c, struct pool_entry *e) {
  e->cred = c->cred;
  e->ctx = c->ctx;
  e->pctx = c->pctx;
  free(c);
}
