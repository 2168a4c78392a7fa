// C++ and the other status spellings with the release-order checks:
// switch, SUCCEEDED, IS_ERROR, `!st`, SEC_I_CONTINUE_NEEDED.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

int switch_double_delete(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextW(
      cred, nullptr, nullptr, 0, 0, 0, nullptr, 0, &ctx, &out, &attrs, &ts);
  switch (st) {
  case SEC_E_OK:
    DeleteSecurityContext(&ctx);
    break;
  case SEC_I_CONTINUE_NEEDED:
    send_token(nullptr, 0);
    DeleteSecurityContext(&ctx);
    [[fallthrough]];
  default:
    return -1;
  }
  DeleteSecurityContext(&ctx);
  // CHECK: spellings.cpp:[[@LINE-1]]:3: warning: security context 'ctx' is deleted twice on this path [sspi-double-release]
  // CHECK: spellings.cpp:[[@LINE-12]]:3: note: taking 'case SEC_E_OK:'
  // CHECK: spellings.cpp:[[@LINE-12]]:5: note: 'ctx' deleted here
  return 0;
}

int succeeded_use_after(CredHandle *cred, SecBufferDesc *msg) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextW(
      cred, nullptr, nullptr, 0, 0, 0, nullptr, 0, &ctx, &out, &attrs, &ts);
  if (!SUCCEEDED(st))
    return -1;
  DeleteSecurityContext(&ctx);
  return EncryptMessage(&ctx, 0, msg, 0);
  // CHECK: spellings.cpp:[[@LINE-1]]:10: warning: security context 'ctx' is used by EncryptMessage after it was deleted [sspi-use-after-release]
  // CHECK: spellings.cpp:[[@LINE-5]]:7: note: assuming '!SUCCEEDED(st)' is false
  // CHECK: spellings.cpp:[[@LINE-4]]:3: note: 'ctx' deleted here
}

/* IS_ERROR: no context on the error branch, one delete on the other. */
int is_error_ok(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextW(
      cred, nullptr, nullptr, 0, 0, 0, nullptr, 0, &ctx, &out, &attrs, &ts);
  if (IS_ERROR(st))
    return -1;
  DeleteSecurityContext(&ctx);
  return 0;
}

/* `!st` is SEC_E_OK: the buffer exists only then. */
int not_status_buffer(CtxtHandle *ctx) {
  SecPkgContext_NamesW names;
  SECURITY_STATUS st = QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names);
  if (!st) {
    FreeContextBuffer(names.sUserName);
    FreeContextBuffer(names.sUserName);
    // CHECK: spellings.cpp:[[@LINE-1]]:5: warning: buffer 'names.sUserName' is freed twice on this path (FreeContextBuffer) [sspi-double-release]
    // CHECK: spellings.cpp:[[@LINE-4]]:7: note: assuming '!st' is true
    // CHECK: spellings.cpp:[[@LINE-4]]:5: note: 'names.sUserName' freed here
  }
  return st;
}
