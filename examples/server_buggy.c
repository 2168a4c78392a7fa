/* server_buggy.c - a Negotiate file server for one connection (started per
 * client by a listener, inetd style). It authenticates the client, logs who
 * it is, opens the requested file as that client and answers with a sealed
 * status message. None of its handles leak, but it gets the order and the
 * pairing of SSPI calls wrong in five places:
 *
 *   1. log_client: the user name QueryContextAttributes allocated is never
 *      given back with FreeContextBuffer;
 *   2. open_as_client: when the file cannot be opened, the thread goes on
 *      impersonating the client (no RevertSecurityContext);
 *   3. a later AcceptSecurityContext leg fails: the partial context is
 *      deleted, and deleted again in the cleanup, because have_ctx stays TRUE;
 *   4. access denied: the context is deleted early, then used to seal the
 *      answer;
 *   5. the cleanup frees the credential before deleting the context made
 *      from it.
 *
 * `./sspi-tidy examples/server_buggy.c` reports each one with its path.
 */
#define SECURITY_WIN32
#include <winsock2.h>
#include <windows.h>
#include <sspi.h>
#include <stdio.h>
#include <string.h>

#define MAX_TOKEN 12288

/* Framing helpers shared with the client; 0 on success. */
extern int send_token(SOCKET s, const void *data, unsigned long len);
extern int recv_token(SOCKET s, void *data, unsigned long cap,
                      unsigned long *len);

/* Prints the authenticated user for the access log. */
static void log_client(CtxtHandle *ctx)
{
    SecPkgContext_NamesW names;

    if (QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
        return;
    wprintf(L"client: %ls\n", names.sUserName);
} /* bug 1: names.sUserName is never freed */

/* Opens `path` with the client's access rights. */
static HANDLE open_as_client(CtxtHandle *ctx, const wchar_t *path)
{
    HANDLE file;

    if (ImpersonateSecurityContext(ctx) != SEC_E_OK)
        return INVALID_HANDLE_VALUE;
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "open failed: %lu\n", GetLastError());
        return INVALID_HANDLE_VALUE; /* bug 2: still impersonating */
    }
    RevertSecurityContext(ctx);
    return file;
}

/* Serves the client on `s`; 0 when it got its answer (OK or DENIED). */
int serve_one(SOCKET s, const wchar_t *path)
{
    CredHandle cred;
    CtxtHandle ctx;
    BOOL have_ctx = FALSE;
    TimeStamp expiry;
    unsigned char in_data[MAX_TOKEN], out_data[MAX_TOKEN];
    unsigned long in_len;
    SecPkgContext_Sizes sizes;
    char reply[64], trailer[64];
    SecBuffer msg_bufs[2];
    SecBufferDesc msg_desc;
    HANDLE file;
    ULONG attrs;
    SECURITY_STATUS st;
    int rc = -1;

    if (AcquireCredentialsHandleW(NULL, L"Negotiate", SECPKG_CRED_INBOUND, NULL,
                                  NULL, NULL, NULL, &cred, &expiry) != SEC_E_OK)
        return -1;

    for (;;) {
        SecBuffer in_buf = {0, SECBUFFER_TOKEN, in_data};
        SecBuffer out_buf = {sizeof out_data, SECBUFFER_TOKEN, out_data};
        SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, &in_buf};
        SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buf};

        if (recv_token(s, in_data, sizeof in_data, &in_len) != 0)
            goto out;
        in_buf.cbBuffer = in_len;

        st = AcceptSecurityContext(&cred, have_ctx ? &ctx : NULL, &in_desc,
                                   ASC_REQ_CONFIDENTIALITY, SECURITY_NATIVE_DREP,
                                   &ctx, &out_desc, &attrs, &expiry);
        if (FAILED(st)) {
            fprintf(stderr, "AcceptSecurityContext: 0x%08lx\n", (unsigned long)st);
            if (have_ctx)
                DeleteSecurityContext(&ctx); /* the partial context */
            goto out; /* bug 3: have_ctx is still TRUE */
        }
        have_ctx = TRUE;
        if (out_buf.cbBuffer != 0 &&
            send_token(s, out_data, out_buf.cbBuffer) != 0)
            goto out;
        if (st != SEC_I_CONTINUE_NEEDED)
            break;
    }

    log_client(&ctx);
    if (QueryContextAttributesW(&ctx, SECPKG_ATTR_SIZES, &sizes) != SEC_E_OK ||
        sizes.cbSecurityTrailer > sizeof trailer)
        goto out;

    file = open_as_client(&ctx, path);
    if (file == INVALID_HANDLE_VALUE) {
        /* Log the client off at once; it may not read this file. */
        DeleteSecurityContext(&ctx);
        have_ctx = FALSE;
        strcpy(reply, "DENIED");
    } else {
        strcpy(reply, "OK");
        CloseHandle(file);
    }

    msg_bufs[0].BufferType = SECBUFFER_DATA;
    msg_bufs[0].cbBuffer = (unsigned long)strlen(reply);
    msg_bufs[0].pvBuffer = reply;
    msg_bufs[1].BufferType = SECBUFFER_TOKEN;
    msg_bufs[1].cbBuffer = sizes.cbSecurityTrailer;
    msg_bufs[1].pvBuffer = trailer;
    msg_desc.ulVersion = SECBUFFER_VERSION;
    msg_desc.cBuffers = 2;
    msg_desc.pBuffers = msg_bufs;
    if (EncryptMessage(&ctx, 0, &msg_desc, 0) != SEC_E_OK) /* bug 4 */
        goto out;
    if (send_token(s, reply, msg_bufs[0].cbBuffer) == 0 &&
        send_token(s, trailer, msg_bufs[1].cbBuffer) == 0)
        rc = 0;

out:
    FreeCredentialsHandle(&cred); /* bug 5: the context is deleted after it */
    if (have_ctx)
        DeleteSecurityContext(&ctx);
    return rc;
}
