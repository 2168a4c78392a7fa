/* The same login, with the credential freed on every path. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int open_connection(const char *host);

int login(const char *host)
{
    CredHandle cred;
    TimeStamp expiry;
    int rc = 0;

    if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                  NULL, NULL, NULL, NULL, &cred,
                                  &expiry) != SEC_E_OK)
        return -1;
    if (open_connection(host) < 0)
        rc = -2;
    FreeCredentialsHandle(&cred);
    return rc;
}
