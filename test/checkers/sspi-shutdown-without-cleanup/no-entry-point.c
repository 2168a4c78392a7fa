// An executable with only main: process exit reclaims everything, so
// globals that are never released are not reported by this check.
// RUN: %sspi_tidy_bin --checks=-*,sspi-shutdown-without-cleanup %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static CredHandle g_cred;

int main(void) {
  TimeStamp ts;
  if (AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                NULL, NULL, &g_cred, &ts) != SEC_E_OK)
    return 1;
  return 0;
}
