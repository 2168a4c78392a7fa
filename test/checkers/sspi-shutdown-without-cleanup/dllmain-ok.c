// The same DLL releasing everything on unload, through a helper that checks
// SecIsValidHandle: silent.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_cred;
static CtxtHandle g_ctx;

int server_start(void) {
  TimeStamp ts;
  SecInvalidateHandle(&g_cred);
  SecInvalidateHandle(&g_ctx);
  return AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_INBOUND, NULL,
                                   NULL, NULL, NULL, &g_cred, &ts) == SEC_E_OK;
}

int server_accept(SecBufferDesc *in, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  return AcceptSecurityContext(&g_cred, NULL, in, 0, 0, &g_ctx, out, &attrs,
                               &ts) >= 0;
}

static void release_all(void) {
  if (SecIsValidHandle(&g_ctx)) {
    DeleteSecurityContext(&g_ctx);
    SecInvalidateHandle(&g_ctx);
  }
  if (SecIsValidHandle(&g_cred)) {
    FreeCredentialsHandle(&g_cred);
    SecInvalidateHandle(&g_cred);
  }
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
  if (reason == DLL_PROCESS_DETACH && reserved == NULL)
    release_all();
  return TRUE;
}


