/* Input of test/clangd/lsp.test: a client whose context is not deleted when
   sending the first token fails. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *data, unsigned long len);

int client_leg(void) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp expiry;
  SecBuffer out_buf = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buf};
  ULONG attrs;
  SECURITY_STATUS st;

  if (AcquireCredentialsHandleA(NULL, (LPSTR) "Negotiate", SECPKG_CRED_OUTBOUND,
                                NULL, NULL, NULL, NULL, &cred,
                                &expiry) != SEC_E_OK)
    return -1;
  st = InitializeSecurityContextA(&cred, NULL, (LPSTR) "host/server", 0, 0,
                                  SECURITY_NATIVE_DREP, NULL, 0, &ctx,
                                  &out_desc, &attrs, &expiry);
  if (FAILED(st)) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  if (send_token(out_buf.pvBuffer, out_buf.cbBuffer) != 0) {
    FreeCredentialsHandle(&cred);
    return -1; /* the context is never deleted here */
  }
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}
