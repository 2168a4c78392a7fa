// Handles owned by objects: a teardown that forgets the credential its
// object holds. A teardown is a function that frees its owner parameter
// (free, HeapFree, LocalFree, delete, or a function of the file that does),
// or whose name matches TeardownFunctions (default: a word such as free,
// destroy, close, cleanup, release, uninit, dispose, teardown).
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
// RUN: %sspi_tidy %s --config="{CheckOptions: {sspi-credential-leak.TeardownFunctions: '^finish_'}}" -- %win_flags 2>/dev/null | %FileCheck %s --check-prefix=CUSTOM --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct auth {
  CredHandle cred;
  char *user;
};

int auth_begin(struct auth *a) {
  TimeStamp ts;
  return AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL,
                                   NULL, NULL, NULL, &a->cred, &ts);
}

// Frees its object (HeapFree) without freeing the credential in it.
static void auth_free_memory(struct auth *a) {
  free(a->user);
  HeapFree(GetProcessHeap(), 0, a);
  // CHECK: owner-teardown.c:[[@LINE-1]]:3: warning: credential 'a->cred' is still live when 'a' is freed (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: owner-teardown.c:[[@LINE-9]]:10: note: credential 'a->cred' (a field of 'struct auth') is acquired here by AcquireCredentialsHandleA in 'auth_begin'
  // CUSTOM: owner-teardown.c:[[@LINE-3]]:3: warning: credential 'a->cred' is still live when 'a' is freed (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CUSTOM: owner-teardown.c:[[@LINE-11]]:10: note: credential 'a->cred' (a field of 'struct auth') is acquired here by AcquireCredentialsHandleA in 'auth_begin'
}

// Its caller hands the object to a function that does not release SSPI
// handles: the finding is there, where the memory is freed.
void auth_drop(struct auth *a) { auth_free_memory(a); }

// A teardown by its name; with TeardownFunctions '^finish_' it is not one.
void auth_cleanup(struct auth *a) {
  free(a->user);
  a->user = NULL;
}
// CHECK: owner-teardown.c:[[@LINE-1]]:1: warning: credential 'a->cred' is never freed on this path of 'auth_cleanup', which tears down its 'struct auth' (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: owner-teardown.c:[[@LINE-24]]:10: note: credential 'a->cred' (a field of 'struct auth') is acquired here by AcquireCredentialsHandleA in 'auth_begin'

// Only a teardown with TeardownFunctions '^finish_'.
void finish_auth(struct auth *a) {
  free(a->user);
}
// CUSTOM: owner-teardown.c:[[@LINE-1]]:1: warning: credential 'a->cred' is never freed on this path of 'finish_auth', which tears down its 'struct auth' (missing FreeCredentialsHandle) [sspi-credential-leak]
// CUSTOM: owner-teardown.c:[[@LINE-31]]:10: note: credential 'a->cred' (a field of 'struct auth') is acquired here by AcquireCredentialsHandleA in 'auth_begin'
