/* Does not compile (the return lacks its ';'): clang-tidy exits 1 and the
   SARIF log gets a clang-diagnostic-error result instead of findings. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int broken(void) {
  CredHandle cred;
  TimeStamp ts;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  return 0
}
