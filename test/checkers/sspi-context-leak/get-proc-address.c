// SSPI reached through the project's own function-pointer types, loaded with
// GetProcAddress from secur32.dll into variables a macro declares: a call
// through a variable assigned from GetProcAddress(h, "<SSPI name>"), or
// whose name ends with an SSPI name and whose type is that function's, is
// that SSPI call.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

typedef SECURITY_STATUS(SEC_ENTRY *my_init_fn)(
    PCredHandle, PCtxtHandle, SEC_CHAR *, ULONG, ULONG, ULONG, PSecBufferDesc,
    ULONG, PCtxtHandle, PSecBufferDesc, PULONG, PTimeStamp);
typedef SECURITY_STATUS(SEC_ENTRY *my_delete_fn)(PCtxtHandle);
typedef SECURITY_STATUS(SEC_ENTRY *my_acquire_fn)(
    SEC_CHAR *, SEC_CHAR *, ULONG, void *, void *, SEC_GET_KEY_FN, void *,
    PCredHandle, PTimeStamp);
typedef SECURITY_STATUS(SEC_ENTRY *my_free_fn)(PCredHandle);

/* A prototype of its own spelling (`void *` for the handles and buffers). */
typedef SECURITY_STATUS(SEC_ENTRY *loose_init_fn)(
    void *, void *, char *, unsigned long, unsigned long, unsigned long,
    void *, unsigned long, void *, void *, unsigned long *, void *);

#define SSPI_POINTER(type, var) static type var
SSPI_POINTER(my_init_fn, s_init);
SSPI_POINTER(my_delete_fn, s_delete);
SSPI_POINTER(my_acquire_fn, pAcquireCredentialsHandleA);
SSPI_POINTER(my_free_fn, pFreeCredentialsHandle);
SSPI_POINTER(loose_init_fn, s_loose_init);
/* Loaded with a name that is not SSPI's: not an SSPI call. */
SSPI_POINTER(my_delete_fn, s_other);

int load_sspi(void) {
  HMODULE h = LoadLibraryA("secur32.dll");
  if (!h)
    return -1;
  s_init = (my_init_fn)GetProcAddress(h, "InitializeSecurityContextA");
  s_delete = (my_delete_fn)GetProcAddress(h, "DeleteSecurityContext");
  s_other = (my_delete_fn)GetProcAddress(h, "CloseSomethingElse");
  s_loose_init = (loose_init_fn)GetProcAddress(h, "InitializeSecurityContextA");
  return 0;
}

/* Loaded by name: the send failure leaks the context. */
int handshake_leaks(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (FAILED(s_init(cred, NULL, (SEC_CHAR *)"host", 0, 0, 0, NULL, 0, &ctx,
                    out, &attrs, &ts)))
    return -1;
  if (send_token(NULL, 0) < 0)
    return -1;
  // CHECK: get-proc-address.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: get-proc-address.c:[[@LINE-6]]:7: note: security context 'ctx' created here by 's_init' (InitializeSecurityContextA)
  // CHECK: get-proc-address.c:[[@LINE-7]]:7: note: assuming 'FAILED(...)' is false
  // CHECK: get-proc-address.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  s_delete(&ctx);
  return 0;
}

/* The twin: every path deletes through the loaded pointer. */
int handshake_ok(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (FAILED(s_init(cred, NULL, (SEC_CHAR *)"host", 0, 0, 0, NULL, 0, &ctx,
                    out, &attrs, &ts)))
    return -1;
  int rc = send_token(NULL, 0);
  s_delete(&ctx);
  return rc;
}

/* A pointer loaded with another name is not DeleteSecurityContext: the
   context it is given is handed over, nothing is reported. */
int other_function_ok(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (FAILED(s_init(cred, NULL, (SEC_CHAR *)"host", 0, 0, 0, NULL, 0, &ctx,
                    out, &attrs, &ts)))
    return -1;
  s_other(&ctx);
  return 0;
}

/* Never assigned in this file: recognised by its name and type. */
int credential_leaks(void) {
  CredHandle cred;
  TimeStamp ts;
  if (pAcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Negotiate",
                                 SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                 &cred, &ts) != SEC_E_OK)
    return -1;
  if (send_token(NULL, 0) < 0)
    return -1;
  // CHECK: get-proc-address.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: get-proc-address.c:[[@LINE-7]]:7: note: credential 'cred' acquired here by 'pAcquireCredentialsHandleA' (AcquireCredentialsHandleA)
  // CHECK: get-proc-address.c:[[@LINE-8]]:7: note: assuming 'pAcquireCredentialsHandleA(...) != SEC_E_OK' is false
  // CHECK: get-proc-address.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  pFreeCredentialsHandle(&cred);
  return 0;
}

int credential_ok(void) {
  CredHandle cred;
  TimeStamp ts;
  if (pAcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Negotiate",
                                 SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                 &cred, &ts) != SEC_E_OK)
    return -1;
  pFreeCredentialsHandle(&cred);
  return 0;
}

/* Loaded by name into a pointer of its own prototype. */
int loose_prototype_leaks(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  if (FAILED(s_loose_init(cred, NULL, (char *)"host", 0, 0, 0, NULL, 0, &ctx,
                          out, &attrs, NULL)))
    return -1;
  return send_token(NULL, 0);
  // CHECK: get-proc-address.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: get-proc-address.c:[[@LINE-5]]:7: note: security context 'ctx' created here by 's_loose_init' (InitializeSecurityContextA)
  // CHECK: get-proc-address.c:[[@LINE-6]]:7: note: assuming 'FAILED(...)' is false
}

int loose_prototype_ok(CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  if (FAILED(s_loose_init(cred, NULL, (char *)"host", 0, 0, 0, NULL, 0, &ctx,
                          out, &attrs, NULL)))
    return -1;
  int rc = send_token(NULL, 0);
  s_delete(&ctx);
  return rc;
}
