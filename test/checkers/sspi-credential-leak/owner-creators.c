// Handles owned by objects: creators that make the object themselves and
// hand it to the caller (they return it, or store it through an out
// parameter or in a global), and teardowns that get the object as a
// callback's `void *` (a pool cleanup, a destructor callback).
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdlib.h>

typedef struct pool pool_t;
void *pool_calloc(pool_t *p, size_t n);
void pool_cleanup_register(pool_t *p, void *data, int (*cleanup)(void *));

// Returned by its creator.
struct sess {
  CredHandle cred;
  char *user;
};

struct sess *sess_new(void) {
  TimeStamp ts;
  struct sess *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  if (AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                NULL, NULL, &s->cred, &ts) != SEC_E_OK) {
    free(s);
    return NULL;
  }
  return s;
}

void sess_free(struct sess *s) {
  free(s->user);
  free(s);
}
// CHECK: :[[@LINE-2]]:3: warning: credential 's->cred' is still live when 's' is freed (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: :[[@LINE-13]]:7: note: credential 's->cred' (a field of 'struct sess') is acquired here by AcquireCredentialsHandleA in 'sess_new'

// Stored through an out parameter; the teardown is right.
struct link {
  CredHandle cred;
  int id;
};

int link_open(struct link **out) {
  TimeStamp ts;
  struct link *l = calloc(1, sizeof *l);
  if (!l)
    return -1;
  if (AcquireCredentialsHandleA(NULL, "Kerberos", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &l->cred, &ts) != SEC_E_OK) {
    free(l);
    return -1;
  }
  *out = l;
  return 0;
}

void link_close(struct link *l) {
  FreeCredentialsHandle(&l->cred);
  free(l);
}

// Kept in a global by its creator; a teardown by name forgets it.
struct server {
  CredHandle cred;
  int port;
};
static struct server *g_server;

int server_start(int port) {
  TimeStamp ts;
  struct server *s = calloc(1, sizeof *s);
  if (!s)
    return -1;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_INBOUND, NULL,
                                NULL, NULL, NULL, &s->cred, &ts) != SEC_E_OK) {
    free(s);
    return -1;
  }
  s->port = port;
  g_server = s;
  return 0;
}

void server_stop(struct server *s) {
  s->port = 0;
  free(s);
}
// CHECK: :[[@LINE-2]]:3: warning: credential 's->cred' is still live when 's' is freed (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: :[[@LINE-15]]:7: note: credential 's->cred' (a field of 'struct server') is acquired here by AcquireCredentialsHandleA in 'server_start'

// A pool cleanup: the object comes as `void *data`. This one frees the
// context's handle with FreeCredentialsHandle and never frees the
// credential.
typedef struct {
  CtxtHandle ctx;
  CredHandle cred;
} spnego_t;

static int spnego_cleanup(void *data) {
  spnego_t *sp = data;
  if (SecIsValidHandle(&sp->ctx)) {
    DeleteSecurityContext(&sp->ctx);
    SecInvalidateHandle(&sp->ctx);
  }
  if (SecIsValidHandle(&sp->cred)) {
    FreeCredentialsHandle(&sp->ctx);
    SecInvalidateHandle(&sp->ctx);
  }
  return 0;
}
// CHECK: :[[@LINE-2]]:3: warning: credential 'sp->cred' is never freed on this path of 'spnego_cleanup', which tears down its 'spnego_t' (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: :[[@LINE+7]]:7: note: credential 'sp->cred' (a field of 'spnego_t') is acquired here by AcquireCredentialsHandleA in 'spnego_create'

int spnego_create(spnego_t **out, pool_t *pool) {
  spnego_t *sp = pool_calloc(pool, sizeof *sp);
  SecInvalidateHandle(&sp->ctx);
  SecInvalidateHandle(&sp->cred);
  pool_cleanup_register(pool, sp, spnego_cleanup);
  if (FAILED(AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND,
                                       NULL, NULL, NULL, NULL, &sp->cred, NULL)))
    return -1;
  *out = sp;
  return 0;
}

int spnego_step(spnego_t *sp, SecBufferDesc *out) {
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextA(
      &sp->cred, NULL, "host", 0, 0, 0, NULL, 0, &sp->ctx, out, &attrs, &ts);
  return FAILED(st) ? -1 : 0;
}

// The same callback, right, and one that only drops a reference: silent.
typedef struct {
  CredHandle cred;
  int refs;
} shared_t;

static int shared_cleanup(void *data) {
  shared_t *sh = data;
  if (SecIsValidHandle(&sh->cred))
    FreeCredentialsHandle(&sh->cred);
  return 0;
}

static int shared_release(void *data) {
  shared_t *sh = data;
  if (--sh->refs == 0)
    FreeCredentialsHandle(&sh->cred);
  return 0;
}

int shared_create(shared_t **out, pool_t *pool) {
  shared_t *sh = pool_calloc(pool, sizeof *sh);
  SecInvalidateHandle(&sh->cred);
  pool_cleanup_register(pool, sh, shared_cleanup);
  if (FAILED(AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL,
                                       NULL, NULL, NULL, &sh->cred, NULL)))
    return -1;
  sh->refs = 1;
  *out = sh;
  return 0;
}
