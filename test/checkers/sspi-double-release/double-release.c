// A second DeleteSecurityContext, FreeCredentialsHandle or FreeContextBuffer
// on what this path already released. A reset handle (SecInvalidateHandle,
// zeroed) guarded by its validity test is fine.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <string.h>

int send_token(const void *buf, unsigned long len);

#define ISC(x) \
  InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, x, &out, &attrs, &ts)
#define LOCALS CtxtHandle ctx; SecBufferDesc out; ULONG attrs; TimeStamp ts

int delete_twice(CredHandle *cred) {
  LOCALS;
  if (ISC(&ctx) < 0)
    return -1;
  if (send_token(NULL, 0) < 0)
    DeleteSecurityContext(&ctx);
  DeleteSecurityContext(&ctx);
  // CHECK: double-release.c:[[@LINE-1]]:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
  // CHECK: double-release.c:[[@LINE-6]]:7: note: assuming 'ISC(&ctx) < 0' is false
  // CHECK: double-release.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  // CHECK: double-release.c:[[@LINE-5]]:5: note: 'ctx' deleted here
  return 0;
}

int free_credential_twice(void) {
  CredHandle cred;
  TimeStamp ts;
  if (AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"NTLM", SECPKG_CRED_OUTBOUND,
                                NULL, NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  FreeCredentialsHandle(&cred);
  FreeCredentialsHandle(&cred);
  // CHECK: double-release.c:[[@LINE-1]]:3: warning: credential 'cred' is freed twice on this path [sspi-double-release]
  // CHECK: double-release.c:[[@LINE-6]]:7: note: assuming 'AcquireCredentialsHandleW(...) != SEC_E_OK' is false
  // CHECK: double-release.c:[[@LINE-4]]:3: note: 'cred' freed here
  return 0;
}

/* Reset after the delete, tested before the second: silent. */
int invalidate_and_guard_ok(CredHandle *cred) {
  LOCALS;
  SecInvalidateHandle(&ctx);
  if (ISC(&ctx) < 0)
    return -1;
  if (send_token(NULL, 0) < 0) {
    DeleteSecurityContext(&ctx);
    SecInvalidateHandle(&ctx);
  }
  if (SecIsValidHandle(&ctx))
    DeleteSecurityContext(&ctx);
  return 0;
}

/* Zeroed after the delete: the second call sees no handle. */
int zeroed_ok(CredHandle *cred) {
  LOCALS;
  if (ISC(&ctx) < 0)
    return -1;
  DeleteSecurityContext(&ctx);
  memset(&ctx, 0, sizeof ctx);
  if (ctx.dwLower != 0 || ctx.dwUpper != 0)
    DeleteSecurityContext(&ctx);
  return 0;
}

/* One delete on each branch: silent. */
int each_branch_once(CredHandle *cred, int fast) {
  LOCALS;
  if (ISC(&ctx) < 0)
    return -1;
  if (fast)
    DeleteSecurityContext(&ctx);
  else
    DeleteSecurityContext(&ctx);
  return 0;
}

static void drop(CtxtHandle *h) { DeleteSecurityContext(h); }

/* Through a helper defined in this file. */
int helper_then_direct(CredHandle *cred) {
  LOCALS;
  if (ISC(&ctx) < 0)
    return -1;
  drop(&ctx);
  DeleteSecurityContext(&ctx);
  // CHECK: double-release.c:[[@LINE-1]]:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
  // CHECK: double-release.c:[[@LINE-5]]:7: note: assuming 'ISC(&ctx) < 0' is false
  // CHECK: double-release.c:[[@LINE-4]]:3: note: 'ctx' deleted here by 'drop'
  return 0;
}

/* Through the function table. */
int through_table(PSecurityFunctionTableA t, CredHandle *cred) {
  LOCALS;
  if (t->InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &ts) < 0)
    return -1;
  t->DeleteSecurityContext(&ctx);
  if (send_token(NULL, 0) < 0)
    t->DeleteSecurityContext(&ctx);
    // CHECK: double-release.c:[[@LINE-1]]:5: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
    // CHECK: double-release.c:[[@LINE-7]]:7: note: assuming 't->InitializeSecurityContextA(...) < 0' is false
    // CHECK: double-release.c:[[@LINE-5]]:3: note: 'ctx' deleted here
    // CHECK: double-release.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  return 0;
}

/* The caller's handle, deleted twice here. */
void parameter_twice(CtxtHandle *h) {
  DeleteSecurityContext(h);
  DeleteSecurityContext(h);
  // CHECK: double-release.c:[[@LINE-1]]:3: warning: security context '*h' is deleted twice on this path [sspi-double-release]
  // CHECK: double-release.c:[[@LINE-3]]:3: note: '*h' deleted here
}

/* A loop that deletes on every iteration but creates once. */
int loop_deletes_again(CredHandle *cred, int n) {
  LOCALS;
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  for (int i = 0; i < n; i++) {
    send_token(NULL, 0);
    DeleteSecurityContext(&ctx);
    // CHECK: double-release.c:[[@LINE-1]]:5: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
    // CHECK: double-release.c:[[@LINE-6]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
    // CHECK: double-release.c:[[@LINE-5]]:19: note: assuming 'i < n' is true
    // CHECK: double-release.c:[[@LINE-4]]:5: note: 'ctx' deleted here in an earlier iteration of the loop
    // CHECK: double-release.c:[[@LINE-7]]:19: note: assuming 'i < n' is true
  }
  return 0;
  // CHECK: double-release.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: double-release.c:[[@LINE-13]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: double-release.c:[[@LINE-14]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
  // CHECK: double-release.c:[[@LINE-13]]:19: note: assuming 'i < n' is false
}

/* FreeContextBuffer twice on the same package buffer. */
int free_buffer_twice(void) {
  ULONG count;
  PSecPkgInfoA pkgs;
  if (EnumerateSecurityPackagesA(&count, &pkgs) != SEC_E_OK)
    return -1;
  FreeContextBuffer(pkgs);
  FreeContextBuffer(pkgs);
  // CHECK: double-release.c:[[@LINE-1]]:3: warning: buffer 'pkgs' is freed twice on this path (FreeContextBuffer) [sspi-double-release]
  // CHECK: double-release.c:[[@LINE-5]]:7: note: assuming 'EnumerateSecurityPackagesA(&count, &pkgs) != SEC_E_OK' is false
  // CHECK: double-release.c:[[@LINE-4]]:3: note: 'pkgs' freed here
  return (int)count;
}

/* A delete after a failed first leg (defensive) and another: silent, the
   context never existed. */
int failed_create_deleted(CredHandle *cred) {
  LOCALS;
  if (ISC(&ctx) < 0) {
    DeleteSecurityContext(&ctx);
    return -1;
  }
  DeleteSecurityContext(&ctx);
  return 0;
}
