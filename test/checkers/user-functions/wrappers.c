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
  CloseContext(&ctx);
  return 0;
}

int credential_leak(const char *who) {
  CredHandle cred;
  if (AcquireKerberosCred(who, &cred) < 0)
    return -1;
  return 0;
}

// int result, no success rule given: 0 means the context was opened.
int zero_means_created(void) {
  CtxtHandle ctx;
  if (OpenSession(&ctx) != 0)
    return -1; // failed: nothing to close
  return 0;
}

// The credential StartContext was given is the one the context is made from.
void wrong_order(const char *who) {
  CredHandle cred;
  CtxtHandle ctx;
  if (AcquireKerberosCred(who, &cred) != SEC_E_OK)
    return;
  if (StartContext(&cred, &ctx, "HTTP/server")) {
    DropCredential(cred);
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
}

void use_after(CredHandle *cred, SecBufferDesc *msg) {
  CtxtHandle ctx;
  if (!StartContext(cred, &ctx, "HTTP/server"))
    return;
  CloseContext(&ctx);
  DecryptMessage(&ctx, msg, 0, NULL);
}

void buffer_leak(CtxtHandle *ctx) {
  SecPkgContext_NamesA names;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return;
  send_token(names.sUserName, 1);
}

// CHECK: wrappers.c:41:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext or CloseContext) [sspi-context-leak]
// CHECK: wrappers.c:38:8: note: security context 'ctx' created here by StartContext
// CHECK: wrappers.c:38:7: note: assuming '!StartContext(cred, &ctx, "HTTP/server")' is false
// CHECK: wrappers.c:40:7: note: assuming 'n < 0' is true
// CHECK: wrappers.c:50:3: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle or DropCredential) [sspi-credential-leak]
// CHECK: wrappers.c:48:7: note: credential 'cred' acquired here by AcquireKerberosCred
// CHECK: wrappers.c:48:7: note: assuming 'AcquireKerberosCred(who, &cred) < 0' is false
// CHECK: wrappers.c:58:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext or CloseContext) [sspi-context-leak]
// CHECK: wrappers.c:56:7: note: security context 'ctx' created here by OpenSession
// CHECK: wrappers.c:56:7: note: assuming 'OpenSession(&ctx) != 0' is false
// CHECK: wrappers.c:68:5: warning: credential 'cred' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
// CHECK: wrappers.c:67:7: note: security context 'ctx' created from 'cred' here by StartContext
// CHECK: wrappers.c:67:7: note: assuming 'StartContext(&cred, &ctx, "HTTP/server")' is true
// CHECK: wrappers.c:69:5: note: 'ctx' is deleted only here, after its credential
// CHECK: wrappers.c:80:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
// CHECK: wrappers.c:77:7: note: assuming '!StartContext(cred, &ctx, "HTTP/server")' is false
// CHECK: wrappers.c:79:3: note: 'ctx' deleted here
// CHECK: wrappers.c:88:3: warning: security context 'ctx' is used by DecryptMessage after it was deleted [sspi-use-after-release]
// CHECK: wrappers.c:85:7: note: assuming '!StartContext(cred, &ctx, "HTTP/server")' is false
// CHECK: wrappers.c:87:3: note: 'ctx' deleted here
// CHECK: wrappers.c:96:1: warning: buffer 'names.sUserName' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer or ReleaseBuffer) [sspi-context-buffer-leak]
// CHECK: wrappers.c:93:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesA
// CHECK: wrappers.c:93:7: note: assuming 'QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
// NOOPT: wrappers.c:96:1: warning: buffer 'names.sUserName' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
// NOOPT: wrappers.c:93:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesA
// NOOPT: wrappers.c:93:7: note: assuming 'QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
