// AcquireCredentialsHandle: a failed acquire created nothing (silent), a
// successful one must reach FreeCredentialsHandle on every path.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int connect_to(const char *host);
int do_auth(CredHandle *cred);

#define ACQUIRE(c) \
  AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, c, &ts)

int failed_acquire_is_silent(void) {
  CredHandle cred;
  TimeStamp ts;
  SECURITY_STATUS st = ACQUIRE(&cred);
  if (st != SEC_E_OK)
    return -1; /* nothing to free */
  FreeCredentialsHandle(&cred);
  return 0;
}

int leak_on_error_path(const char *host) {
  CredHandle cred;
  TimeStamp ts;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (connect_to(host) < 0)
    return -2;
    // CHECK: acquire.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
    // CHECK: acquire.c:[[@LINE-5]]:7: note: credential 'cred' acquired here by AcquireCredentialsHandleA
    // CHECK: acquire.c:[[@LINE-6]]:7: note: assuming 'ACQUIRE(&cred) != SEC_E_OK' is false
    // CHECK: acquire.c:[[@LINE-5]]:7: note: assuming 'connect_to(host) < 0' is true
  FreeCredentialsHandle(&cred);
  return 0;
}

void leak_at_end(void) {
  CredHandle cred;
  TimeStamp ts;
  SECURITY_STATUS st = ACQUIRE(&cred);
  if (FAILED(st))
    return;
}
// CHECK: acquire.c:[[@LINE-1]]:1: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: acquire.c:[[@LINE-5]]:24: note: credential 'cred' acquired here by AcquireCredentialsHandleA
// CHECK: acquire.c:[[@LINE-5]]:7: note: assuming 'FAILED(st)' is false

int freed_on_every_path(const char *host) {
  CredHandle cred;
  TimeStamp ts;
  int rc;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  rc = connect_to(host);
  FreeCredentialsHandle(&cred);
  return rc;
}

/* The status is not examined and the credential is never used: whether it
   exists is unknown, so no finding. */
void status_ignored(void) {
  CredHandle cred;
  TimeStamp ts;
  ACQUIRE(&cred);
}

/* Passed to ISC after an unchecked acquire: the code relies on it. */
int used_unchecked(void) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  ACQUIRE(&cred);
  if (InitializeSecurityContextA(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
    // CHECK: acquire.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
    // CHECK: acquire.c:[[@LINE-5]]:3: note: credential 'cred' acquired here by AcquireCredentialsHandleA
    // CHECK: acquire.c:[[@LINE-5]]:7: note: 'cred' is used here without checking that its creation succeeded
    // CHECK: acquire.c:[[@LINE-6]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is true
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}

/* The wrong release function: FreeCredentialsHandle on the context, so the
   credential is never freed (CredHandle and CtxtHandle are one C type). */
int wrong_release_function(void) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (InitializeSecurityContextA(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0) {
    FreeCredentialsHandle(&ctx);
    return -1;
    // CHECK: acquire.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
    // CHECK: acquire.c:[[@LINE-7]]:7: note: credential 'cred' acquired here by AcquireCredentialsHandleA
    // CHECK: acquire.c:[[@LINE-8]]:7: note: assuming 'ACQUIRE(&cred) != SEC_E_OK' is false
    // CHECK: acquire.c:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is true
  }
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}

/* Handed to a function we cannot see: it may keep it. */
int handed_over(void) {
  CredHandle cred;
  TimeStamp ts;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  return do_auth(&cred);
}
