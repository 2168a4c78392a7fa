// A service's control handler on SERVICE_CONTROL_STOP: it frees the
// credential but forgets the context.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_svc_cred;
static CtxtHandle g_svc_ctx;
static SERVICE_STATUS_HANDLE g_status;

static DWORD WINAPI control_handler(DWORD control, DWORD type, LPVOID data,
                                    LPVOID context) {
  switch (control) {
  case SERVICE_CONTROL_STOP:
  case SERVICE_CONTROL_SHUTDOWN:
    FreeCredentialsHandle(&g_svc_cred);
    return NO_ERROR;
    // CHECK: service.c:[[@LINE-1]]:5: warning: security context 'g_svc_ctx' is still live when shutdown entry point 'control_handler' returns; delete it with DeleteSecurityContext before the module unloads [sspi-shutdown-without-cleanup]
    // CHECK: service.c:[[@LINE+18]]:10: note: security context 'g_svc_ctx' created here by AcceptSecurityContext
    // CHECK: service.c:[[@LINE+9]]:14: note: 'control_handler' is registered here as the service control handler; assuming SERVICE_CONTROL_STOP
  case SERVICE_CONTROL_INTERROGATE:
    return NO_ERROR;
  }
  return ERROR_CALL_NOT_IMPLEMENTED;
}

void WINAPI service_main(DWORD argc, LPWSTR *argv) {
  TimeStamp ts;
  g_status = RegisterServiceCtrlHandlerExW(L"authsvc", control_handler, NULL);
  AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Negotiate", SECPKG_CRED_INBOUND,
                            NULL, NULL, NULL, NULL, &g_svc_cred, &ts);
}

int service_accept(SecBufferDesc *in, SecBufferDesc *out) {
  TimeStamp ts;
  ULONG attrs;
  return AcceptSecurityContext(&g_svc_cred, NULL, in, 0, 0, &g_svc_ctx, out,
                               &attrs, &ts) >= 0;
}
