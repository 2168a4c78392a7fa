// Helpers defined in the same file count as what they do: a helper that
// deletes on every path is a release, one that deletes on some paths only
// leaves the caller's path that skips it leaking.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct conn {
  CredHandle cred;
  CtxtHandle ctx;
};

static void delete_ctx(CtxtHandle *h) { DeleteSecurityContext(h); }

static void delete_if(CtxtHandle *h, int really) {
  if (really)
    DeleteSecurityContext(h);
}

static void delete_valid(CtxtHandle *h) {
  if (SecIsValidHandle(h)) {
    DeleteSecurityContext(h);
    SecInvalidateHandle(h);
  }
}

static void conn_close(struct conn *c) {
  if (!c)
    return;
  DeleteSecurityContext(&c->ctx);
  FreeCredentialsHandle(&c->cred);
}

/* Two levels of helpers. */
static void conn_shutdown(struct conn *c) { conn_close(c); }

#define ISC_INTO(h) \
  InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, h, &out, &attrs, &ts)
#define LOCALS SecBufferDesc out; ULONG attrs; TimeStamp ts

int helper_deletes(CredHandle *cred) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) < 0)
    return -1;
  delete_ctx(&ctx);
  return 0;
}

int helper_deletes_on_one_branch(CredHandle *cred, int flag) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) < 0)
    return -1;
  delete_if(&ctx, flag);
  return 0;
  // CHECK: helpers.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: helpers.c:[[@LINE-5]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: helpers.c:[[@LINE-6]]:7: note: assuming 'ISC_INTO(&ctx) < 0' is false
  // CHECK: helpers.c:[[@LINE-5]]:3: note: 'delete_if' returns without releasing 'ctx' on some paths
}

int helper_with_validity_guard(CredHandle *cred) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) < 0)
    return -1;
  delete_valid(&ctx);
  return 0;
}

int struct_helper(void) {
  struct conn c;
  LOCALS;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &c.cred, &ts) != SEC_E_OK)
    return -1;
  if (InitializeSecurityContextA(&c.cred, NULL, NULL, 0, 0, 0, NULL, 0, &c.ctx,
                                 &out, &attrs, &ts) < 0) {
    FreeCredentialsHandle(&c.cred);
    return -1;
  }
  conn_shutdown(&c);
  return 0;
}

/* The helper's own parameter handle is the caller's business: silent. */
static int start(CredHandle *cred, CtxtHandle *into) {
  LOCALS;
  return ISC_INTO(into) >= 0 ? 0 : -1;
}

int through_acquiring_helper(CredHandle *cred) {
  CtxtHandle ctx;
  if (start(cred, &ctx) != 0)
    return -1;
  return 1;
  // CHECK: helpers.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: helpers.c:[[@LINE-4]]:7: note: security context 'ctx' created here by 'start'
  // CHECK: helpers.c:[[@LINE-5]]:7: note: assuming 'start(cred, &ctx) != 0' is false
}
