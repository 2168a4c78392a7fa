// A local handle reached through a pointer alias: `pc = &cred`, then the
// credential acquired into `pc` and freed through it (or through `&cred`).
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int open_connection(const char *host);

int alias_assigned_leaks(const char *host) {
  CredHandle cred;
  PCredHandle pc;
  TimeStamp expiry;
  pc = &cred;
  SECURITY_STATUS st = AcquireCredentialsHandleA(
      NULL, (SEC_CHAR *)"Negotiate", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
      NULL, pc, &expiry);
  if (st != SEC_E_OK)
    return -1;
  if (open_connection(host) < 0)
    return -2;
  // CHECK: pointer-alias.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: pointer-alias.c:[[@LINE-8]]:24: note: credential 'cred' acquired here by AcquireCredentialsHandleA
  // CHECK: pointer-alias.c:[[@LINE-6]]:7: note: assuming 'st != SEC_E_OK' is false
  // CHECK: pointer-alias.c:[[@LINE-5]]:7: note: assuming 'open_connection(host) < 0' is true
  FreeCredentialsHandle(pc);
  return 0;
}

int alias_initialised_leaks(const char *host) {
  CredHandle cred;
  PCredHandle pc = &cred;
  TimeStamp expiry;
  if (AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Negotiate",
                                SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                pc, &expiry) != SEC_E_OK)
    return -1;
  if (open_connection(host) < 0)
    return -2;
  // CHECK: pointer-alias.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: pointer-alias.c:[[@LINE-7]]:7: note: credential 'cred' acquired here by AcquireCredentialsHandleA
  // CHECK: pointer-alias.c:[[@LINE-8]]:7: note: assuming 'AcquireCredentialsHandleA(...) != SEC_E_OK' is false
  // CHECK: pointer-alias.c:[[@LINE-5]]:7: note: assuming 'open_connection(host) < 0' is true
  FreeCredentialsHandle(&cred);
  return 0;
}

/* The twins: every path frees, through the alias or the variable. */
int alias_freed_ok(const char *host) {
  CredHandle cred;
  PCredHandle pc;
  TimeStamp expiry;
  pc = &cred;
  SECURITY_STATUS st = AcquireCredentialsHandleA(
      NULL, (SEC_CHAR *)"Negotiate", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
      NULL, pc, &expiry);
  if (st != SEC_E_OK)
    return -1;
  if (open_connection(host) < 0) {
    FreeCredentialsHandle(&cred);
    return -2;
  }
  FreeCredentialsHandle(pc);
  return 0;
}

int alias_initialised_ok(const char *host) {
  CredHandle cred;
  PCredHandle pc = &cred;
  TimeStamp expiry;
  if (AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Negotiate",
                                SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                pc, &expiry) != SEC_E_OK)
    return -1;
  int rc = open_connection(host);
  FreeCredentialsHandle(pc);
  return rc;
}
