// Every way real code tests a status: the failure branch of a first call is
// silent, the success branch that returns without deleting is a leak.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

/* Microsoft's samples define their own SEC_SUCCESS. */
#define SEC_SUCCESS(Status) ((Status) >= 0)

int later(void);
#define ISC(ctx) InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, ctx, &out, &attrs, &ts)
#define LOCALS CtxtHandle ctx; SecBufferDesc out; ULONG attrs; TimeStamp ts; SECURITY_STATUS st

int eq_ok(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st == SEC_E_OK) {
    if (later()) return 1;
    // CHECK: status-spellings.c:[[@LINE-1]]:18: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: status-spellings.c:[[@LINE-4]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: status-spellings.c:[[@LINE-4]]:7: note: assuming 'st == SEC_E_OK' is true
    // CHECK: status-spellings.c:[[@LINE-4]]:9: note: assuming 'later()' is true
    DeleteSecurityContext(&ctx);
  }
  return 0;
}

int ne_ok(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st != SEC_E_OK) return -1;
  return 0;
  // CHECK: status-spellings.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-4]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-4]]:7: note: assuming 'st != SEC_E_OK' is false
}

int failed_macro(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (FAILED(st)) return -1;
  return 0;
  // CHECK: status-spellings.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-4]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-4]]:7: note: assuming 'FAILED(st)' is false
}

int succeeded_macro(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (SUCCEEDED(st)) return 1;
  // CHECK: status-spellings.c:[[@LINE-1]]:22: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-3]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-3]]:7: note: assuming 'SUCCEEDED(st)' is true
  return 0;
}

int less_than_zero(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st < 0) return -1;
  return 0;
  // CHECK: status-spellings.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-4]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-4]]:7: note: assuming 'st < 0' is false
}

int greater_equal_zero(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st >= 0) return 1;
  // CHECK: status-spellings.c:[[@LINE-1]]:16: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-3]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-3]]:7: note: assuming 'st >= 0' is true
  return 0;
}

int continue_needed(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st == SEC_I_CONTINUE_NEEDED) return 1;
  // CHECK: status-spellings.c:[[@LINE-1]]:36: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-3]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-3]]:7: note: assuming 'st == SEC_I_CONTINUE_NEEDED' is true
  if (st == SEC_E_OK) DeleteSecurityContext(&ctx);
  return 0;
}

/* SEC_I_COMPLETE_NEEDED is a success: a context exists on the else branch. */
int complete_needed_is_success(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED) {
    DeleteSecurityContext(&ctx);
    return 0;
  }
  if (st == SEC_I_COMPLETE_NEEDED)
    return 2;
    // CHECK: status-spellings.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: status-spellings.c:[[@LINE-8]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: status-spellings.c:[[@LINE-8]]:7: note: assuming 'st == SEC_E_OK' is false
    // CHECK: status-spellings.c:[[@LINE-9]]:25: note: assuming 'st == SEC_I_CONTINUE_NEEDED' is false
    // CHECK: status-spellings.c:[[@LINE-6]]:7: note: assuming 'st == SEC_I_COMPLETE_NEEDED' is true
  return -1;
}

int not_status(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (!st) return 1;
  // CHECK: status-spellings.c:[[@LINE-1]]:12: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-3]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-3]]:7: note: assuming '!st' is true
  return 0;
}

int user_sec_success(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (!SEC_SUCCESS(st)) return -1;
  return 0;
  // CHECK: status-spellings.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-4]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-4]]:7: note: assuming '!SEC_SUCCESS(st)' is false
}

int is_error_macro(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (IS_ERROR(st)) return -1;
  return 0;
  // CHECK: status-spellings.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: status-spellings.c:[[@LINE-4]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: status-spellings.c:[[@LINE-4]]:7: note: assuming 'IS_ERROR(st)' is false
}

int switch_status(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  switch (st) {
  case SEC_E_OK:
  case SEC_I_CONTINUE_NEEDED:
    DeleteSecurityContext(&ctx);
    return 0;
  case SEC_I_COMPLETE_AND_CONTINUE:
    return 3;
    // CHECK: status-spellings.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: status-spellings.c:[[@LINE-9]]:8: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: status-spellings.c:[[@LINE-4]]:3: note: taking 'case SEC_I_COMPLETE_AND_CONTINUE:'
  default:
    return -1;
  }
}

/* Silent: every success branch deletes. */
int all_spellings_ok(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (FAILED(st)) return -1;
  if (st == SEC_I_CONTINUE_NEEDED) { DeleteSecurityContext(&ctx); return 1; }
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Silent: after `st != OK && st != CONTINUE` is false, the status is one of
   the two; the last return cannot be reached. */
int two_codes_exhaust(CredHandle *cred) {
  LOCALS;
  st = ISC(&ctx);
  if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
    return -1;
  if (st == SEC_E_OK) {
    DeleteSecurityContext(&ctx);
    return 0;
  }
  if (st == SEC_I_CONTINUE_NEEDED) {
    DeleteSecurityContext(&ctx);
    return 1;
  }
  return 2;
}
