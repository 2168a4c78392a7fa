// A DLL that keeps SSPI handles in globals must release them when it is
// unloaded (DLL_PROCESS_DETACH with lpvReserved == NULL); on process exit
// (lpvReserved != NULL) it must not clean up.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_cred;
static CtxtHandle g_ctx;

int server_start(void) {
  TimeStamp ts;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_INBOUND, NULL,
                                NULL, NULL, NULL, &g_cred, &ts) != SEC_E_OK)
    return -1;
  return 0;
}

int server_accept(SecBufferDesc *in, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = AcceptSecurityContext(&g_cred, NULL, in, 0, 0, &g_ctx,
                                             out, &attrs, &ts);
  return FAILED(st) ? -1 : 0;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    DisableThreadLibraryCalls(inst);
    break;
  case DLL_PROCESS_DETACH:
    if (reserved != NULL)
      break; /* process exit: do not clean up */
    FreeCredentialsHandle(&g_cred);
    break;
  }
  return TRUE;
  // CHECK: dllmain.c:[[@LINE-1]]:3: warning: security context 'g_ctx' is still live when shutdown entry point 'DllMain' returns; delete it with DeleteSecurityContext before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: dllmain.c:[[@LINE-18]]:24: note: security context 'g_ctx' created here by AcceptSecurityContext
  // CHECK: dllmain.c:[[@LINE-14]]:13: note: 'DllMain' is a shutdown entry point: assuming DLL_PROCESS_DETACH with lpvReserved == NULL (FreeLibrary unloads the DLL)
}
