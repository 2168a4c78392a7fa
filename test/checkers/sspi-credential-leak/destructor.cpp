// The implicit destructor of a local object runs at the end of its scope,
// with the object's state there: a handle a method acquired is live when the
// destructor tests it, so a guarded release in the destructor releases it.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

class Client {
public:
  Client() { SecInvalidateHandle(&cred_); }
  ~Client() {
    if (SecIsValidHandle(&cred_))
      FreeCredentialsHandle(&cred_);
  }
  bool acquire() {
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Negotiate",
                                     SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                     NULL, &cred_, NULL) == SEC_E_OK;
  }
  CredHandle cred_;
};

/* Negative: the shape, the destructor frees at the return. */
int use_client() {
  Client client;
  if (!client.acquire())
    return -1;
  return 0;
}

/* Negative: an inner scope's object is destroyed at its closing brace. */
int inner_scope(int n) {
  for (int i = 0; i < n; i++) {
    Client c;
    if (!c.acquire())
      return -1;
  }
  return 0;
}

/* Positive: the destructor frees the credential a second time (freed but
   not invalidated, so SecIsValidHandle is still true). */
int freed_twice() {
  Client client;
  if (!client.acquire())
    return -1;
  FreeCredentialsHandle(&client.cred_);
  return 0;
  // CHECK: destructor.cpp:[[@LINE-1]]:3: warning: credential 'client.cred_' is freed twice on this path [sspi-double-release]
  // CHECK: destructor.cpp:[[@LINE-5]]:7: note: assuming '!client.acquire()' is false
  // CHECK: destructor.cpp:[[@LINE-4]]:3: note: 'client.cred_' freed here
}

/* Negative: freed and invalidated before the destructor runs. */
int freed_and_reset() {
  Client client;
  if (!client.acquire())
    return -1;
  FreeCredentialsHandle(&client.cred_);
  SecInvalidateHandle(&client.cred_);
  return 0;
}

/* Positive: this destructor releases the context only; the credential its
   method acquired is lost when the object goes out of scope. */
class Session {
public:
  ~Session() { DeleteSecurityContext(&ctx_); }
  // The destructor is a teardown of every Session: it forgets the credential.
  // CHECK: destructor.cpp:[[@LINE-2]]:46: warning: credential 'cred_' is never freed on this path of '~Session', which tears down its 'Session' (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: destructor.cpp:[[@LINE+2]]:12: note: credential 'cred_' (a field of 'Session') is acquired here by AcquireCredentialsHandleA in 'acquire'
  bool acquire() {
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Negotiate",
                                     SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                     NULL, &cred_, NULL) == SEC_E_OK;
  }
  CredHandle cred_;
  CtxtHandle ctx_;
};

int session_leaks() {
  Session s;
  if (!s.acquire())
    return -1;
  return 0;
  // CHECK: destructor.cpp:[[@LINE-1]]:3: warning: credential 's.cred_' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: destructor.cpp:[[@LINE-4]]:8: note: credential 's.cred_' acquired here by 'acquire'
  // CHECK: destructor.cpp:[[@LINE-5]]:7: note: assuming '!s.acquire()' is false
}
