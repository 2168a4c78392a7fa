/* accuracy-harness.test: revision 1 of a file with compile errors: one in
   a function that names no SSPI call, one in an SSPI function's body, and a
   credential leak in a clean function. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int config_value(void)
{
  return undeclared_setting;
}

int ready(void);

/* The credential leaks when ready() fails. */
int open_cred(void)
{
  CredHandle cred;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, NULL) != SEC_E_OK)
    return -1;
  if (ready() != 0)
    return -1;
  FreeCredentialsHandle(&cred);
  return 0;
}

void trace(int);

/* Its own body has an error: not analysed on either revision. */
void close_ctx(CtxtHandle *ctx)
{
  trace(undeclared_level);
  DeleteSecurityContext(ctx);
}
