// Credentials through same-file helpers, and credentials whose ownership
// leaves the function.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct client {
  CredHandle cred;
  int ready;
};

static CredHandle g_cred;
int connect_to(const char *host);

static SECURITY_STATUS get_cred(CredHandle *c) {
  TimeStamp ts;
  return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Kerberos",
                                   SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                   c, &ts);
}

static BOOL get_cred_bool(CredHandle *c) {
  TimeStamp ts;
  if (AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"NTLM", SECPKG_CRED_OUTBOUND,
                                NULL, NULL, NULL, NULL, c, &ts) != SEC_E_OK)
    return FALSE;
  return TRUE;
}

static void put_cred(CredHandle *c) { FreeCredentialsHandle(c); }

int helper_status_leak(const char *host) {
  CredHandle cred;
  if (get_cred(&cred) != SEC_E_OK)
    return -1;
  if (connect_to(host) < 0)
    return -2;
    // CHECK: helpers-and-escapes.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
    // CHECK: helpers-and-escapes.c:[[@LINE-5]]:7: note: credential 'cred' acquired here by 'get_cred'
    // CHECK: helpers-and-escapes.c:[[@LINE-6]]:7: note: assuming 'get_cred(&cred) != SEC_E_OK' is false
    // CHECK: helpers-and-escapes.c:[[@LINE-5]]:7: note: assuming 'connect_to(host) < 0' is true
  put_cred(&cred);
  return 0;
}

int helper_bool_leak(const char *host) {
  CredHandle cred;
  if (!get_cred_bool(&cred))
    return -1;
  if (connect_to(host) < 0)
    return -2;
    // CHECK: helpers-and-escapes.c:[[@LINE-1]]:5: warning: credential 'cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
    // CHECK: helpers-and-escapes.c:[[@LINE-5]]:8: note: credential 'cred' acquired here by 'get_cred_bool'
    // CHECK: helpers-and-escapes.c:[[@LINE-6]]:7: note: assuming '!get_cred_bool(&cred)' is false
    // CHECK: helpers-and-escapes.c:[[@LINE-5]]:7: note: assuming 'connect_to(host) < 0' is true
  put_cred(&cred);
  return 0;
}

int helpers_ok(const char *host) {
  CredHandle cred;
  int rc;
  if (!get_cred_bool(&cred))
    return -1;
  rc = connect_to(host);
  put_cred(&cred);
  return rc;
}

int into_global(void) {
  TimeStamp ts;
  return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)L"Negotiate",
                                   SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                   &g_cred, &ts) == SEC_E_OK;
}

int into_struct_parameter(struct client *cl) {
  if (get_cred(&cl->cred) != SEC_E_OK)
    return -1;
  cl->ready = 1;
  return 0;
}

int copied_out(CredHandle *out) {
  CredHandle cred;
  if (get_cred(&cred) != SEC_E_OK)
    return -1;
  *out = cred;
  return 0;
}

// A helper of the file that calls no SSPI function and uses the object only
// through fields that cannot hold a handle cannot free (or keep) the
// credential: it stays the caller's.
static void count_use(struct client *cl) {
  if (cl)
    cl->ready++;
}

int counted_but_leaked(void) {
  struct client cl;
  if (get_cred(&cl.cred) != SEC_E_OK)
    return -1;
  count_use(&cl);
  return 0;
}
// CHECK: :[[@LINE-2]]:3: warning: credential 'cl.cred' is never freed on this path (missing FreeCredentialsHandle) [sspi-credential-leak]
// CHECK: :[[@LINE-6]]:7: note: credential 'cl.cred' acquired here by 'get_cred'
// CHECK: :[[@LINE-7]]:7: note: assuming 'get_cred(&cl.cred) != SEC_E_OK' is false

// One that stores the pointer takes the object over: silent.
static struct client *g_client;
static void remember(struct client *cl) { g_client = cl; }

int remembered(void) {
  static struct client cl;
  if (get_cred(&cl.cred) != SEC_E_OK)
    return -1;
  remember(&cl);
  return 0;
}
