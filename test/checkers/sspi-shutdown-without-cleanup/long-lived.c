// Which global handles are long-lived: a creator that hands its status to
// the caller untested, a creator that frees the global on an error path but
// keeps it on success, and a release that only DllMain's process-exit
// branch (lpvReserved != NULL) performs, which is no cleanup when
// FreeLibrary unloads the DLL. Each is reported where DllMain returns.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_client_cred;
static CtxtHandle g_ctx;
static CredHandle s_cred;
static CredHandle g_exit_cred;

int open_listener(void);

/* The status goes to the caller untested: on success g_ctx holds a
   context after this returns. */
SECURITY_STATUS start_handshake(SecBufferDesc *out) {
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextW(
      &g_client_cred, NULL, (SEC_WCHAR *)L"host", 0, 0, 0, NULL, 0, &g_ctx,
      out, &attrs, NULL);
  return st;
}

/* Freed on one error path, kept on success: not acquire-use-free. */
int listen_start(void) {
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_INBOUND, NULL,
                                NULL, NULL, NULL, &s_cred, NULL) != SEC_E_OK)
    return -1;
  if (open_listener() != 0) {
    FreeCredentialsHandle(&s_cred);
    return -1;
  }
  return 0;
}

int exit_cred_start(void) {
  return AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL,
                                   NULL, NULL, NULL, &g_exit_cred,
                                   NULL) == SEC_E_OK;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
  if (reason == DLL_PROCESS_DETACH && reserved != NULL) {
    /* process exit only: FreeLibrary never gets here */
    FreeCredentialsHandle(&g_exit_cred);
  }
  return TRUE;
  // CHECK: long-lived.c:[[@LINE-1]]:3: warning: credential 'g_exit_cred' is still live when shutdown entry point 'DllMain' returns; free it with FreeCredentialsHandle before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: long-lived.c:[[@LINE-12]]:10: note: credential 'g_exit_cred' acquired here by AcquireCredentialsHandleA
  // CHECK: long-lived.c:[[@LINE-8]]:13: note: 'DllMain' is a shutdown entry point: assuming DLL_PROCESS_DETACH with lpvReserved == NULL (FreeLibrary unloads the DLL)
  // CHECK: long-lived.c:[[@LINE-4]]:3: warning: credential 's_cred' is still live when shutdown entry point 'DllMain' returns; free it with FreeCredentialsHandle before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: long-lived.c:[[@LINE-26]]:7: note: credential 's_cred' acquired here by AcquireCredentialsHandleA
  // CHECK: long-lived.c:[[@LINE-11]]:13: note: 'DllMain' is a shutdown entry point: assuming DLL_PROCESS_DETACH with lpvReserved == NULL (FreeLibrary unloads the DLL)
  // CHECK: long-lived.c:[[@LINE-7]]:3: warning: security context 'g_ctx' is still live when shutdown entry point 'DllMain' returns; delete it with DeleteSecurityContext before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: long-lived.c:[[@LINE-37]]:24: note: security context 'g_ctx' created here by InitializeSecurityContextW
  // CHECK: long-lived.c:[[@LINE-14]]:13: note: 'DllMain' is a shutdown entry point: assuming DLL_PROCESS_DETACH with lpvReserved == NULL (FreeLibrary unloads the DLL)
}
