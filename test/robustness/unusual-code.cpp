// Unusual code must degrade to "no finding", never to a crash or a hang:
// recursion through helpers, gotos into loops, function pointers, macros
// that hide the calls, variadic helpers, nested lambdas, dependent code.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdarg.h>

static int recurse(CtxtHandle *h, int n);
static int recurse2(CtxtHandle *h, int n) { return n ? recurse(h, n - 1) : 0; }
static int recurse(CtxtHandle *h, int n) {
  if (n == 0) {
    DeleteSecurityContext(h);
    return 0;
  }
  return recurse2(h, n - 1);
}

int uses_recursion(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
  return recurse(&ctx, 3);
}

int goto_into_loop(CredHandle *cred, int n) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  goto inside;
  while (n-- > 0) {
  inside:
    if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                   &out, &attrs, &ts) < 0)
      continue;
    DeleteSecurityContext(&ctx);
  }
  return 0;
}

typedef SECURITY_STATUS (*deleter)(PCtxtHandle);

int through_pointer(CredHandle *cred, deleter d) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
  d(&ctx);
  return 0;
}

static void log_all(int n, ...) {
  va_list ap;
  va_start(ap, n);
  va_end(ap);
}

int variadic(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) < 0)
    return -1;
  log_all(1, &ctx);
  return 0;
}

int nested_lambdas(CredHandle *cred) {
  auto outer = [cred]() {
    CtxtHandle ctx;
    SecBufferDesc out;
    ULONG attrs;
    TimeStamp ts;
    auto inner = [&]() {
      return InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                        &out, &attrs, &ts);
    };
    if (inner() == SEC_E_OK)
      DeleteSecurityContext(&ctx);
  };
  outer();
  return 0;
}

template <typename H> int dependent(H *h, CredHandle *cred) {
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  return InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, h, &out,
                                    &attrs, &ts);
}

#define HIDE(x) x
int in_macros(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (HIDE(InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                      &out, &attrs, &ts)) < 0)
    return -1;
  HIDE(DeleteSecurityContext(&ctx));
  int r = dependent(&ctx, cred);
  if (r >= 0)
    HIDE(DeleteSecurityContext(&ctx));
  return r;
}
