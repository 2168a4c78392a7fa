// SSPI headers other than mingw's (WinPR) declare SecHandle as an untagged
// struct {dwLower, dwUpper}: SecIsValidHandle is still understood.
// RUN: %sspi_tidy %s -- --target=x86_64-linux-gnu 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
typedef unsigned long ULONG_PTR;
typedef long SECURITY_STATUS;
typedef struct {
  ULONG_PTR dwLower;
  ULONG_PTR dwUpper;
} SecHandle;
typedef SecHandle CredHandle;
typedef CredHandle *PCredHandle;
#define SEC_E_OK ((SECURITY_STATUS)0)
#define SecInvalidateHandle(x) \
  ((PCredHandle)(x))->dwLower = ((ULONG_PTR)((long)-1)); \
  ((PCredHandle)(x))->dwUpper = ((ULONG_PTR)((long)-1))
#define SecIsValidHandle(x) \
  ((((PCredHandle)(x))->dwLower != ((ULONG_PTR)((long)-1))) && \
   (((PCredHandle)(x))->dwUpper != ((ULONG_PTR)((long)-1))))
SECURITY_STATUS AcquireCredentialsHandleA(char *, char *, unsigned, void *,
                                          void *, void *, void *, PCredHandle,
                                          void *);
SECURITY_STATUS FreeCredentialsHandle(PCredHandle);
int use(PCredHandle);

int guarded(void) {
  CredHandle cred;
  int rc = -1;
  SecInvalidateHandle(&cred);
  if (AcquireCredentialsHandleA(0, "NTLM", 2, 0, 0, 0, 0, &cred, 0) != SEC_E_OK)
    goto fail;
  rc = 0;
fail:
  if (SecIsValidHandle(&cred))
    FreeCredentialsHandle(&cred);
  return rc;
}

int leaks(void) {
  CredHandle cred;
  if (AcquireCredentialsHandleA(0, "NTLM", 2, 0, 0, 0, 0, &cred, 0) != SEC_E_OK)
    return -1;
  return 0;
  // CHECK: untagged-sechandle.c:[[@LINE-1]]:3: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
  // CHECK: untagged-sechandle.c:[[@LINE-4]]:7: note: credential 'cred' acquired here by AcquireCredentialsHandleA
  // CHECK: untagged-sechandle.c:[[@LINE-5]]:7: note: assuming 'AcquireCredentialsHandleA(...) != SEC_E_OK' is false
}
