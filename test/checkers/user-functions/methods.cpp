// C++ methods and explicit success rules as declared functions.
// RUN: %sspi_tidy %s --config="{CheckOptions: {sspi-context-leak.AcquireFunctions: 'net::Auth::begin:0:status;net::Auth::tryBegin:0:nonzero', sspi-context-leak.ReleaseFunctions: 'net::Auth::end:0', sspi-credential-leak.AcquireFunctions: 'loadCred:0:always', sspi-credential-leak.ReleaseFunctions: 'net::dropCred:0'}}" -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

namespace net {
struct Auth {
  static long begin(CtxtHandle *ctx);
  static int tryBegin(CtxtHandle *ctx);
  static void end(CtxtHandle ctx); // by value
};
void dropCred(CredHandle *cred);
} // namespace net
void loadCred(CredHandle *cred);

int statusRule() {
  CtxtHandle ctx;
  if (net::Auth::begin(&ctx) < 0)
    return -1; // a negative status created nothing
  net::Auth::end(ctx);
  return 0;
}

int nonzeroRule(bool early) {
  CtxtHandle ctx;
  if (!net::Auth::tryBegin(&ctx))
    return -1;
  if (early)
    return 1;
    // CHECK: methods.cpp:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext or net::Auth::end) [sspi-context-leak]
    // CHECK: methods.cpp:[[@LINE-5]]:8: note: security context 'ctx' created here by net::Auth::tryBegin
    // CHECK: methods.cpp:[[@LINE-6]]:7: note: assuming '!net::Auth::tryBegin(&ctx)' is false
    // CHECK: methods.cpp:[[@LINE-5]]:7: note: assuming 'early' is true
  net::Auth::end(ctx);
  return 0;
}

void alwaysRule() {
  CredHandle cred;
  loadCred(&cred);
}
// CHECK: methods.cpp:[[@LINE-1]]:1: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle or net::dropCred) [sspi-credential-leak]
// CHECK: methods.cpp:[[@LINE-3]]:3: note: credential 'cred' acquired here by loadCred

void alwaysRuleFreed() {
  CredHandle cred;
  loadCred(&cred);
  net::dropCred(&cred);
}
