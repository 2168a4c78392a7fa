// Double release over an object's lifetime: one function releases a field
// and leaves it as it was; the object's teardown releases it again without
// testing the object's state. Reset (SecInvalidateHandle, a flag or pointer
// cleared) or tested, it is silent.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct conn {
  CredHandle *cred;
  CtxtHandle ctx;
};

int conn_auth(struct conn *c, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  return InitializeSecurityContextA(c->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                    &c->ctx, out, &attrs, &ts);
}

// On a success path the context is deleted, and kept as it was.
int conn_logout(struct conn *c) {
  DeleteSecurityContext(&c->ctx);
  return 0;
}

void conn_free(struct conn *c) {
  DeleteSecurityContext(&c->ctx);
  // CHECK: owner-lifetime.c:[[@LINE-1]]:3: warning: security context 'c->ctx' is deleted twice over the life of its 'struct conn': 'conn_logout' deleted it without resetting it, and teardown 'conn_free' deleted it again; invalidate it (SecInvalidateHandle) after the first release, or test it before the second [sspi-double-release]
  // CHECK: owner-lifetime.c:[[@LINE-7]]:3: note: 'c->ctx' deleted here
  free(c);
}

// The same shapes, right: the first release resets the handle, or the
// teardown tests it.
struct session {
  CredHandle *cred;
  CtxtHandle ctx;
};
int session_auth(struct session *s, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  return InitializeSecurityContextA(s->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                    &s->ctx, out, &attrs, &ts);
}
int session_logout(struct session *s) {
  DeleteSecurityContext(&s->ctx);
  SecInvalidateHandle(&s->ctx);
  return 0;
}
void session_free(struct session *s) {
  if (SecIsValidHandle(&s->ctx))
    DeleteSecurityContext(&s->ctx);
  free(s);
}

struct link {
  CredHandle *cred;
  CtxtHandle ctx;
  int have_ctx;
};
int link_auth(struct link *l, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(l->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                 &l->ctx, out, &attrs, &ts) < 0)
    return -1;
  l->have_ctx = 1;
  return 0;
}
int link_logout(struct link *l) {
  DeleteSecurityContext(&l->ctx);
  l->have_ctx = 0;
  return 0;
}
void link_free(struct link *l) {
  if (l->have_ctx)
    DeleteSecurityContext(&l->ctx);
  free(l);
}
