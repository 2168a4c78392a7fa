// The project's own acquire/release functions, declared in CheckOptions and
// defined in another translation unit: every check uses them.
// RUN: %sspi_tidy %s --config-file=%S/Inputs/wrappers.yaml -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
// Without the options the same calls are unknown code that takes the
// handle: only the buffer that no call ever received is reported.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --check-prefix=NOOPT --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

SECURITY_STATUS AcquireKerberosCred(const char *principal, CredHandle *out);
BOOL StartContext(CredHandle *cred, CtxtHandle *ctx, const char *target);
int OpenSession(CtxtHandle *ctx);
void CloseContext(CtxtHandle *ctx);
void DropCredential(CredHandle cred);
void ReleaseBuffer(void *p);
int send_token(const void *p, unsigned long n);

int good(const char *who) {
  CredHandle cred;
  CtxtHandle ctx;
  if (AcquireKerberosCred(who, &cred) != SEC_E_OK)
    return -1; // nothing was acquired: no leak
  if (!StartContext(&cred, &ctx, "HTTP/server")) {
    DropCredential(cred);
    return -1;
  }
  SecPkgContext_NamesA names;
  if (QueryContextAttributesA(&ctx, SECPKG_ATTR_NAMES, &names) == SEC_E_OK)
    ReleaseBuffer(names.sUserName);
  CloseContext(&ctx);
  DropCredential(cred);
  return 0;
}

int context_leak(CredHandle *cred, int n) {
  CtxtHandle ctx;
  if (!StartContext(cred, &ctx, "HTTP/server"))
    return -1;
  if (n < 0)
    return -2;
    // CHECK: wrappers.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext or CloseContext) [sspi-context-leak]
    // CHECK: wrappers.c:[[@LINE-5]]:8: note: security context 'ctx' created here by StartContext
    // CHECK: wrappers.c:[[@LINE-6]]:7: note: assuming '!StartContext(cred, &ctx, "HTTP/server")' is false
    // CHECK: wrappers.c:[[@LINE-5]]:7: note: assuming 'n < 0' is true
  CloseContext(&ctx);
  return 0;
}

int credential_leak(const char *who) {
  CredHandle cred;
  if (AcquireKerberosCred(who, &cred) < 0)
    return -1;
  return 0;
  // CHECK: wrappers.c:[[@LINE-1]]:3: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle or DropCredential) [sspi-credential-leak]
  // CHECK: wrappers.c:[[@LINE-4]]:7: note: credential 'cred' acquired here by AcquireKerberosCred
  // CHECK: wrappers.c:[[@LINE-5]]:7: note: assuming 'AcquireKerberosCred(who, &cred) < 0' is false
}

// int result, no success rule given: 0 means the context was opened.
int zero_means_created(void) {
  CtxtHandle ctx;
  if (OpenSession(&ctx) != 0)
    return -1; // failed: nothing to close
  return 0;
  // CHECK: wrappers.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext or CloseContext) [sspi-context-leak]
  // CHECK: wrappers.c:[[@LINE-4]]:7: note: security context 'ctx' created here by OpenSession
  // CHECK: wrappers.c:[[@LINE-5]]:7: note: assuming 'OpenSession(&ctx) != 0' is false
}

// The credential StartContext was given is the one the context is made from.
void wrong_order(const char *who) {
  CredHandle cred;
  CtxtHandle ctx;
  if (AcquireKerberosCred(who, &cred) != SEC_E_OK)
    return;
  if (StartContext(&cred, &ctx, "HTTP/server")) {
    DropCredential(cred);
    // CHECK: wrappers.c:[[@LINE-1]]:5: warning: credential 'cred' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
    // CHECK: wrappers.c:[[@LINE-3]]:7: note: security context 'ctx' created from 'cred' here by StartContext
    // CHECK: wrappers.c:[[@LINE-4]]:7: note: assuming 'StartContext(&cred, &ctx, "HTTP/server")' is true
    // CHECK: wrappers.c:[[@LINE+1]]:5: note: 'ctx' is deleted only here, after its credential
    CloseContext(&ctx);
    return;
  }
  DropCredential(cred);
}

void twice(CredHandle *cred) {
  CtxtHandle ctx;
  if (!StartContext(cred, &ctx, "HTTP/server"))
    return;
  CloseContext(&ctx);
  CloseContext(&ctx);
  // CHECK: wrappers.c:[[@LINE-1]]:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
  // CHECK: wrappers.c:[[@LINE-5]]:7: note: assuming '!StartContext(cred, &ctx, "HTTP/server")' is false
  // CHECK: wrappers.c:[[@LINE-4]]:3: note: 'ctx' deleted here
}

void use_after(CredHandle *cred, SecBufferDesc *msg) {
  CtxtHandle ctx;
  if (!StartContext(cred, &ctx, "HTTP/server"))
    return;
  CloseContext(&ctx);
  DecryptMessage(&ctx, msg, 0, NULL);
  // CHECK: wrappers.c:[[@LINE-1]]:3: warning: security context 'ctx' is used by DecryptMessage after it was deleted [sspi-use-after-release]
  // CHECK: wrappers.c:[[@LINE-5]]:7: note: assuming '!StartContext(cred, &ctx, "HTTP/server")' is false
  // CHECK: wrappers.c:[[@LINE-4]]:3: note: 'ctx' deleted here
}

void buffer_leak(CtxtHandle *ctx) {
  SecPkgContext_NamesA names;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return;
  send_token(names.sUserName, 1);
}
// CHECK: wrappers.c:[[@LINE-1]]:1: warning: buffer 'names.sUserName' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer or ReleaseBuffer) [sspi-context-buffer-leak]
// CHECK: wrappers.c:[[@LINE-5]]:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesA
// CHECK: wrappers.c:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
// NOOPT: wrappers.c:[[@LINE-4]]:1: warning: buffer 'names.sUserName' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
// NOOPT: wrappers.c:[[@LINE-8]]:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesA
// NOOPT: wrappers.c:[[@LINE-9]]:7: note: assuming 'QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
