// The goto-cleanup idiom, done right (silent) and wrong (leak).
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

/* Right: invalidated up front, released under SecIsValidHandle guards. */
int cleanup_ok(const char *target) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  int rc = -1;
  SecInvalidateHandle(&cred);
  SecInvalidateHandle(&ctx);
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    goto cleanup;
  if (InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)target, 0, 0, 0, NULL,
                                 0, &ctx, &out, &attrs, &ts) < 0)
    goto cleanup;
  if (send_token(NULL, 0) < 0)
    goto cleanup;
  rc = 0;
cleanup:
  if (SecIsValidHandle(&ctx))
    DeleteSecurityContext(&ctx);
  if (SecIsValidHandle(&cred))
    FreeCredentialsHandle(&cred);
  return rc;
}

/* Right: a flag records that the context exists. */
int cleanup_flag_ok(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  int have_ctx = 0;
  int rc = -1;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    goto done;
  have_ctx = 1;
  if (send_token(NULL, 0) < 0)
    goto done;
  rc = 0;
done:
  if (have_ctx)
    DeleteSecurityContext(&ctx);
  return rc;
}

/* Wrong: the error label only frees the credential. */
int cleanup_skips_context(const char *target) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  int rc = -1;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  if (InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)target, 0, 0, 0, NULL,
                                 0, &ctx, &out, &attrs, &ts) < 0)
    goto free_cred;
  if (send_token(NULL, 0) < 0)
    goto free_cred;
  DeleteSecurityContext(&ctx);
  rc = 0;
free_cred:
  FreeCredentialsHandle(&cred);
  return rc;
  // CHECK: goto-cleanup.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: goto-cleanup.c:[[@LINE-11]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: goto-cleanup.c:[[@LINE-12]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
  // CHECK: goto-cleanup.c:[[@LINE-10]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  // CHECK: goto-cleanup.c:[[@LINE-6]]:3: note: credential 'cred' freed here while 'ctx' is still live
}

/* Wrong: the label placed after the delete is also the error exit. */
int cleanup_wrong_label(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    goto out;
  if (send_token(NULL, 0) < 0)
    goto out;
  DeleteSecurityContext(&ctx);
out:
  return 0;
  // CHECK: goto-cleanup.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: goto-cleanup.c:[[@LINE-9]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: goto-cleanup.c:[[@LINE-10]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
  // CHECK: goto-cleanup.c:[[@LINE-8]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
}

struct session {
  CtxtHandle ctx;
  BOOL have_ctx;
};

/* Right: the flag lives in a field of a local struct. */
int cleanup_struct_flag_ok(CredHandle *cred) {
  struct session s;
  SecBufferDesc out;
  ULONG attrs;
  int rc = -1;
  s.have_ctx = FALSE;
  if (InitializeSecurityContextW(cred, NULL, NULL, 0, 0, 0, NULL, 0, &s.ctx,
                                 &out, &attrs, NULL) != SEC_E_OK)
    goto done;
  s.have_ctx = TRUE;
  if (send_token(NULL, 0) != 0)
    goto done;
  rc = 0;
done:
  if (s.have_ctx)
    DeleteSecurityContext(&s.ctx);
  return rc;
}
