// The new-context argument chosen by a test of the caller's context pointer,
// `(*pctx != NULL) ? NULL : &new_ctx` (the first leg creates new_ctx, later
// legs continue *pctx and pass NULL): on the path where the test chose
// &new_ctx the call is a first leg, and new_ctx must be deleted or handed
// over.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

int exchange(SecBufferDesc *out, SecBufferDesc *in);

/* The heap copy fails after a first leg: new_ctx leaks. */
int step_leaks(CredHandle *cred, CtxtHandle **pctx, SecBufferDesc *in,
               SecBufferDesc *out) {
  CtxtHandle new_ctx;
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(
      cred, *pctx, (SEC_CHAR *)"host", 0, 0, 0, in, 0,
      (*pctx != NULL) ? NULL : &new_ctx, out, &attrs, NULL);
  if (FAILED(st))
    return -1;
  if (*pctx == NULL) {
    CtxtHandle *p = (CtxtHandle *)malloc(sizeof *p);
    if (p == NULL)
      return -1;
    // CHECK: new-context-choice.c:[[@LINE-1]]:7: warning: security context 'new_ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: new-context-choice.c:[[@LINE-10]]:24: note: security context 'new_ctx' created here by InitializeSecurityContextA
    // CHECK: new-context-choice.c:[[@LINE-8]]:7: note: assuming 'FAILED(st)' is false
    // CHECK: new-context-choice.c:[[@LINE-5]]:9: note: assuming 'p == NULL' is true
    *p = new_ctx;
    *pctx = p;
  }
  return 0;
}

/* The twin: the failed copy deletes the new context. */
int step_ok(CredHandle *cred, CtxtHandle **pctx, SecBufferDesc *in,
            SecBufferDesc *out) {
  CtxtHandle new_ctx;
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextA(
      cred, *pctx, (SEC_CHAR *)"host", 0, 0, 0, in, 0,
      (*pctx != NULL) ? NULL : &new_ctx, out, &attrs, NULL);
  if (FAILED(st))
    return -1;
  if (*pctx == NULL) {
    CtxtHandle *p = (CtxtHandle *)malloc(sizeof *p);
    if (p == NULL) {
      DeleteSecurityContext(&new_ctx);
      return -1;
    }
    *p = new_ctx;
    *pctx = p;
  }
  return 0;
}
