/* client_ok.c - a Negotiate (Kerberos, NTLM fallback) client handshake that
 * releases every SSPI handle on every path. sspi-tidy reports nothing here.
 *
 * The transport is a connected socket with length-prefixed tokens; the two
 * framing helpers live in another file of the program.
 */
#define SECURITY_WIN32
#include <winsock2.h>
#include <windows.h>
#include <sspi.h>
#include <stdio.h>

#define MAX_TOKEN 12288

/* 0 on success. */
extern int send_token(SOCKET s, const void *data, unsigned long len);
extern int recv_token(SOCKET s, void *data, unsigned long cap,
                      unsigned long *len);

/* Authenticates this process's logon session to the server named by `spn`
 * (e.g. L"HTTP/web01.corp.example.com") and prints who the server thinks we
 * are. Returns 0 when mutual authentication succeeded. */
int negotiate_client(SOCKET s, const wchar_t *spn)
{
    CredHandle cred;
    CtxtHandle ctx;
    PCtxtHandle pctx = NULL;    /* no context yet: first InitializeSecurityContext */
    PSecBufferDesc pin = NULL;  /* no server token yet either */
    TimeStamp expiry;
    SecBuffer out_buf, in_buf;
    SecBufferDesc out_desc, in_desc;
    SecPkgContext_NamesW names;
    unsigned char in_data[MAX_TOKEN];
    unsigned long in_len = 0;
    ULONG attrs = 0;
    SECURITY_STATUS st, cst;
    int rc = -1;

    SecInvalidateHandle(&cred);
    SecInvalidateHandle(&ctx);

    st = AcquireCredentialsHandleW(NULL, L"Negotiate", SECPKG_CRED_OUTBOUND,
                                   NULL, NULL, NULL, NULL, &cred, &expiry);
    if (st != SEC_E_OK) {
        fprintf(stderr, "AcquireCredentialsHandleW: 0x%08lx\n", (unsigned long)st);
        return -1;
    }

    for (;;) {
        out_buf.BufferType = SECBUFFER_TOKEN;
        out_buf.cbBuffer = 0;
        out_buf.pvBuffer = NULL; /* ISC_REQ_ALLOCATE_MEMORY: the package allocates */
        out_desc.ulVersion = SECBUFFER_VERSION;
        out_desc.cBuffers = 1;
        out_desc.pBuffers = &out_buf;

        in_buf.BufferType = SECBUFFER_TOKEN;
        in_buf.cbBuffer = in_len;
        in_buf.pvBuffer = in_data;
        in_desc.ulVersion = SECBUFFER_VERSION;
        in_desc.cBuffers = 1;
        in_desc.pBuffers = &in_buf;

        st = InitializeSecurityContextW(
            &cred, pctx, (SEC_WCHAR *)spn,
            ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY,
            0, SECURITY_NATIVE_DREP, pin, 0, &ctx, &out_desc,
            &attrs, &expiry);
        if (FAILED(st)) {
            /* A later leg failing leaves the context alive: cleanup deletes it. */
            fprintf(stderr, "InitializeSecurityContextW: 0x%08lx\n", (unsigned long)st);
            goto cleanup;
        }
        pctx = &ctx;
        pin = &in_desc;

        if (st == SEC_I_COMPLETE_NEEDED || st == SEC_I_COMPLETE_AND_CONTINUE) {
            cst = CompleteAuthToken(&ctx, &out_desc);
            if (cst != SEC_E_OK) {
                if (out_buf.pvBuffer != NULL)
                    FreeContextBuffer(out_buf.pvBuffer);
                goto cleanup;
            }
        }

        if (out_buf.cbBuffer != 0 && out_buf.pvBuffer != NULL) {
            int sent = send_token(s, out_buf.pvBuffer, out_buf.cbBuffer);
            FreeContextBuffer(out_buf.pvBuffer);
            out_buf.pvBuffer = NULL;
            if (sent != 0)
                goto cleanup;
        }

        if (st != SEC_I_CONTINUE_NEEDED && st != SEC_I_COMPLETE_AND_CONTINUE)
            break; /* SEC_E_OK or SEC_I_COMPLETE_NEEDED: established */

        if (recv_token(s, in_data, sizeof in_data, &in_len) != 0)
            goto cleanup;
    }

    if (!(attrs & ISC_RET_MUTUAL_AUTH)) {
        fprintf(stderr, "server did not authenticate itself\n");
        goto cleanup;
    }

    if (QueryContextAttributesW(&ctx, SECPKG_ATTR_NAMES, &names) == SEC_E_OK) {
        wprintf(L"authenticated as %ls\n", names.sUserName);
        FreeContextBuffer(names.sUserName);
    }
    rc = 0;

cleanup:
    if (SecIsValidHandle(&ctx))
        DeleteSecurityContext(&ctx);
    if (SecIsValidHandle(&cred))
        FreeCredentialsHandle(&cred);
    return rc;
}
