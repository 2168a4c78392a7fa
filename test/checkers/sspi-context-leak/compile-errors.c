// A file with compile errors elsewhere (a project header that clashes with
// mingw-w64's) is analysed: each function whose own body is free of errors
// is checked; a function whose body has an error is not (counted in the
// statistics).
// The header's own errors (29 of them, more than clang's default limit of
// 20: ./sspi-tidy passes -ferror-limit=0) are filtered out below.
// RUN: env SSPI_TIDY_STATS=1 not %sspi_tidy %s -- %win_flags -ferror-limit=0 -I %S/Inputs 2>%t.stats | grep -v "Inputs/clash.h:\|previous definition is here\|^ " | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
// RUN: %FileCheck %s --check-prefix=STATS < %t.stats
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include "clash.h"

int send_token(const void *data, unsigned long len);

// Nothing in it depends on the clashing declarations: reported.
int leaks_on_send_failure(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, &ts) < 0)
    return -1;
  if (send_token(out->pBuffers[0].pvBuffer, out->pBuffers[0].cbBuffer) != 0)
    return -1;
  // CHECK: compile-errors.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: compile-errors.c:[[@LINE-6]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: compile-errors.c:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
  // CHECK: compile-errors.c:[[@LINE-5]]:7: note: assuming 'send_token(...) != 0' is true
  DeleteSecurityContext(&ctx);
  return 0;
}

// The same leak, but the body uses an undeclared variable: its AST holds a
// recovery expression, not the code as written, so it is not analysed.
int body_has_an_error(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, &ts) < 0)
    return -1;
  if (send_token(out->pBuffers[0].pvBuffer, undeclared_length) != 0)
    // CHECK: compile-errors.c:[[@LINE-1]]:45: error: use of undeclared identifier 'undeclared_length' [clang-diagnostic-error]
    return -1;
  DeleteSecurityContext(&ctx);
  return 0;
}

// A warning that is an error by default (-Wint-conversion) leaves the body
// whole: the function is analysed.
DWORD WINAPI leaks_in_thread(void *arg) {
  CtxtHandle ctx;
  SecBufferDesc *out = arg;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(NULL, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, &ts) < 0)
    return NULL;
  // CHECK: compile-errors.c:[[@LINE-1]]:12: error: incompatible pointer to integer conversion returning 'void *' from a function with result type 'DWORD' (aka 'unsigned long') [clang-diagnostic-int-conversion]
  // CHECK: minwindef.h:{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'NULL'
  return 0;
  // CHECK: compile-errors.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: compile-errors.c:[[@LINE-7]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: compile-errors.c:[[@LINE-8]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
}

// STATS: sspi-tidy: leaks_on_send_failure: blocks={{[0-9]+}}
// STATS: sspi-tidy: body_has_an_error: not analysed: its body has a compile error
// STATS: sspi-tidy: leaks_in_thread: blocks={{[0-9]+}}
// STATS: sspi-tidy: analysed 2 functions, 0 joined, 0 skipped, 1 with errors
