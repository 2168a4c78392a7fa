// The cleanup is elsewhere in the file: the service's main function frees
// the credential after its stop event, so the stop handler is not blamed.
// A global only maybe acquired (status not checked as success) is not
// long-lived.
// RUN: %sspi_tidy_bin --checks=-*,sspi-shutdown-without-cleanup %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_cred;
static CredHandle g_probe;
static HANDLE g_stop;
static SERVICE_STATUS_HANDLE g_status;

static int auth_init(void) {
  TimeStamp ts;
  return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Negotiate",
                                   SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                   &g_cred, &ts) == SEC_E_OK;
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx) {
  if (control == SERVICE_CONTROL_STOP) {
    SetEvent(g_stop);
    return NO_ERROR;
  }
  return ERROR_CALL_NOT_IMPLEMENTED;
}

void WINAPI service_main(DWORD argc, LPWSTR *argv) {
  SERVICE_STATUS st = {SERVICE_WIN32_OWN_PROCESS, SERVICE_RUNNING,
                       SERVICE_ACCEPT_STOP};
  g_status = RegisterServiceCtrlHandlerExW(L"authsvc", handler, NULL);
  g_stop = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (!auth_init())
    return;
  SetServiceStatus(g_status, &st);
  WaitForSingleObject(g_stop, INFINITE);
  FreeCredentialsHandle(&g_cred);
  st.dwCurrentState = SERVICE_STOPPED;
  SetServiceStatus(g_status, &st);
}

int probe(void) {
  TimeStamp ts;
  if (AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                NULL, NULL, &g_probe, &ts) != SEC_E_OK)
    return -1;
  FreeCredentialsHandle(&g_probe);
  return 0;
}

void AuthShutdown(void) {}
