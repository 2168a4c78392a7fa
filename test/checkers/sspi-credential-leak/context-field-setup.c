// A function that keeps its context behind a pointer field of its caller's
// object and makes a new one when there is none: the tests of that pointer
// are the function's own set-up, so the path where it is NULL at entry (and
// where the allocation fails) is followed too.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct digest {
  CtxtHandle *ctx;
  int stale;
};

int digest_message(struct digest *d, SecBufferDesc *out) {
  ULONG attrs;
  if (d->stale && d->ctx) {
    DeleteSecurityContext(d->ctx);
    free(d->ctx);
    d->ctx = NULL;
  }
  if (!d->ctx) {
    CredHandle cred;
    if (AcquireCredentialsHandleA(NULL, "WDigest", SECPKG_CRED_OUTBOUND, NULL,
                                  NULL, NULL, NULL, &cred, NULL) != SEC_E_OK)
      return -1;
    d->ctx = calloc(1, sizeof(CtxtHandle));
    if (!d->ctx)
      return -2;
    SECURITY_STATUS st = InitializeSecurityContextA(
        &cred, NULL, "spn", 0, 0, 0, NULL, 0, d->ctx, out, &attrs, NULL);
    FreeCredentialsHandle(&cred);
    if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED) {
      free(d->ctx);
      d->ctx = NULL;
      return -3;
    }
  }
  return 0;
}
// CHECK: :[[@LINE-12]]:7: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: :[[@LINE-18]]:9: note: credential 'cred' acquired here by AcquireCredentialsHandleA
// CHECK: :[[@LINE-19]]:9: note: assuming 'AcquireCredentialsHandleA(...) != SEC_E_OK' is false
// CHECK: :[[@LINE-16]]:9: note: assuming '!d->ctx' is true
