// A helper whose effect depends on a constant (or known) argument: its
// summary is evaluated with the call's known argument values, so
// `close_auth(&ctx, TRUE)` releases and `close_auth(&ctx, FALSE)` does not,
// instead of both being "releases on some paths".
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(SecBufferDesc *out);

static void close_auth(PCtxtHandle c, BOOL discard) {
  if (discard)
    DeleteSecurityContext(c);
}

enum close_mode { KEEP_CONTEXT, DROP_CONTEXT };

static int finish(PCtxtHandle c, enum close_mode mode, int verbose) {
  if (verbose)
    send_token(NULL);
  switch (mode) {
  case DROP_CONTEXT:
    DeleteSecurityContext(c);
    return 1;
  case KEEP_CONTEXT:
    break;
  }
  return 0;
}

/* Negative: the shape, TRUE on the error path, FALSE then an
   explicit delete on the other: no leak, no double delete. */
int two_calls(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) < 0)
    return -1;
  if (send_token(out) != 0) {
    close_auth(&ctx, TRUE);
    return -1;
  }
  close_auth(&ctx, FALSE);
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Positive: FALSE keeps the context, and nothing deletes it afterwards. */
int keeps_on_error(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) < 0)
    return -1;
  if (send_token(out) != 0) {
    close_auth(&ctx, FALSE);
    return -1;
    // CHECK: helper-arguments.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: helper-arguments.c:[[@LINE-7]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: helper-arguments.c:[[@LINE-8]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
    // CHECK: helper-arguments.c:[[@LINE-6]]:7: note: assuming 'send_token(out) != 0' is true
  }
  close_auth(&ctx, TRUE);
  return 0;
}

/* Positive: the argument is a flag whose value this path knows (0), and an
   enumerator chosen by a constant. */
int flag_and_enum(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  BOOL discard = FALSE;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) < 0)
    return -1;
  if (send_token(out) != 0) {
    close_auth(&ctx, discard);
    return -1;
    // CHECK: helper-arguments.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: helper-arguments.c:[[@LINE-7]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: helper-arguments.c:[[@LINE-8]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
    // CHECK: helper-arguments.c:[[@LINE-6]]:7: note: assuming 'send_token(out) != 0' is true
  }
  finish(&ctx, KEEP_CONTEXT, 0);
  return 0;
  // CHECK: helper-arguments.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: helper-arguments.c:[[@LINE-14]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: helper-arguments.c:[[@LINE-15]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
  // CHECK: helper-arguments.c:[[@LINE-13]]:7: note: assuming 'send_token(out) != 0' is false
}

/* Negative: the enumerator that deletes, whatever the other argument is. */
int finish_drops(CredHandle *cred, SecBufferDesc *out, int verbose) {
  CtxtHandle ctx;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) < 0)
    return -1;
  return finish(&ctx, DROP_CONTEXT, verbose) ? 0 : -1;
}

/* Negative: a flag this path found non-zero (`if (discard)` taken) is
   passed on; the other side deletes itself. */
int known_nonzero(CredHandle *cred, SecBufferDesc *out, int discard) {
  CtxtHandle ctx;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) < 0)
    return -1;
  if (discard) {
    close_auth(&ctx, discard);
    return 1;
  }
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Positive, as before: an argument nobody knows leaves the helper's paths
   open, and the path that keeps the context leaks it. */
int unknown_argument(CredHandle *cred, SecBufferDesc *out, int mode) {
  CtxtHandle ctx;
  ULONG attrs;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, NULL) < 0)
    return -1;
  close_auth(&ctx, mode == 2);
  return 0;
  // CHECK: helper-arguments.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: helper-arguments.c:[[@LINE-6]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: helper-arguments.c:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
  // CHECK: helper-arguments.c:[[@LINE-5]]:3: note: 'close_auth' returns without releasing 'ctx' on some paths
}
