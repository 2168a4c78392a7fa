/* Input of test/action/action.test: leaks its credential only when built
   with -DEARLY_RETURN (the action's extra-args). */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int ready(void);

int session(void) {
  CredHandle cred;
  TimeStamp expiry;
  if (AcquireCredentialsHandleA(NULL, (LPSTR) "Negotiate", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                NULL, NULL, &cred, &expiry) != SEC_E_OK)
    return -1;
#ifdef EARLY_RETURN
  if (!ready())
    return -2;
#endif
  FreeCredentialsHandle(&cred);
  return 0;
}
