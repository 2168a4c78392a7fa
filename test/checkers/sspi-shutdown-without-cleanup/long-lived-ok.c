// The negative twins of long-lived.c: the same creators, and a DllMain that
// releases each global on FreeLibrary (its process-exit branch leaves them
// alone); a creator that frees on every path is not long-lived; a release
// in an exported cleanup function of the DLL counts as its cleanup.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_client_cred;
static CtxtHandle g_ctx;
static CredHandle s_cred;
static CredHandle g_probe;
static CredHandle g_api_cred;

int open_listener(void);

SECURITY_STATUS start_handshake(SecBufferDesc *out) {
  ULONG attrs;
  SECURITY_STATUS st = InitializeSecurityContextW(
      &g_client_cred, NULL, (SEC_WCHAR *)L"host", 0, 0, 0, NULL, 0, &g_ctx,
      out, &attrs, NULL);
  return st;
}

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

/* Acquire, use, free on every path: not long-lived. */
int probe(void) {
  if (AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                NULL, NULL, &g_probe, NULL) != SEC_E_OK)
    return -1;
  if (open_listener() != 0) {
    FreeCredentialsHandle(&g_probe);
    return -1;
  }
  FreeCredentialsHandle(&g_probe);
  return 0;
}

int api_start(void) {
  return AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND,
                                   NULL, NULL, NULL, NULL, &g_api_cred,
                                   NULL) == SEC_E_OK;
}

/* The DLL's exported cleanup, called by its users before FreeLibrary. */
__declspec(dllexport) void api_cleanup(void) {
  FreeCredentialsHandle(&g_api_cred);
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
  if (reason != DLL_PROCESS_DETACH || reserved != NULL)
    return TRUE; /* attach, or process exit: nothing to do */
  DeleteSecurityContext(&g_ctx);
  FreeCredentialsHandle(&g_client_cred);
  FreeCredentialsHandle(&s_cred);
  return TRUE;
}
