// Cases that stay silent: a release skipped only by a flag the analysis
// cannot decide, an unknown function that may do the cleanup, the process
// exit branch of DllMain, a handle released right after use.
// RUN: %sspi_tidy_bin --checks=-*,sspi-shutdown-without-cleanup %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_cred;
static CtxtHandle g_ctx;
static int g_started;
void external_cleanup(void);

int start(SecBufferDesc *in, SecBufferDesc *out) {
  TimeStamp ts;
  ULONG attrs;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_INBOUND, NULL,
                                NULL, NULL, NULL, &g_cred, &ts) != SEC_E_OK)
    return -1;
  g_started = 1;
  if (AcceptSecurityContext(&g_cred, NULL, in, 0, 0, &g_ctx, out, &attrs, &ts) <
      0)
    return -1;
  return 0;
}

/* Released only when started: `g_started` is not tracked across functions. */
void ServerStop(void) {
  if (!g_started)
    return;
  DeleteSecurityContext(&g_ctx);
  FreeCredentialsHandle(&g_cred);
  g_started = 0;
}

/* Cleanup delegated to a function defined elsewhere. */
void ModuleUnload(void) { external_cleanup(); }

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
  if (reason != DLL_PROCESS_DETACH)
    return TRUE;
  if (reserved)
    return TRUE; /* process exit: leave it */
  ServerStop();
  return TRUE;
}
