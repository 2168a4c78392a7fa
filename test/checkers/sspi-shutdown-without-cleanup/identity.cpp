// A handle is identified by its access path and the declarations it goes
// through, never by its spelling: another class's member of the same name,
// released elsewhere, is not this class's cleanup.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

class AuthServer {
public:
  bool accept(CredHandle *cred, SecBufferDesc *in, SecBufferDesc *out) {
    TimeStamp ts;
    ULONG attrs;
    return AcceptSecurityContext(cred, nullptr, in, 0, 0, &ctx_, out, &attrs,
                                 &ts) >= 0;
  }
  ~AuthServer() {}
  // The destructor is also a teardown of every AuthServer (sspi-context-leak):
  // CHECK: identity.cpp:[[@LINE-2]]:18: warning: security context 'ctx_' is never deleted on this path of '~AuthServer', which tears down its 'AuthServer' (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: identity.cpp:[[@LINE-6]]:12: note: security context 'ctx_' (a field of 'AuthServer') is created here by AcceptSecurityContext in 'accept'
  // CHECK: identity.cpp:[[@LINE-4]]:18: warning: security context 'ctx_' is still live when shutdown entry point '~AuthServer' returns; delete it with DeleteSecurityContext before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: identity.cpp:[[@LINE-8]]:12: note: security context 'ctx_' created here by AcceptSecurityContext
  // CHECK: identity.cpp:[[@LINE+6]]:19: note: 'g_server' has static storage: its destructor runs at exit or when the DLL unloads

private:
  CtxtHandle ctx_;
};

static AuthServer g_server;

// The same member name in another class: its release says nothing of
// AuthServer's.
class Other {
public:
  void close() { DeleteSecurityContext(&ctx_); }

private:
  CtxtHandle ctx_;
};
