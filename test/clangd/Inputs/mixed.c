/* Input of test/clangd/doc-links.test: an sspi-* finding and an upstream
   clang-tidy finding (bugprone-assignment-in-if-condition) in one file. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int connect_to(const char *host);

int open_session(const char *host) {
  CredHandle cred;
  TimeStamp expiry;
  int fd;

  if (AcquireCredentialsHandleA(NULL, (LPSTR) "Negotiate", SECPKG_CRED_OUTBOUND,
                                NULL, NULL, NULL, NULL, &cred,
                                &expiry) != SEC_E_OK)
    return -1;
  fd = connect_to(host);
  if (fd < 0)
    return -2;
  if ((fd = 0))
    fd = 1;
  FreeCredentialsHandle(&cred);
  return fd;
}
