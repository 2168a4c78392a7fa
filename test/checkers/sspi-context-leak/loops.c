// Loops: a break that skips the delete, a loop-local context that dies at
// the end of the body, and loops that are right.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --check-prefixes=CHECK,LLVM-%llvm_major --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

/* Leak: break leaves the loop between create and delete. */
int break_skips_delete(CredHandle *cred, int n) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  for (int i = 0; i < n; i++) {
    if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                   &out, &attrs, &ts) != SEC_E_OK)
      return -1;
    if (send_token(NULL, 0) < 0)
      break;
    DeleteSecurityContext(&ctx);
  }
  return 0;
  // CHECK: loops.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: loops.c:[[@LINE-9]]:9: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: loops.c:[[@LINE-10]]:9: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
  // CHECK: loops.c:[[@LINE-8]]:9: note: assuming 'send_token(NULL, 0) < 0' is true
}

/* Leak: the context declared in the body is lost at the closing brace. */
void body_scope_leak(CredHandle *cred, int n) {
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  while (n-- > 0) {
    CtxtHandle ctx;
    if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                   &out, &attrs, &ts) != SEC_E_OK)
      continue;
    send_token(NULL, 0);
  }
  // LLVM 17+: the CFG ends the loop body's variables at its closing brace.
  // LLVM-19: loops.c:[[@LINE-2]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // LLVM-19: loops.c:[[@LINE-7]]:9: note: security context 'ctx' created here by InitializeSecurityContextA
  // LLVM-19: loops.c:[[@LINE-8]]:9: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
}
// LLVM 16's CFG has no lifetime end for them on that path: the lost context
// is seen where the function returns, after the loop.
// LLVM-16: loops.c:[[@LINE-3]]:1: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
// LLVM-16: loops.c:[[@LINE-13]]:9: note: security context 'ctx' created here by InitializeSecurityContextA
// LLVM-16: loops.c:[[@LINE-14]]:9: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
// LLVM-16: loops.c:[[@LINE-17]]:10: note: assuming 'n-- > 0' is false

/* Right: one context per iteration, deleted before the next. */
int per_iteration_ok(CredHandle *cred, int n) {
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  for (int i = 0; i < n; i++) {
    CtxtHandle ctx;
    if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                   &out, &attrs, &ts) != SEC_E_OK)
      continue;
    if (send_token(NULL, 0) < 0) {
      DeleteSecurityContext(&ctx);
      break;
    }
    DeleteSecurityContext(&ctx);
  }
  return 0;
}

/* Leak: a second first-leg call overwrites a live context. */
int recreate_without_delete(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    return -1;
  // CHECK: loops.c:[[@LINE+3]]:7: warning: security context 'ctx' is overwritten while still live; the context it held is never deleted [sspi-context-leak]
  // CHECK: loops.c:[[@LINE-4]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: loops.c:[[@LINE-5]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  return 0;
}
