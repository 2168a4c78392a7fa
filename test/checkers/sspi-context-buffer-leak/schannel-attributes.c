// Schannel's QueryContextAttributes attributes that hand out memory:
// the certificate contexts of SECPKG_ATTR_REMOTE_CERT_CONTEXT and
// SECPKG_ATTR_LOCAL_CERT_CONTEXT (freed with CertFreeCertificateContext),
// SecPkgContext_IssuerListInfoEx.aIssuers and
// SecPkgContext_KeyingMaterial.pbKeyingMaterial (FreeContextBuffer). The
// fixed-size ones (CONNECTION_INFO, CIPHER_INFO, APPLICATION_PROTOCOL) hand
// out nothing.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <wincrypt.h>
#include <sspi.h>
#include <schannel.h>

int check_name(PCCERT_CONTEXT cert, const char *host);
void keep_cert(PCCERT_CONTEXT *slot, PCCERT_CONTEXT cert);

/* The verification failure path loses the server's certificate. */
int verify_server(CtxtHandle *ctx, const char *host) {
  PCCERT_CONTEXT remote = NULL;
  SECURITY_STATUS st = QueryContextAttributesA(
      ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, (PVOID)&remote);
  if (st != SEC_E_OK)
    return -1;
  if (!check_name(remote, host))
    return -1;
    // CHECK: schannel-attributes.c:[[@LINE-1]]:5: warning: certificate context 'remote' returned by QueryContextAttributesA is never freed on this path (missing CertFreeCertificateContext) [sspi-context-buffer-leak]
    // CHECK: schannel-attributes.c:[[@LINE-7]]:24: note: certificate context 'remote' returned here by QueryContextAttributesA
    // CHECK: schannel-attributes.c:[[@LINE-6]]:7: note: assuming 'st != SEC_E_OK' is false
    // CHECK: schannel-attributes.c:[[@LINE-5]]:7: note: assuming '!check_name(remote, host)' is true
  CertFreeCertificateContext(remote);
  return 0;
}

/* The client's own certificate, never given back. */
DWORD local_cert_size(CtxtHandle *ctx) {
  PCCERT_CONTEXT local;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local) !=
      SEC_E_OK)
    return 0;
  return local->cbCertEncoded;
  // CHECK: schannel-attributes.c:[[@LINE-1]]:3: warning: certificate context 'local' returned by QueryContextAttributesW is never freed on this path (missing CertFreeCertificateContext) [sspi-context-buffer-leak]
  // CHECK: schannel-attributes.c:[[@LINE-5]]:7: note: certificate context 'local' returned here by QueryContextAttributesW
  // CHECK: schannel-attributes.c:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesW(...) != SEC_E_OK' is false
}

/* The issuers a server accepts (after SEC_I_INCOMPLETE_CREDENTIALS). */
DWORD count_issuers(CtxtHandle *ctx) {
  SecPkgContext_IssuerListInfoEx issuers;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_ISSUER_LIST_EX, &issuers) !=
      SEC_E_OK)
    return 0;
  return issuers.cIssuers;
  // CHECK: schannel-attributes.c:[[@LINE-1]]:3: warning: buffer 'issuers.aIssuers' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: schannel-attributes.c:[[@LINE-5]]:7: note: buffer 'issuers.aIssuers' allocated here by QueryContextAttributesA
  // CHECK: schannel-attributes.c:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesA(...) != SEC_E_OK' is false
}

/* Exported keying material (RFC 5705). */
BYTE first_key_byte(CtxtHandle *ctx) {
  SecPkgContext_KeyingMaterial km;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_KEYING_MATERIAL, &km) != SEC_E_OK)
    return 0;
  return km.pbKeyingMaterial[0];
  // CHECK: schannel-attributes.c:[[@LINE-1]]:3: warning: buffer 'km.pbKeyingMaterial' allocated by QueryContextAttributesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: schannel-attributes.c:[[@LINE-4]]:7: note: buffer 'km.pbKeyingMaterial' allocated here by QueryContextAttributesW
  // CHECK: schannel-attributes.c:[[@LINE-5]]:7: note: assuming 'QueryContextAttributesW(...) != SEC_E_OK' is false
}

/* Negative: freed on every path, also through a NULL test. */
int verify_server_ok(CtxtHandle *ctx, const char *host) {
  PCCERT_CONTEXT remote = NULL;
  int ok;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT,
                              (PVOID)&remote) != SEC_E_OK)
    return -1;
  ok = check_name(remote, host);
  if (remote)
    CertFreeCertificateContext(remote);
  return ok ? 0 : -1;
}

/* Negative: a failed query returns nothing to free. */
int query_failed(CtxtHandle *ctx) {
  PCCERT_CONTEXT remote;
  SECURITY_STATUS st =
      QueryContextAttributesA(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote);
  if (FAILED(st))
    return -1;
  CertFreeCertificateContext(remote);
  return 0;
}

/* Negative: the certificate is handed over to whoever keeps it. */
int keep_remote(CtxtHandle *ctx, PCCERT_CONTEXT *slot) {
  PCCERT_CONTEXT remote;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote) !=
      SEC_E_OK)
    return -1;
  *slot = remote;
  return 0;
}

/* Negative: the issuer list and the keying material given back. */
DWORD issuers_and_keys_ok(CtxtHandle *ctx) {
  SecPkgContext_IssuerListInfoEx issuers;
  SecPkgContext_KeyingMaterial km;
  DWORD n;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_ISSUER_LIST_EX, &issuers) !=
      SEC_E_OK)
    return 0;
  n = issuers.cIssuers;
  FreeContextBuffer(issuers.aIssuers);
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_KEYING_MATERIAL, &km) != SEC_E_OK)
    return 0;
  n += km.cbKeyingMaterial;
  FreeContextBuffer(km.pbKeyingMaterial);
  return n;
}

/* Negative: fixed-size Schannel attributes allocate nothing. */
DWORD fixed_size_attributes(CtxtHandle *ctx) {
  SecPkgContext_ConnectionInfo conn;
  SecPkgContext_CipherInfo cipher;
  SecPkgContext_ApplicationProtocol alpn;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_CONNECTION_INFO, &conn) !=
      SEC_E_OK)
    return 0;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_CIPHER_INFO, &cipher) !=
      SEC_E_OK)
    return 0;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_APPLICATION_PROTOCOL, &alpn) !=
      SEC_E_OK)
    return 0;
  return conn.dwCipherStrength + cipher.dwCipherLen + alpn.ProtocolIdSize;
}
