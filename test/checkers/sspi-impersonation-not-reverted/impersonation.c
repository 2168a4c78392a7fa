// ImpersonateSecurityContext succeeded and the function returns while the
// thread still acts as the client.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int open_user_file(const char *path);

int not_reverted_on_error(CtxtHandle *ctx, const char *path) {
  if (ImpersonateSecurityContext(ctx) != SEC_E_OK)
    return -1;
  int fd = open_user_file(path);
  if (fd < 0)
    return -1;
    // CHECK: impersonation.c:[[@LINE-1]]:5: warning: the thread still impersonates the client of '*ctx' on this path (missing RevertSecurityContext) [sspi-impersonation-not-reverted]
    // CHECK: impersonation.c:[[@LINE-6]]:7: note: the thread starts impersonating the client of '*ctx' here (ImpersonateSecurityContext)
    // CHECK: impersonation.c:[[@LINE-7]]:7: note: assuming 'ImpersonateSecurityContext(ctx) != SEC_E_OK' is false
    // CHECK: impersonation.c:[[@LINE-5]]:7: note: assuming 'fd < 0' is true
  RevertSecurityContext(ctx);
  return fd;
}

int reverted_ok(CtxtHandle *ctx, const char *path) {
  if (ImpersonateSecurityContext(ctx) != SEC_E_OK)
    return -1;
  int fd = open_user_file(path);
  RevertSecurityContext(ctx);
  return fd;
}

/* Failed impersonation: nothing to revert. */
int failed_ok(CtxtHandle *ctx, const char *path) {
  SECURITY_STATUS st = ImpersonateSecurityContext(ctx);
  if (FAILED(st))
    return -1;
  int fd = open_user_file(path);
  RevertSecurityContext(ctx);
  return fd;
}

/* Never checked, never reverted: the code goes on as the client. */
int unchecked(CtxtHandle *ctx, const char *path) {
  ImpersonateSecurityContext(ctx);
  return open_user_file(path);
  // CHECK: impersonation.c:[[@LINE-1]]:3: warning: the thread still impersonates the client of '*ctx' on this path (missing RevertSecurityContext) [sspi-impersonation-not-reverted]
  // CHECK: impersonation.c:[[@LINE-3]]:3: note: the thread starts impersonating the client of '*ctx' here (ImpersonateSecurityContext)
}

/* A helper whose job is to impersonate leaves it to the caller... */
static BOOL begin_impersonation(CtxtHandle *ctx) {
  return ImpersonateSecurityContext(ctx) == SEC_E_OK;
}
static void end_impersonation(CtxtHandle *ctx) { RevertSecurityContext(ctx); }

/* ...which reverts through another helper: silent. */
int helpers_ok(CtxtHandle *ctx, const char *path) {
  if (!begin_impersonation(ctx))
    return -1;
  int fd = open_user_file(path);
  end_impersonation(ctx);
  return fd;
}

static SECURITY_STATUS impersonate_client(CtxtHandle *ctx) {
  return ImpersonateSecurityContext(ctx);
}

/* The caller of a helper that returns the status forgets to revert. */
int helper_status_not_reverted(CtxtHandle *ctx, const char *path) {
  if (impersonate_client(ctx) != SEC_E_OK)
    return -1;
  return open_user_file(path);
  // CHECK: impersonation.c:[[@LINE-1]]:3: warning: the thread still impersonates the client of '*ctx' on this path (missing RevertSecurityContext) [sspi-impersonation-not-reverted]
  // CHECK: impersonation.c:[[@LINE-4]]:7: note: the thread starts impersonating the client of '*ctx' here ('impersonate_client')
  // CHECK: impersonation.c:[[@LINE-5]]:7: note: assuming 'impersonate_client(ctx) != SEC_E_OK' is false
}

/* Through the function table. */
int table_not_reverted(PSecurityFunctionTableA t, CtxtHandle *ctx,
                       const char *path) {
  if (t->ImpersonateSecurityContext(ctx) != SEC_E_OK)
    return -1;
  int fd = open_user_file(path);
  if (fd >= 0)
    t->RevertSecurityContext(ctx);
  return fd;
  // CHECK: impersonation.c:[[@LINE-1]]:3: warning: the thread still impersonates the client of '*ctx' on this path (missing RevertSecurityContext) [sspi-impersonation-not-reverted]
  // CHECK: impersonation.c:[[@LINE-7]]:7: note: the thread starts impersonating the client of '*ctx' here (ImpersonateSecurityContext)
  // CHECK: impersonation.c:[[@LINE-8]]:7: note: assuming 't->ImpersonateSecurityContext(ctx) != SEC_E_OK' is false
  // CHECK: impersonation.c:[[@LINE-6]]:7: note: assuming 'fd >= 0' is false
}

/* Server: a local context established, impersonated, reverted, deleted. */
int server_ok(CredHandle *cred, SecBufferDesc *in, SecBufferDesc *out,
              const char *path) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (AcceptSecurityContext(cred, NULL, in, 0, 0, &ctx, out, &attrs, &ts) !=
      SEC_E_OK)
    return -1;
  int fd = -1;
  if (ImpersonateSecurityContext(&ctx) == SEC_E_OK) {
    fd = open_user_file(path);
    RevertSecurityContext(&ctx);
  }
  DeleteSecurityContext(&ctx);
  return fd;
}
