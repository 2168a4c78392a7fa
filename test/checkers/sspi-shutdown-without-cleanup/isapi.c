// ISAPI: IIS calls TerminateExtension right before it unloads the DLL; the
// credential acquired in GetExtensionVersion is never freed.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_isapi_cred;

BOOL WINAPI GetExtensionVersion(void *ver) {
  TimeStamp ts;
  return AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_INBOUND, NULL,
                                   NULL, NULL, NULL, &g_isapi_cred, &ts) ==
         SEC_E_OK;
}

BOOL WINAPI TerminateExtension(DWORD flags) {
  return TRUE;
  // CHECK: isapi.c:[[@LINE-1]]:3: warning: credential 'g_isapi_cred' is still live when shutdown entry point 'TerminateExtension' returns; free it with FreeCredentialsHandle before the module unloads [sspi-shutdown-without-cleanup]
  // CHECK: isapi.c:[[@LINE-8]]:10: note: credential 'g_isapi_cred' acquired here by AcquireCredentialsHandleA
  // CHECK: isapi.c:[[@LINE-4]]:13: note: IIS calls 'TerminateExtension' right before it unloads the DLL
}
