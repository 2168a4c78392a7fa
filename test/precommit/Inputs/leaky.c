/* A credential that is not freed when the connection fails. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int open_connection(const char *host);

int login(const char *host)
{
    CredHandle cred;
    TimeStamp expiry;

    if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                  NULL, NULL, NULL, NULL, &cred,
                                  &expiry) != SEC_E_OK)
        return -1;
    if (open_connection(host) < 0)
        return -2; /* the credential leaks here */
    FreeCredentialsHandle(&cred);
    return 0;
}
