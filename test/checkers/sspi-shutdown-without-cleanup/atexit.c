// A function registered with atexit is a shutdown entry point: it releases
// the context but forgets the credential.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct server {
  CredHandle cred;
  CtxtHandle ctx;
};
static struct server g_srv;

static void at_exit_cleanup(void) {
  DeleteSecurityContext(&g_srv.ctx);
}
// CHECK: atexit.c:[[@LINE-1]]:1: warning: credential 'g_srv.cred' is still live when shutdown entry point 'at_exit_cleanup' returns; free it with FreeCredentialsHandle before the module unloads [sspi-shutdown-without-cleanup]
// CHECK: atexit.c:[[@LINE+6]]:7: note: credential 'g_srv.cred' acquired here by AcquireCredentialsHandleW
// CHECK: atexit.c:[[@LINE+12]]:3: note: 'at_exit_cleanup' is registered here with atexit and runs at exit

int server_init(SecBufferDesc *in, SecBufferDesc *out) {
  TimeStamp ts;
  ULONG attrs;
  if (AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Kerberos",
                                SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                &g_srv.cred, &ts) != SEC_E_OK)
    return -1;
  if (AcceptSecurityContext(&g_srv.cred, NULL, in, 0, 0, &g_srv.ctx, out,
                            &attrs, &ts) < 0)
    return -1;
  atexit(at_exit_cleanup);
  return 0;
}
