// Handles owned by objects, and the functions around a teardown that do not
// touch SSPI: a function named like a teardown that frees only the object's
// buffers is not a teardown of its handles; a helper the teardown calls that
// only resets other fields keeps the handles as they are (so a teardown that
// calls it and then frees the object still loses them); a test of the
// function table the handles were made through is the object's state.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

struct session {
  PSecurityFunctionTableA table;
  CredHandle cred;
  CtxtHandle ctx;
  SecBuffer token;
  struct { char *data; int len; } out;
};

int session_init(struct session *s) {
  TimeStamp ts;
  if (s->table->AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                          NULL, NULL, NULL, NULL, &s->cred,
                                          &ts) != SEC_E_OK)
    return -1;
  return 0;
}

int session_step(struct session *s) {
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = s->table->InitializeSecurityContextA(
      &s->cred, NULL, "host", 0, 0, 0, NULL, 0, &s->ctx, NULL, &attrs, &ts);
  if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
    return -1;
  return 0;
}

/* Frees the buffers, not the session: not a teardown of its handles. */
void session_buffer_free(struct session *s) {
  free(s->token.pvBuffer);
  s->token.pvBuffer = NULL;
  free(s->out.data);
  s->out.data = NULL;
  s->out.len = 0;
}

static void session_wipe(struct session *s) {
  if (!s)
    return;
  s->token.cbBuffer = 0;
  session_buffer_free(s);
}

/* Right: the context is deleted where the table is set, and the credential
   too; the helpers it calls cannot release either. */
void session_free(struct session *s) {
  if (!s)
    return;
  if (s->table) {
    s->table->DeleteSecurityContext(&s->ctx);
    s->table->FreeCredentialsHandle(&s->cred);
  }
  session_wipe(s);
  free(s);
}

struct other {
  PSecurityFunctionTableA table;
  CredHandle cred;
  CtxtHandle ctx;
  SecBuffer token;
};

int other_init(struct other *o) {
  TimeStamp ts;
  if (o->table->AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                          NULL, NULL, NULL, NULL, &o->cred,
                                          &ts) != SEC_E_OK)
    return -1;
  return 0;
}

static void other_wipe(struct other *o) { o->token.cbBuffer = 0; }

/* Wrong: the credential is never freed; calling other_wipe does not hide
   that. */
void other_free(struct other *o) {
  other_wipe(o);
  free(o);
}
// CHECK: :[[@LINE-2]]:3: warning: credential 'o->cred' is still live when 'o' is freed (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: :[[@LINE-16]]:7: note: credential 'o->cred' (a field of 'struct other') is acquired here by AcquireCredentialsHandleA in 'other_init'
