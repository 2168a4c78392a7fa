/* Leaks the credential only when built with -DEARLY_RETURN, a flag that only
   the compilation database gives: a finding here shows -p was used. */
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
#ifdef EARLY_RETURN
    if (open_connection(host) < 0)
        return -2;
#endif
    rc = open_connection(host);
    FreeCredentialsHandle(&cred);
    return rc;
}
