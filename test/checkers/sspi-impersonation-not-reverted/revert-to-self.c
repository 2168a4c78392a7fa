// RevertToSelf() and SetThreadToken(NULL, NULL) give the thread its own
// token back: the impersonation ends.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int open_user_file(const char *path);

int revert_to_self_ok(CtxtHandle *ctx, const char *path) {
  if (ImpersonateSecurityContext(ctx) != SEC_E_OK)
    return -1;
  int fd = open_user_file(path);
  RevertToSelf();
  return fd;
}

int set_thread_token_ok(CtxtHandle *ctx, const char *path) {
  if (ImpersonateSecurityContext(ctx) != SEC_E_OK)
    return -1;
  int fd = open_user_file(path);
  SetThreadToken(NULL, NULL);
  return fd;
}

/* Two tests of one parameter agree with each other. */
int same_flag_twice(CtxtHandle *ctx, const char *path, int elevated) {
  if (elevated && ImpersonateSecurityContext(ctx) != SEC_E_OK)
    return -1;
  int fd = open_user_file(path);
  if (elevated)
    RevertSecurityContext(ctx);
  return fd;
}

