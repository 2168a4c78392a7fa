// The ShutdownFunctions option: the default names (…Stop, …Shutdown,
// …_fini, …global_cleanup) but not per-object cleanups taking a pointer,
// and a project's own names given in CheckOptions.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --check-prefix=DEFAULT --implicit-check-not="{{warning|note|error}}:"
// RUN: %sspi_tidy %s --config="{CheckOptions: {sspi-shutdown-without-cleanup.ShutdownFunctions: '^teardown$'}}" -- %win_flags 2>/dev/null | %FileCheck %s --check-prefix=CUSTOM --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_cred;

int auth_global_init(void) {
  TimeStamp ts;
  return AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                   NULL, NULL, NULL, &g_cred, &ts) == SEC_E_OK;
}

void auth_global_cleanup(void) {}
// DEFAULT: options.c:[[@LINE-1]]:33: warning: credential 'g_cred' is still live when shutdown entry point 'auth_global_cleanup' returns; free it with FreeCredentialsHandle before the module unloads [sspi-shutdown-without-cleanup]
// DEFAULT: options.c:[[@LINE-6]]:10: note: credential 'g_cred' acquired here by AcquireCredentialsHandleA
// DEFAULT: options.c:[[@LINE-3]]:6: note: 'auth_global_cleanup' is a shutdown function (its name matches the ShutdownFunctions option)

void ConnectionShutdown(void *conn) {}

void teardown(void) {}
// CUSTOM: options.c:[[@LINE-1]]:22: warning: credential 'g_cred' is still live when shutdown entry point 'teardown' returns; free it with FreeCredentialsHandle before the module unloads [sspi-shutdown-without-cleanup]
// CUSTOM: options.c:[[@LINE-13]]:10: note: credential 'g_cred' acquired here by AcquireCredentialsHandleA
// CUSTOM: options.c:[[@LINE-3]]:6: note: 'teardown' is a shutdown function (its name matches the ShutdownFunctions option)
