// The credential a context was made from is part of the path state: two
// paths that differ only in it stay apart, whichever arrives first.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int pick(void);

static int acquire(CredHandle *c) {
  TimeStamp ts;
  return AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                   NULL, NULL, NULL, NULL, c, &ts) == SEC_E_OK;
}

void second_branch_frees_its_credential(SecBufferDesc *out) {
  CredHandle credA, credB;
  CtxtHandle ctx;
  PCredHandle pc;
  ULONG attrs;
  TimeStamp ts;
  if (!acquire(&credA))
    return;
  if (!acquire(&credB)) {
    FreeCredentialsHandle(&credA);
    return;
  }
  if (pick())
    pc = &credA;
  else
    pc = &credB;
  SECURITY_STATUS st = InitializeSecurityContextA(
      pc, NULL, "host", 0, 0, 0, NULL, 0, &ctx, out, &attrs, &ts);
  if (st < 0) {
    FreeCredentialsHandle(&credA);
    FreeCredentialsHandle(&credB);
    return;
  }
  FreeCredentialsHandle(&credB);
  // CHECK: chosen-credential.c:[[@LINE-1]]:3: warning: credential 'credB' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: chosen-credential.c:[[@LINE-9]]:24: note: security context 'ctx' created from 'credB' here by InitializeSecurityContextA
  // CHECK: chosen-credential.c:[[@LINE-8]]:7: note: assuming 'st < 0' is false
  // CHECK: chosen-credential.c:[[@LINE+1]]:3: note: 'ctx' is deleted only here, after its credential
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&credA);
}

void first_branch_frees_its_credential(SecBufferDesc *out) {
  CredHandle credA, credB;
  CtxtHandle ctx;
  PCredHandle pc;
  ULONG attrs;
  TimeStamp ts;
  if (!acquire(&credA))
    return;
  if (!acquire(&credB)) {
    FreeCredentialsHandle(&credA);
    return;
  }
  if (pick())
    pc = &credB;
  else
    pc = &credA;
  SECURITY_STATUS st = InitializeSecurityContextA(
      pc, NULL, "host", 0, 0, 0, NULL, 0, &ctx, out, &attrs, &ts);
  if (st < 0) {
    FreeCredentialsHandle(&credA);
    FreeCredentialsHandle(&credB);
    return;
  }
  FreeCredentialsHandle(&credB);
  // CHECK: chosen-credential.c:[[@LINE-1]]:3: warning: credential 'credB' is freed while security context 'ctx' created from it is still live; delete the context first [sspi-credential-freed-before-context]
  // CHECK: chosen-credential.c:[[@LINE-9]]:24: note: security context 'ctx' created from 'credB' here by InitializeSecurityContextA
  // CHECK: chosen-credential.c:[[@LINE-8]]:7: note: assuming 'st < 0' is false
  // CHECK: chosen-credential.c:[[@LINE+1]]:3: note: 'ctx' is deleted only here, after its credential
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&credA);
}

// Freeing the credential the context was not made from is fine.
void other_credential_first(SecBufferDesc *out) {
  CredHandle credA, credB;
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (!acquire(&credA))
    return;
  if (!acquire(&credB)) {
    FreeCredentialsHandle(&credA);
    return;
  }
  if (InitializeSecurityContextA(&credA, NULL, "host", 0, 0, 0, NULL, 0, &ctx,
                                 out, &attrs, &ts) < 0) {
    FreeCredentialsHandle(&credA);
    FreeCredentialsHandle(&credB);
    return;
  }
  FreeCredentialsHandle(&credB);
  DeleteSecurityContext(&ctx);
  FreeCredentialsHandle(&credA);
}
