// Ownership that leaves the function is not a leak here: returned, stored
// through an out-parameter, into a field reached through a pointer, into a
// global or a heap object, or handed to a function we cannot see.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct session {
  CredHandle cred;
  CtxtHandle ctx;
};

void keep_for_later(CtxtHandle *h);
static CtxtHandle g_ctx;

#define ISC_INTO(h) \
  InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, h, &out, &attrs, &ts)

CtxtHandle returned_by_value(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&ctx) != SEC_E_OK) {
    SecInvalidateHandle(&ctx);
  }
  return ctx;
}

int out_parameter(CredHandle *cred, CtxtHandle *result) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  *result = ctx;
  return 0;
}

int field_of_pointer_parameter(CredHandle *cred, struct session *s) {
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&s->ctx) != SEC_E_OK)
    return -1;
  return 0;
}

int copied_into_pointer_parameter(CredHandle *cred, struct session *s) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  s->ctx = ctx;
  return 0;
}

int into_global(CredHandle *cred) {
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&g_ctx) != SEC_E_OK)
    return -1;
  return 0;
}

struct session *into_heap(CredHandle *cred) {
  struct session *s = malloc(sizeof *s);
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (!s || ISC_INTO(&s->ctx) != SEC_E_OK) {
    free(s);
    return NULL;
  }
  return s;
}

int handed_to_unknown_function(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&ctx) != SEC_E_OK)
    return -1;
  keep_for_later(&ctx);
  return 0;
}

/* The local struct is returned whole: its context goes with it. */
struct session returned_struct(CredHandle *cred) {
  struct session s;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  s.cred = *cred;
  if (ISC_INTO(&s.ctx) != SEC_E_OK) {
    SecInvalidateHandle(&s.ctx);
  }
  return s;
}

/* A field of a local struct is owned here: forgetting it is a leak. */
int local_struct_field_leaks(CredHandle *cred) {
  struct session s;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (ISC_INTO(&s.ctx) != SEC_E_OK)
    return -1;
  return 0;
  // CHECK: escapes.c:[[@LINE-1]]:3: warning: security context 's.ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: escapes.c:[[@LINE-4]]:7: note: security context 's.ctx' created here by InitializeSecurityContextA
  // CHECK: escapes.c:[[@LINE-5]]:7: note: assuming 'ISC_INTO(&s.ctx) != SEC_E_OK' is false
}
