// Idioms from real clients that must stay silent: a buffer freed under a
// NULL test, a helper that frees when non-NULL and resets the pointer
// (called on every leg of a loop), a cleanup helper guarded by the object's
// own state, a function table pointer tested twice.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);
int recv_token(SecBuffer *b);

int null_tested_free(void) {
  int rc = -1;
  PSecPkgInfoA info = NULL;
  if (QuerySecurityPackageInfoA((SEC_CHAR *)"Kerberos", &info) != SEC_E_OK)
    goto out;
  rc = (int)info->cbMaxToken;
out:
  if (info)
    FreeContextBuffer(info);
  return rc;
}

static int drop_token(SecBuffer *t, int rc) {
  if (t->pvBuffer) {
    FreeContextBuffer(t->pvBuffer);
    t->pvBuffer = NULL;
  }
  return rc;
}

int loop_with_resetting_helper(CredHandle *cred, CtxtHandle *ctx) {
  SecBuffer outb = {0, SECBUFFER_TOKEN, NULL};
  SecBuffer inb = {0, SECBUFFER_TOKEN, NULL};
  SecBufferDesc out = {SECBUFFER_VERSION, 1, &outb};
  SecBufferDesc in = {SECBUFFER_VERSION, 1, &inb};
  ULONG attrs;
  SECURITY_STATUS st;
  BOOL first = TRUE;
  for (;;) {
    st = InitializeSecurityContextA(cred, first ? NULL : ctx, (SEC_CHAR *)"host",
                                    ISC_REQ_ALLOCATE_MEMORY, 0, 0,
                                    first ? NULL : &in, 0, ctx, &out, &attrs,
                                    NULL);
    if (FAILED(st))
      return drop_token(&outb, -1);
    first = FALSE;
    if (outb.cbBuffer && send_token(outb.pvBuffer, outb.cbBuffer) < 0)
      return drop_token(&outb, -1);
    drop_token(&outb, 0);
    if (st != SEC_I_CONTINUE_NEEDED)
      break;
    if (recv_token(&inb) < 0)
      return -1;
  }
  return 0;
}

struct client {
  PSecurityFunctionTableA table;
  CredHandle cred;
};

static BOOL client_open(struct client *c) {
  c->table = InitSecurityInterfaceA();
  if (!c->table)
    return FALSE;
  return c->table->AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"NTLM",
                                             SECPKG_CRED_OUTBOUND, NULL, NULL,
                                             NULL, NULL, &c->cred,
                                             NULL) == SEC_E_OK;
}

static void client_close(struct client *c) {
  if (c->table)
    c->table->FreeCredentialsHandle(&c->cred);
}

void object_state_guard(void) {
  struct client c = {0};
  if (!client_open(&c))
    return;
  client_close(&c);
}

void table_tested_twice(void) {
  CredHandle cred;
  PSecurityFunctionTableA t = InitSecurityInterfaceA();
  if (!t)
    return;
  if (t->AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"NTLM",
                                   SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   &cred, NULL) != SEC_E_OK)
    return;
  if (t)
    t->FreeCredentialsHandle(&cred);
}

void free_each_element(CredHandle *creds, size_t n) {
  for (size_t i = 0; i < n; i++)
    FreeCredentialsHandle(&creds[i]);
}
