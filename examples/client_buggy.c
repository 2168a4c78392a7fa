/* client_buggy.c - the same kind of Negotiate client as client_ok.c, written
 * the way such code often is, with three handle leaks on error paths:
 *
 *   1. the token buffer cannot be allocated: the credential is never freed;
 *   2. sending the first token fails: the context InitializeSecurityContext
 *      just created is never deleted (the credential is, which hides it);
 *   3. a later InitializeSecurityContext leg fails (say SEC_E_LOGON_DENIED):
 *      the error path frees the credential but not the partial context,
 *      which Microsoft documents must still be deleted.
 *
 * `./sspi-tidy examples/client_buggy.c` reports each one with its path.
 */
#define SECURITY_WIN32
#include <winsock2.h>
#include <windows.h>
#include <sspi.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_TOKEN 12288

/* 0 on success. */
extern int send_token(SOCKET s, const void *data, unsigned long len);
extern int recv_token(SOCKET s, void *data, unsigned long cap,
                      unsigned long *len);

int kerberos_login(SOCKET s, const char *spn)
{
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp expiry;
    SecBuffer out_buf, in_buf;
    SecBufferDesc out_desc, in_desc;
    unsigned char *in_data;
    unsigned long in_len = 0;
    ULONG attrs = 0;
    BOOL first = TRUE;
    SECURITY_STATUS st;

    st = AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND,
                                   NULL, NULL, NULL, NULL, &cred, &expiry);
    if (st != SEC_E_OK)
        return -1;

    in_data = malloc(MAX_TOKEN);
    if (in_data == NULL)
        return -1; /* bug 1: cred is never freed */

    do {
        out_buf.BufferType = SECBUFFER_TOKEN;
        out_buf.cbBuffer = 0;
        out_buf.pvBuffer = NULL;
        out_desc.ulVersion = SECBUFFER_VERSION;
        out_desc.cBuffers = 1;
        out_desc.pBuffers = &out_buf;

        in_buf.BufferType = SECBUFFER_TOKEN;
        in_buf.cbBuffer = in_len;
        in_buf.pvBuffer = in_data;
        in_desc.ulVersion = SECBUFFER_VERSION;
        in_desc.cBuffers = 1;
        in_desc.pBuffers = &in_buf;

        st = InitializeSecurityContextA(&cred, first ? NULL : &ctx, (SEC_CHAR *)spn,
                                        ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_MUTUAL_AUTH,
                                        0, SECURITY_NATIVE_DREP,
                                        first ? NULL : &in_desc, 0, &ctx,
                                        &out_desc, &attrs, &expiry);
        if (FAILED(st)) {
            fprintf(stderr, "InitializeSecurityContextA: 0x%08lx\n", (unsigned long)st);
            FreeCredentialsHandle(&cred);
            free(in_data);
            return -1; /* bug 3: on a later leg, ctx is never deleted */
        }
        first = FALSE;

        if (out_buf.cbBuffer != 0) {
            if (send_token(s, out_buf.pvBuffer, out_buf.cbBuffer) != 0) {
                FreeContextBuffer(out_buf.pvBuffer);
                FreeCredentialsHandle(&cred);
                free(in_data);
                return -1; /* bug 2: ctx is never deleted */
            }
            FreeContextBuffer(out_buf.pvBuffer);
        }

        if (st == SEC_I_CONTINUE_NEEDED &&
            recv_token(s, in_data, MAX_TOKEN, &in_len) != 0)
            break;
    } while (st == SEC_I_CONTINUE_NEEDED);

    free(in_data);
    DeleteSecurityContext(&ctx);
    FreeCredentialsHandle(&cred);
    return st == SEC_E_OK ? 0 : -1;
}
