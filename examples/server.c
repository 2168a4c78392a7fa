/* server.c - a Negotiate server: accepts one client per connection, runs the
 * AcceptSecurityContext loop, impersonates the client to open the file it
 * asked for, and releases the context and the credential on every path.
 * sspi-tidy reports nothing here.
 */
#define SECURITY_WIN32
#include <winsock2.h>
#include <windows.h>
#include <sspi.h>
#include <stdio.h>

#define MAX_TOKEN 12288

/* Framing helpers shared with the client; 0 on success. */
extern int send_token(SOCKET s, const void *data, unsigned long len);
extern int recv_token(SOCKET s, void *data, unsigned long cap,
                      unsigned long *len);

/* Opens `path` with the client's access rights; -1 if it may not. */
static int open_as_client(CtxtHandle *ctx, const wchar_t *path)
{
    HANDLE file;

    if (ImpersonateSecurityContext(ctx) != SEC_E_OK)
        return -1;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    RevertSecurityContext(ctx);
    if (file == INVALID_HANDLE_VALUE)
        return -1;
    CloseHandle(file);
    return 0;
}

/* Authenticates the client on `s`; 0 when it may read `path`. */
static int serve_client(SOCKET s, PCredHandle cred, const wchar_t *path)
{
    CtxtHandle ctx;
    BOOL have_ctx = FALSE;
    TimeStamp expiry;
    SecBuffer in_buf, out_buf;
    SecBufferDesc in_desc, out_desc;
    unsigned char in_data[MAX_TOKEN];
    unsigned long in_len;
    ULONG attrs;
    SECURITY_STATUS st;
    int done = 0, rc = -1;

    while (!done) {
        if (recv_token(s, in_data, sizeof in_data, &in_len) != 0)
            break;

        in_buf.BufferType = SECBUFFER_TOKEN;
        in_buf.cbBuffer = in_len;
        in_buf.pvBuffer = in_data;
        in_desc.ulVersion = SECBUFFER_VERSION;
        in_desc.cBuffers = 1;
        in_desc.pBuffers = &in_buf;

        out_buf.BufferType = SECBUFFER_TOKEN;
        out_buf.cbBuffer = 0;
        out_buf.pvBuffer = NULL;
        out_desc.ulVersion = SECBUFFER_VERSION;
        out_desc.cBuffers = 1;
        out_desc.pBuffers = &out_buf;

        st = AcceptSecurityContext(cred, have_ctx ? &ctx : NULL, &in_desc,
                                   ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_CONFIDENTIALITY,
                                   SECURITY_NATIVE_DREP, &ctx, &out_desc, &attrs,
                                   &expiry);
        switch (st) {
        case SEC_E_OK:
            done = 1;
            /* fall through: there may be a last token for the client */
        case SEC_I_CONTINUE_NEEDED:
            have_ctx = TRUE;
            if (out_buf.pvBuffer != NULL) {
                int sent = send_token(s, out_buf.pvBuffer, out_buf.cbBuffer);
                FreeContextBuffer(out_buf.pvBuffer);
                if (sent != 0)
                    goto out;
            }
            break;
        default:
            /* Failure. On a later leg the partial context still exists. */
            fprintf(stderr, "AcceptSecurityContext: 0x%08lx\n", (unsigned long)st);
            if (out_buf.pvBuffer != NULL)
                FreeContextBuffer(out_buf.pvBuffer);
            goto out;
        }
    }

    if (done)
        rc = open_as_client(&ctx, path);

out:
    if (have_ctx)
        DeleteSecurityContext(&ctx);
    return rc;
}

/* Serves clients until accept() fails. */
int run_server(SOCKET listener, const wchar_t *path)
{
    CredHandle cred;
    TimeStamp expiry;
    SOCKET client;

    if (AcquireCredentialsHandleW(NULL, L"Negotiate", SECPKG_CRED_INBOUND, NULL,
                                  NULL, NULL, NULL, &cred, &expiry) != SEC_E_OK)
        return -1;

    while ((client = accept(listener, NULL, NULL)) != INVALID_SOCKET) {
        if (serve_client(client, &cred, path) == 0)
            send_token(client, "OK", 2);
        closesocket(client);
    }

    FreeCredentialsHandle(&cred);
    return 0;
}
