// FreeCredentialsHandle while a context made from that credential is still
// live (the context is deleted only afterwards). Contexts deleted first,
// contexts that escape, and contexts that leak are not this check's finding.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct conn {
  CtxtHandle ctx;
};
int send_token(const void *buf, unsigned long len);

#define ACQUIRE(c) \
  AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, c, &ts)
#define ISC(c, x) \
  InitializeSecurityContextA(c, NULL, NULL, 0, 0, 0, NULL, 0, x, &out, &attrs, &ts)
#define LOCALS CredHandle cred; TimeStamp ts; SecBufferDesc out; ULONG attrs

int wrong_order(void) {
  CtxtHandle ctx;
  LOCALS;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (ISC(&cred, &ctx) < 0) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  FreeCredentialsHandle(&cred);
  // CHECK: order.c:[[@LINE-1]]:3: warning: credential 'cred' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: order.c:[[@LINE-6]]:7: note: security context 'ctx' created from 'cred' here by InitializeSecurityContextA
  // CHECK: order.c:[[@LINE-7]]:7: note: assuming 'ISC(&cred, &ctx) < 0' is false
  // CHECK: order.c:[[@LINE+1]]:3: note: 'ctx' is deleted only here, after its credential
  DeleteSecurityContext(&ctx);
  return 0;
}

int right_order(void) {
  CtxtHandle ctx;
  LOCALS;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (ISC(&cred, &ctx) < 0) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}

/* The context went into a connection whose owner deletes it. */
int context_escaped(struct conn *c) {
  LOCALS;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (ISC(&cred, &c->ctx) < 0) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  FreeCredentialsHandle(&cred);
  return 0;
}

/* Two contexts from one credential: one deleted, then the credential freed
   while the other is live. */
int two_contexts(void) {
  CtxtHandle first, second;
  LOCALS;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (ISC(&cred, &first) != SEC_E_OK) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  if (ISC(&cred, &second) != SEC_E_OK) {
    DeleteSecurityContext(&first);
    FreeCredentialsHandle(&cred);
    return -1;
  }
  DeleteSecurityContext(&first);
  FreeCredentialsHandle(&cred);
  // CHECK: order.c:[[@LINE-1]]:3: warning: credential 'cred' is freed while security context 'second' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: order.c:[[@LINE-8]]:7: note: security context 'second' created from 'cred' here by InitializeSecurityContextA
  // CHECK: order.c:[[@LINE-9]]:7: note: assuming 'ISC(&cred, &second) != SEC_E_OK' is false
  // CHECK: order.c:[[@LINE+1]]:3: note: 'second' is deleted only here, after its credential
  DeleteSecurityContext(&second);
  return 0;
}

/* Another credential is freed: not this context's. */
int other_credential(CredHandle *other) {
  CtxtHandle ctx;
  LOCALS;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (ISC(&cred, &ctx) < 0) {
    FreeCredentialsHandle(&cred);
    return -1;
  }
  FreeCredentialsHandle(other);
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&cred);
  return 0;
}

static void release_cred(CredHandle *c) { FreeCredentialsHandle(c); }

/* Through a helper defined in this file. */
int helper_frees_first(void) {
  CtxtHandle ctx;
  LOCALS;
  if (ACQUIRE(&cred) != SEC_E_OK)
    return -1;
  if (SUCCEEDED(ISC(&cred, &ctx))) {
    release_cred(&cred);
    // CHECK: order.c:[[@LINE-1]]:5: warning: credential 'cred' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
    // CHECK: order.c:[[@LINE-3]]:7: note: security context 'ctx' created from 'cred' here by InitializeSecurityContextA
    // CHECK: order.c:[[@LINE-4]]:7: note: assuming 'SUCCEEDED(ISC(&cred, &ctx))' is true
    // CHECK: order.c:[[@LINE+1]]:5: note: 'ctx' is deleted only here, after its credential
    DeleteSecurityContext(&ctx);
    return 0;
  }
  release_cred(&cred);
  return -1;
}

/* Through the function table. */
int table_wrong_order(PSecurityFunctionTableW t) {
  CredHandle cred;
  CtxtHandle ctx;
  TimeStamp ts;
  SecBufferDesc out;
  ULONG attrs;
  if (t->AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Kerberos",
                                   SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   &cred, &ts) != SEC_E_OK)
    return -1;
  if (t->InitializeSecurityContextW(&cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &ts) != SEC_E_OK) {
    t->FreeCredentialsHandle(&cred);
    return -1;
  }
  t->FreeCredentialsHandle(&cred);
  // CHECK: order.c:[[@LINE-1]]:3: warning: credential 'cred' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: order.c:[[@LINE-7]]:7: note: security context 'ctx' created from 'cred' here by InitializeSecurityContextW
  // CHECK: order.c:[[@LINE-8]]:7: note: assuming 't->InitializeSecurityContextW(...) != SEC_E_OK' is false
  // CHECK: order.c:[[@LINE+1]]:3: note: 'ctx' is deleted only here, after its credential
  t->DeleteSecurityContext(&ctx);
  return 0;
}

/* A server: ASC from the server credential, order kept. */
int server_ok(CredHandle *srv, SecBufferDesc *in) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = AcceptSecurityContext(srv, NULL, in, 0, 0, &ctx, &out,
                                             &attrs, &ts);
  if (st != SEC_E_OK)
    return -1;
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(srv);
  return 0;
}
