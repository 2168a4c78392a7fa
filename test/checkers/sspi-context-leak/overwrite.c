// A live handle whose bits are overwritten is lost: SecInvalidateHandle or
// memset before DeleteSecurityContext, and the SecInvalidateHandle macro
// under an unbraced `if` (it expands to two statements).
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <string.h>

#define ISC_INTO(h) \
  InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, h, &out, &attrs, &ts)
#define LOCALS SecBufferDesc out; ULONG attrs; TimeStamp ts

int invalidated_before_delete(CredHandle *cred) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  SecInvalidateHandle(&ctx);
  // CHECK: overwrite.c:[[@LINE-1]]:3: warning: security context 'ctx' is overwritten while still live; the context it held is never deleted [sspi-context-leak]
  // CHECK: overwrite.c:[[@LINE-4]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: overwrite.c:[[@LINE-5]]:7: note: assuming 'ISC_INTO(&ctx) != SEC_E_OK' is false
  return 0;
}

int zeroed_before_delete(CredHandle *cred) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  memset(&ctx, 0, sizeof ctx);
  // CHECK: overwrite.c:[[@LINE-1]]:3: warning: security context 'ctx' is overwritten while still live; the context it held is never deleted [sspi-context-leak]
  // CHECK: overwrite.c:[[@LINE-4]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: overwrite.c:[[@LINE-5]]:7: note: assuming 'ISC_INTO(&ctx) != SEC_E_OK' is false
  return 0;
}

/* Only the first store is guarded; the second runs on success too. */
int unbraced_invalidate(CredHandle *cred, CtxtHandle *result) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    SecInvalidateHandle(&ctx);
    // CHECK: overwrite.c:[[@LINE-1]]:5: warning: security context 'ctx' is overwritten while still live; the context it held is never deleted [sspi-context-leak]
    // CHECK: overwrite.c:[[@LINE-3]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: overwrite.c:[[@LINE-4]]:7: note: assuming 'ISC_INTO(&ctx) != SEC_E_OK' is false
    // CHECK: overwrite.c:[[@LINE-4]]:5: note: SecInvalidateHandle expands to two statements; an 'if' without braces guards only the first
  *result = ctx;
  return 0;
}

/* Right: delete, then invalidate, then a guarded second delete is a no-op. */
int delete_then_invalidate_ok(CredHandle *cred) {
  CtxtHandle ctx;
  LOCALS;
  SecInvalidateHandle(&ctx);
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  SecInvalidateHandle(&ctx);
  if (SecIsValidHandle(&ctx))
    DeleteSecurityContext(&ctx);
  return 0;
}

/* Right: zero-initialised, and tested by its bits before the delete. */
int zero_sentinel_ok(CredHandle *cred, int fail_early) {
  CtxtHandle ctx = {0};
  LOCALS;
  if (!fail_early && ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  if (ctx.dwLower || ctx.dwUpper)
    DeleteSecurityContext(&ctx);
  return 0;
}

/* A whole-handle assignment over a live context loses it. */
int assigned_over(CredHandle *cred, CtxtHandle other) {
  CtxtHandle ctx;
  LOCALS;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  ctx = other;
  // CHECK: overwrite.c:[[@LINE-1]]:3: warning: security context 'ctx' is overwritten while still live; the context it held is never deleted [sspi-context-leak]
  // CHECK: overwrite.c:[[@LINE-4]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: overwrite.c:[[@LINE-5]]:7: note: assuming 'ISC_INTO(&ctx) != SEC_E_OK' is false
  DeleteSecurityContext(&ctx);
  return 0;
}
