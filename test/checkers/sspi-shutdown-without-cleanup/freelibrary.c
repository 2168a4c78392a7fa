// FreeLibrary of the security DLL while handles obtained through its
// function table are still live: they can never be released afterwards.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static HMODULE g_secur32;
static PSecurityFunctionTableA g_sspi;
static CredHandle g_cred;

int sspi_global_init(void) {
  INIT_SECURITY_INTERFACE_A init;
  TimeStamp ts;
  g_secur32 = LoadLibraryA("secur32.dll");
  if (!g_secur32)
    return -1;
  init = (INIT_SECURITY_INTERFACE_A)GetProcAddress(g_secur32,
                                                   "InitSecurityInterfaceA");
  if (!init || !(g_sspi = init()))
    return -1;
  return g_sspi->AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND,
                                           NULL, NULL, NULL, NULL, &g_cred,
                                           &ts) == SEC_E_OK;
}

/* The credential is never freed before the DLL goes. */
void sspi_global_cleanup(void) {
  FreeLibrary(g_secur32);
  // CHECK: freelibrary.c:[[@LINE-1]]:3: warning: FreeLibrary unloads the security DLL while credential 'g_cred' obtained through its function table is still live; it can no longer be released [sspi-shutdown-without-cleanup]
  // CHECK: freelibrary.c:[[@LINE-9]]:10: note: credential 'g_cred' acquired here by AcquireCredentialsHandleA
  // CHECK: freelibrary.c:[[@LINE-4]]:6: note: 'sspi_global_cleanup' is a shutdown function (its name matches the ShutdownFunctions option)
  g_secur32 = NULL;
}

/* Within one function: the table's context outlives the DLL. */
int one_shot(SecBufferDesc *out) {
  HMODULE dll = LoadLibraryW(L"SECUR32.DLL");
  PSecurityFunctionTableW t;
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  ULONG attrs;
  if (!dll)
    return -1;
  t = ((INIT_SECURITY_INTERFACE_W)GetProcAddress(dll, "InitSecurityInterfaceW"))();
  if (t->AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"NTLM",
                                   SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   &cred, &ts) != SEC_E_OK) {
    FreeLibrary(dll);
    return -1;
  }
  if (t->InitializeSecurityContextW(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    out, &attrs, &ts) < 0) {
    t->FreeCredentialsHandle(&cred);
    FreeLibrary(dll);
    return -1;
  }
  t->FreeCredentialsHandle(&cred);
  FreeLibrary(dll);
  // CHECK: freelibrary.c:[[@LINE-1]]:3: warning: FreeLibrary unloads the security DLL while security context 'ctx' obtained through its function table is still live; it can no longer be released [sspi-shutdown-without-cleanup]
  // CHECK: freelibrary.c:[[@LINE-9]]:7: note: security context 'ctx' created here by InitializeSecurityContextW
  // CHECK: freelibrary.c:[[@LINE-10]]:7: note: assuming 't->InitializeSecurityContextW(...) < 0' is false
  // CHECK: freelibrary.c:[[@LINE-5]]:3: note: credential 'cred' freed here while 'ctx' is still live
  return 0;
}
