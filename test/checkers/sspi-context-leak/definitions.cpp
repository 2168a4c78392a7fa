// Where the analysis finds the functions it checks: lambdas (in a function
// and in a global initializer), a local class's method, a method of a class
// in a namespace, a definition expanded from a system-header macro. Code in a
// system header is not reported.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 -isystem %S/Inputs/sys 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#include <vendor_sspi.h>

int run(int (*f)(CredHandle *), CredHandle *c) { return f(c); }

int in_lambda(CredHandle *cred) {
  auto start = [](CredHandle *c) {
    CtxtHandle ctx;
    SecBufferDesc out;
    ULONG attrs;
    TimeStamp ts;
    if (InitializeSecurityContextW(c, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                   &ctx, &out, &attrs, &ts) < 0)
      return -1;
    return 0;
    // CHECK: definitions.cpp:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: definitions.cpp:[[@LINE-5]]:9: note: security context 'ctx' created here by InitializeSecurityContextW
    // CHECK: definitions.cpp:[[@LINE-6]]:9: note: assuming 'InitializeSecurityContextW(...) < 0' is false
  };
  return run(start, cred);
}

auto global_start = [](CredHandle *c) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextW(c, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                 &ctx, &out, &attrs, &ts) < 0)
    return -1;
  return 0;
  // CHECK: definitions.cpp:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: definitions.cpp:[[@LINE-5]]:7: note: security context 'ctx' created here by InitializeSecurityContextW
  // CHECK: definitions.cpp:[[@LINE-6]]:7: note: assuming 'InitializeSecurityContextW(...) < 0' is false
};

int local_class(CredHandle *cred) {
  struct Starter {
    int go(CredHandle *c) {
      CtxtHandle ctx;
      SecBufferDesc out;
      ULONG attrs;
      TimeStamp ts;
      if (InitializeSecurityContextW(c, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                     &ctx, &out, &attrs, &ts) < 0)
        return -1;
      return 0;
      // CHECK: definitions.cpp:[[@LINE-1]]:7: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
      // CHECK: definitions.cpp:[[@LINE-5]]:11: note: security context 'ctx' created here by InitializeSecurityContextW
      // CHECK: definitions.cpp:[[@LINE-6]]:11: note: assuming 'InitializeSecurityContextW(...) < 0' is false
    }
  };
  return Starter().go(cred);
}

namespace app {
struct Session {
  int start(CredHandle *cred) {
    CtxtHandle ctx;
    SecBufferDesc out;
    ULONG attrs;
    TimeStamp ts;
    if (InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                   &ctx, &out, &attrs, &ts) < 0)
      return -1;
    return 0;
    // CHECK: definitions.cpp:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: definitions.cpp:[[@LINE-5]]:9: note: security context 'ctx' created here by InitializeSecurityContextW
    // CHECK: definitions.cpp:[[@LINE-6]]:9: note: assuming 'InitializeSecurityContextW(...) < 0' is false
  }
};
} // namespace app
int use_session(CredHandle *c) { return app::Session().start(c); }

VENDOR_DEFINE_START(user_start)
// CHECK: definitions.cpp:[[@LINE-1]]:1: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
// CHECK: definitions.cpp:[[@LINE-2]]:1: note: security context 'ctx' created here by InitializeSecurityContextW
// CHECK: definitions.cpp:[[@LINE-3]]:1: note: assuming 'InitializeSecurityContextW(...) < 0' is false

int uses_vendor(CredHandle *c) { return vendor::Session().start(c) + vendor_leaks(c); }
