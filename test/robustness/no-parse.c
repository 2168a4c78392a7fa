// A file that does not parse: clang's errors are reported, the module does
// not crash (`not` fails on a crash) and adds no finding of its own.
// RUN: not %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="warning:" --implicit-check-not="sspi-"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int broken(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
  undeclared_function(&ctx) +++ ;
  // CHECK: no-parse.c:[[@LINE-1]]:3: error: call to undeclared function 'undeclared_function'
  // CHECK: no-parse.c:[[@LINE+1]]:11: error: expected ';' after return statement
  return 0
}

int missing_brace(void) {
  CredHandle cred;
