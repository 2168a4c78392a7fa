// A second SspiFreeAuthIdentity of the same identity on one path.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static SECURITY_STATUS acquire(PSEC_WINNT_AUTH_IDENTITY_OPAQUE id,
                               CredHandle *cred) {
  TimeStamp ts;
  return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Negotiate",
                                   SECPKG_CRED_OUTBOUND, NULL, id, NULL, NULL,
                                   cred, &ts);
}

int freed_twice_on_error(PCWSTR user, PCWSTR password, CredHandle *cred) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  int rc = 0;
  if (SspiEncodeStringsAsAuthIdentity(user, NULL, password, &id) != SEC_E_OK)
    return -1;
  if (acquire(id, cred) != SEC_E_OK) {
    SspiFreeAuthIdentity(id);
    rc = -1;
  }
  SspiFreeAuthIdentity(id);
  // CHECK: auth-identity.c:[[@LINE-1]]:3: warning: auth identity 'id' is freed twice on this path (SspiFreeAuthIdentity) [sspi-double-release]
  // CHECK: auth-identity.c:[[@LINE-8]]:7: note: assuming 'SspiEncodeStringsAsAuthIdentity(user, NULL, password, &id) != SEC_E_OK' is false
  // CHECK: auth-identity.c:[[@LINE-7]]:7: note: assuming 'acquire(id, cred) != SEC_E_OK' is true
  // CHECK: auth-identity.c:[[@LINE-7]]:5: note: 'id' freed here
  return rc;
}

// Freed once on each path.
int freed_once(PCWSTR user, PCWSTR password, CredHandle *cred) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  if (SspiEncodeStringsAsAuthIdentity(user, NULL, password, &id) != SEC_E_OK)
    return -1;
  if (acquire(id, cred) != SEC_E_OK) {
    SspiFreeAuthIdentity(id);
    return -1;
  }
  SspiFreeAuthIdentity(id);
  return 0;
}

// Set to NULL after the free: the second call is guarded.
int reset_after_free(PCWSTR user, PCWSTR password, CredHandle *cred) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  if (SspiEncodeStringsAsAuthIdentity(user, NULL, password, &id) != SEC_E_OK)
    return -1;
  if (acquire(id, cred) != SEC_E_OK) {
    SspiFreeAuthIdentity(id);
    id = NULL;
  }
  if (id)
    SspiFreeAuthIdentity(id);
  return 0;
}
