// An opaque auth identity from SspiEncodeStringsAsAuthIdentity is memory the
// caller must free with SspiFreeAuthIdentity ("When you have finished using
// this structure, free it by calling the SspiFreeAuthIdentity function").
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int use_identity(PSEC_WINNT_AUTH_IDENTITY_OPAQUE id);
void keep_identity(PSEC_WINNT_AUTH_IDENTITY_OPAQUE id);

// Acquires a credential for the identity, then returns early on one path.
int leaks_on_early_return(PCWSTR user, PCWSTR domain, PCWSTR password,
                          CredHandle *cred) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  TimeStamp ts;
  if (SspiEncodeStringsAsAuthIdentity(user, domain, password, &id) != SEC_E_OK)
    return -1;
  if (AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Negotiate",
                                SECPKG_CRED_OUTBOUND, NULL, id, NULL, NULL,
                                cred, &ts) != SEC_E_OK)
    return -1;
  // CHECK: auth-identity.c:[[@LINE-1]]:5: warning: auth identity 'id' allocated by SspiEncodeStringsAsAuthIdentity is never freed on this path (missing SspiFreeAuthIdentity) [sspi-context-buffer-leak]
  // CHECK: auth-identity.c:[[@LINE-7]]:7: note: auth identity 'id' allocated here by SspiEncodeStringsAsAuthIdentity
  // CHECK: auth-identity.c:[[@LINE-8]]:7: note: assuming 'SspiEncodeStringsAsAuthIdentity(user, domain, password, &id) != SEC_E_OK' is false
  // CHECK: auth-identity.c:[[@LINE-7]]:7: note: assuming 'AcquireCredentialsHandleW(...) != SEC_E_OK' is true
  SspiFreeAuthIdentity(id);
  return 0;
}

// Freed on every path: the credential keeps its own copy of the identity.
int freed_on_every_path(PCWSTR user, PCWSTR domain, PCWSTR password,
                        CredHandle *cred) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  TimeStamp ts;
  SECURITY_STATUS st;
  if (SspiEncodeStringsAsAuthIdentity(user, domain, password, &id) != SEC_E_OK)
    return -1; // a failed encoding allocated nothing
  st = AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Negotiate",
                                 SECPKG_CRED_OUTBOUND, NULL, id, NULL, NULL,
                                 cred, &ts);
  SspiFreeAuthIdentity(id);
  return st == SEC_E_OK ? 0 : -1;
}

// Freed where it is not NULL, the usual cleanup idiom.
int freed_under_a_null_test(PCWSTR user, PCWSTR domain, PCWSTR password) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  int rc = -1;
  if (SspiEncodeStringsAsAuthIdentity(user, domain, password, &id) != SEC_E_OK)
    goto done;
  rc = use_identity(id);
done:
  if (id)
    SspiFreeAuthIdentity(id);
  return rc;
}

// Handed to a function that keeps it: not this function's to free.
void handed_over(PCWSTR user, PCWSTR domain, PCWSTR password) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  if (SspiEncodeStringsAsAuthIdentity(user, domain, password, &id) == SEC_E_OK)
    keep_identity(id);
}

// Returned to the caller.
PSEC_WINNT_AUTH_IDENTITY_OPAQUE returned(PCWSTR user, PCWSTR password) {
  PSEC_WINNT_AUTH_IDENTITY_OPAQUE id = NULL;
  if (SspiEncodeStringsAsAuthIdentity(user, NULL, password, &id) != SEC_E_OK)
    return NULL;
  return id;
}
