/* accuracy-harness.test: revision 2 of a small SSPI client, the fixes of
   leaky_init and session_close (max_token still leaks). */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct session {
  CtxtHandle ctx;
  int open;
};

int send_token(const void *data, unsigned long len);

/* The credential is freed when the first leg fails. */
int leaky_init(SEC_CHAR *target)
{
  CredHandle cred;
  CtxtHandle ctx;
  SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out};
  ULONG attrs;
  SECURITY_STATUS st;

  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, NULL) != SEC_E_OK)
    return -1;
  st = InitializeSecurityContextA(&cred, NULL, target, ISC_REQ_ALLOCATE_MEMORY,
                                  0, SECURITY_NATIVE_DREP, NULL, 0, &ctx,
                                  &out_desc, &attrs, NULL);
  if (FAILED(st)) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  if (out.pvBuffer) {
    send_token(out.pvBuffer, out.cbBuffer);
    FreeContextBuffer(out.pvBuffer);
  }
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}

/* The package information is never given back. */
unsigned long max_token(void)
{
  PSecPkgInfoA info;
  if (QuerySecurityPackageInfoA("Negotiate", &info) != SEC_E_OK)
    return 0;
  return info->cbMaxToken;
}

/* Closes a session and deletes its context. */
void session_close(struct session *s)
{
  if (s->open)
    DeleteSecurityContext(&s->ctx);
  s->open = 0;
}
