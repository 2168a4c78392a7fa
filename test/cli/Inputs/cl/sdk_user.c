/* Input of test/cli/cl-database.test: compiled by a cl.exe command that names
   its own Windows SDK headers (sdk/), so it is checked with that command as
   it is: MSVC target, no mingw-w64. */
#include <windows.h>
#include <sspi.h>
#ifdef __MINGW32__
#error "this command must not be turned into a mingw-w64 one"
#endif

int connect_to(const char *host);

int open_session(const char *host) {
  CredHandle cred;
  TimeStamp expiry;
  if (AcquireCredentialsHandleA(0, "Kerberos", SECPKG_CRED_OUTBOUND, 0, 0, 0, 0, &cred,
                                &expiry) != SEC_E_OK)
    return -1;
  if (connect_to(host) < 0)
    return -2; /* leaks cred */
  FreeCredentialsHandle(&cred);
  return 0;
}
