// Calls through the SecurityFunctionTable returned by InitSecurityInterface,
// through a variable of one of sspi.h's *_FN types, and through a user
// struct whose fields have those types.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

struct my_sspi {
  INITIALIZE_SECURITY_CONTEXT_FN_A init;
  DELETE_SECURITY_CONTEXT_FN del;
};

int table_leak(PSecurityFunctionTableA t, CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (t->InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &ts) != SEC_E_OK)
    return -1;
  if (send_token(NULL, 0) < 0)
    return -1;
    // CHECK: function-table.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: function-table.c:[[@LINE-6]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
    // CHECK: function-table.c:[[@LINE-7]]:7: note: assuming 't->InitializeSecurityContextA(...) != SEC_E_OK' is false
    // CHECK: function-table.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  t->DeleteSecurityContext(&ctx);
  return 0;
}

int table_ok(PSecurityFunctionTableW t, CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (t->InitializeSecurityContextW(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx,
                                    &out, &attrs, &ts) != SEC_E_OK)
    return -1;
  (*t->DeleteSecurityContext)(&ctx);
  return 0;
}

int table_from_init(void) {
  PSecurityFunctionTableW t = InitSecurityInterfaceW();
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (!t)
    return -1;
  if (t->AcceptSecurityContext(NULL, NULL, NULL, 0, 0, &ctx, &out, &attrs,
                               &ts) < 0)
    return -1;
  return 0;
  // CHECK: function-table.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: function-table.c:[[@LINE-5]]:7: note: security context 'ctx' created here by AcceptSecurityContext
  // CHECK: function-table.c:[[@LINE-6]]:7: note: assuming 't->AcceptSecurityContext(...) < 0' is false
}

int user_struct_ok(struct my_sspi *api, CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (api->init(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out, &attrs, &ts) < 0)
    return -1;
  api->del(&ctx);
  return 0;
}

static DELETE_SECURITY_CONTEXT_FN pfnDelete;

int fn_pointer_variable(struct my_sspi *api, CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  if (api->init(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, &out, &attrs, &ts) < 0)
    return -1;
  if (send_token(NULL, 0) < 0)
    return -1;
    // CHECK: function-table.c:[[@LINE-1]]:5: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
    // CHECK: function-table.c:[[@LINE-5]]:7: note: security context 'ctx' created here by 'init' (of type INITIALIZE_SECURITY_CONTEXT_FN_A)
    // CHECK: function-table.c:[[@LINE-6]]:7: note: assuming 'api->init(...) < 0' is false
    // CHECK: function-table.c:[[@LINE-5]]:7: note: assuming 'send_token(NULL, 0) < 0' is true
  pfnDelete(&ctx);
  return 0;
}
