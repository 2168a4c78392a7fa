// Cleanup code of handles that live in an object or in globals: the function
// does not create them, but the translation unit makes the context from the
// credential (or both are fields of one owner type), so freeing the
// credential first and deleting the context afterwards is the wrong order.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct conn {
  CredHandle cred;
  CtxtHandle ctx;
};
struct session {
  CredHandle cred;
  CtxtHandle ctx;
};
struct pair_of {
  struct conn *a;
  struct conn *b;
};

static CredHandle g_cred;
static CtxtHandle g_ctx;
static CredHandle g_other_cred;
static CtxtHandle g_other_ctx;

int conn_step(struct conn *c, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  return InitializeSecurityContextA(&c->cred, NULL, "host", 0, 0, 0, NULL, 0,
                                    &c->ctx, out, &attrs, &ts);
}

int global_step(SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  return InitializeSecurityContextA(&g_cred, NULL, "host", 0, 0, 0, NULL, 0,
                                    &g_ctx, out, &attrs, &ts);
}

void conn_close(struct conn *c) {
  FreeCredentialsHandle(&c->cred);
  // CHECK: cleanup-order.c:[[@LINE-1]]:3: warning: credential 'c->cred' is freed while security context 'c->ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: cleanup-order.c:[[@LINE-14]]:10: note: 'conn_step' creates security context 'c->ctx' from credential 'c->cred'
  DeleteSecurityContext(&c->ctx);
  // CHECK: cleanup-order.c:[[@LINE-1]]:3: note: 'c->ctx' is deleted only here, after its credential
}

// Guarded by the handles' validity: on the path where both are valid, the
// order is still wrong.
void conn_close_guarded(struct conn *c) {
  if (SecIsValidHandle(&c->cred))
    FreeCredentialsHandle(&c->cred);
  // CHECK: cleanup-order.c:[[@LINE-1]]:5: warning: credential 'c->cred' is freed while security context 'c->ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: cleanup-order.c:[[@LINE-25]]:10: note: 'conn_step' creates security context 'c->ctx' from credential 'c->cred'
  if (SecIsValidHandle(&c->ctx))
    DeleteSecurityContext(&c->ctx);
  // CHECK: cleanup-order.c:[[@LINE-1]]:5: note: 'c->ctx' is deleted only here, after its credential
}

// No function of the TU makes a session's context, but both handles are
// fields of one 'struct session'.
void session_close(struct session *s) {
  FreeCredentialsHandle(&s->cred);
  // CHECK: cleanup-order.c:[[@LINE-1]]:3: warning: credential 's->cred' is freed while security context 's->ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: cleanup-order.c:[[@LINE-2]]:3: note: security context 's->ctx' and credential 's->cred' belong to the same 'struct session'
  DeleteSecurityContext(&s->ctx);
  // CHECK: cleanup-order.c:[[@LINE-1]]:3: note: 's->ctx' is deleted only here, after its credential
}

void global_cleanup(void) {
  FreeCredentialsHandle(&g_cred);
  // CHECK: cleanup-order.c:[[@LINE-1]]:3: warning: credential 'g_cred' is freed while security context 'g_ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: cleanup-order.c:[[@LINE-37]]:10: note: 'global_step' creates security context 'g_ctx' from credential 'g_cred'
  DeleteSecurityContext(&g_ctx);
  // CHECK: cleanup-order.c:[[@LINE-1]]:3: note: 'g_ctx' is deleted only here, after its credential
}

// The right order: silent.
void conn_close_ok(struct conn *c) {
  DeleteSecurityContext(&c->ctx);
  FreeCredentialsHandle(&c->cred);
}

void global_cleanup_ok(void) {
  DeleteSecurityContext(&g_ctx);
  FreeCredentialsHandle(&g_cred);
}

// Globals the TU never makes the one from the other: unrelated, silent.
void other_cleanup(void) {
  FreeCredentialsHandle(&g_other_cred);
  DeleteSecurityContext(&g_other_ctx);
}

// Two different objects: a's credential is not b's context's.
void pair_close(struct pair_of *p) {
  FreeCredentialsHandle(&p->a->cred);
  DeleteSecurityContext(&p->b->ctx);
}

// A context this function made itself is the local order rule's (order.c),
// not this one's; a credential the function acquired is its own too.
