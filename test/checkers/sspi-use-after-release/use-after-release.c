// A deleted context or a freed credential handed to an SSPI function that
// needs it live.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

#define ISC(x) \
  InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, x, &out, &attrs, &ts)
#define LOCALS CtxtHandle ctx; SecBufferDesc out; ULONG attrs; TimeStamp ts

int decrypt_after_delete(CredHandle *cred, SecBufferDesc *msg) {
  LOCALS;
  ULONG qop;
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  if (send_token(NULL, 0) < 0)
    DeleteSecurityContext(&ctx);
  SECURITY_STATUS st = DecryptMessage(&ctx, msg, 0, &qop);
  // CHECK: use-after-release.c:[[@LINE-1]]:24: warning: security context 'ctx' is used by DecryptMessage after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-6]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  // CHECK: use-after-release.c:[[@LINE-5]]:5: note: 'ctx' deleted here
  DeleteSecurityContext(&ctx);
  // CHECK: use-after-release.c:[[@LINE-1]]:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
  // CHECK: use-after-release.c:[[@LINE-11]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-10]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  // CHECK: use-after-release.c:[[@LINE-10]]:5: note: 'ctx' deleted here
  return st == SEC_E_OK ? 0 : -1;
}

int many_uses_after_delete(CredHandle *cred, SecBufferDesc *msg) {
  LOCALS;
  SecPkgContext_Sizes sizes;
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  QueryContextAttributesA(&ctx, SECPKG_ATTR_SIZES, &sizes);
  // CHECK: use-after-release.c:[[@LINE-1]]:3: warning: security context 'ctx' is used by QueryContextAttributesA after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-4]]:3: note: 'ctx' deleted here
  return 0;
}

int sign_after_delete(CredHandle *cred, SecBufferDesc *msg) {
  LOCALS;
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  return MakeSignature(&ctx, 0, msg, 0);
  // CHECK: use-after-release.c:[[@LINE-1]]:10: warning: security context 'ctx' is used by MakeSignature after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-4]]:3: note: 'ctx' deleted here
}

int encrypt_after_delete(CredHandle *cred, SecBufferDesc *msg) {
  LOCALS;
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  return EncryptMessage(&ctx, 0, msg, 0);
  // CHECK: use-after-release.c:[[@LINE-1]]:10: warning: security context 'ctx' is used by EncryptMessage after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'ISC(&ctx) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-4]]:3: note: 'ctx' deleted here
}

/* A later handshake leg on a context deleted after the first leg. */
int later_leg_after_delete(CredHandle *cred, SecBufferDesc *in) {
  LOCALS;
  if (ISC(&ctx) != SEC_I_CONTINUE_NEEDED)
    return -1;
  if (send_token(NULL, 0) < 0)
    DeleteSecurityContext(&ctx);
  // CHECK: use-after-release.c:[[@LINE+4]]:24: warning: security context 'ctx' is used by InitializeSecurityContextA after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'ISC(&ctx) != SEC_I_CONTINUE_NEEDED' is false
  // CHECK: use-after-release.c:[[@LINE-4]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  // CHECK: use-after-release.c:[[@LINE-4]]:5: note: 'ctx' deleted here
  SECURITY_STATUS st = InitializeSecurityContextA(cred, &ctx, NULL, 0, 0, 0, in,
                                                  0, &ctx, &out, &attrs, &ts);
  DeleteSecurityContext(&ctx);
  // CHECK: use-after-release.c:[[@LINE-1]]:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
  // CHECK: use-after-release.c:[[@LINE-12]]:7: note: assuming 'ISC(&ctx) != SEC_I_CONTINUE_NEEDED' is false
  // CHECK: use-after-release.c:[[@LINE-11]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  // CHECK: use-after-release.c:[[@LINE-11]]:5: note: 'ctx' deleted here
  return st;
}

/* A context created from a credential that was already freed. */
int context_from_freed_credential(void) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  FreeCredentialsHandle(&cred);
  // CHECK: use-after-release.c:[[@LINE+3]]:7: warning: credential 'cred' is used by InitializeSecurityContextA after it was freed [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'AcquireCredentialsHandleA(...) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-3]]:3: note: 'cred' freed here
  if (InitializeSecurityContextA(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out,
                                 &attrs, &ts) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  return 0;
}

int query_freed_credential(void) {
  CredHandle cred;
  TimeStamp ts;
  SecPkgCredentials_NamesA names;
  if (AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, &ts) != SEC_E_OK)
    return -1;
  FreeCredentialsHandle(&cred);
  return QueryCredentialsAttributesA(&cred, SECPKG_CRED_ATTR_NAMES, &names);
  // CHECK: use-after-release.c:[[@LINE-1]]:10: warning: credential 'cred' is used by QueryCredentialsAttributesA after it was freed [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-6]]:7: note: assuming 'AcquireCredentialsHandleA(...) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-4]]:3: note: 'cred' freed here
}

/* Deleted, created again, used: silent. */
int recreated_ok(CredHandle *cred, SecBufferDesc *msg) {
  LOCALS;
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  EncryptMessage(&ctx, 0, msg, 0);
  DeleteSecurityContext(&ctx);
  return 0;
}

/* Reset after the delete and tested before use: silent. */
int guarded_ok(CredHandle *cred, SecBufferDesc *msg, int early) {
  LOCALS;
  SecInvalidateHandle(&ctx);
  if (ISC(&ctx) != SEC_E_OK)
    return -1;
  if (early) {
    DeleteSecurityContext(&ctx);
    SecInvalidateHandle(&ctx);
  }
  if (SecIsValidHandle(&ctx)) {
    EncryptMessage(&ctx, 0, msg, 0);
    DeleteSecurityContext(&ctx);
  }
  return 0;
}

/* Through the function table. */
int table_use_after_delete(PSecurityFunctionTableW t, CredHandle *cred,
                           SecBufferDesc *msg) {
  LOCALS;
  ULONG qop;
  if (t->InitializeSecurityContextW(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &ts) != SEC_E_OK)
    return -1;
  t->DeleteSecurityContext(&ctx);
  return t->VerifySignature(&ctx, msg, 0, &qop);
  // CHECK: use-after-release.c:[[@LINE-1]]:10: warning: security context 'ctx' is used by VerifySignature after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-6]]:7: note: assuming 't->InitializeSecurityContextW(...) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-4]]:3: note: 'ctx' deleted here
}

/* Server side: impersonation and token after delete. */
int server_after_delete(CredHandle *cred, SecBufferDesc *in) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  HANDLE token;
  if (AcceptSecurityContext(cred, NULL, in, 0, 0, &ctx, &out, &attrs, &ts) !=
      SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  // CHECK: use-after-release.c:[[@LINE+3]]:7: warning: security context 'ctx' is used by ImpersonateSecurityContext after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'AcceptSecurityContext(...) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-3]]:3: note: 'ctx' deleted here
  if (ImpersonateSecurityContext(&ctx) == SEC_E_OK)
    RevertSecurityContext(&ctx);
    // CHECK: use-after-release.c:[[@LINE-1]]:5: warning: security context 'ctx' is used by RevertSecurityContext after it was deleted [sspi-use-after-release]
    // CHECK: use-after-release.c:[[@LINE-10]]:7: note: assuming 'AcceptSecurityContext(...) != SEC_E_OK' is false
    // CHECK: use-after-release.c:[[@LINE-8]]:3: note: 'ctx' deleted here
    // CHECK: use-after-release.c:[[@LINE-5]]:7: note: assuming 'ImpersonateSecurityContext(&ctx) == SEC_E_OK' is true
  return QuerySecurityContextToken(&ctx, &token);
  // CHECK: use-after-release.c:[[@LINE-1]]:10: warning: security context 'ctx' is used by QuerySecurityContextToken after it was deleted [sspi-use-after-release]
  // CHECK: use-after-release.c:[[@LINE-15]]:7: note: assuming 'AcceptSecurityContext(...) != SEC_E_OK' is false
  // CHECK: use-after-release.c:[[@LINE-13]]:3: note: 'ctx' deleted here
  // CHECK: use-after-release.c:[[@LINE-10]]:7: note: assuming 'ImpersonateSecurityContext(&ctx) == SEC_E_OK' is false
}
