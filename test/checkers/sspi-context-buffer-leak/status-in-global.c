// The status kept in a global or in a field of the caller's object instead
// of a local: `g_status = QueryContextAttributes(...); if (g_status ==
// SEC_E_OK) ...` tests that call's status.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int log_name(const char *name);

static SECURITY_STATUS g_status;
struct session {
  CtxtHandle ctx;
  SECURITY_STATUS status;
};

int global_status_leaks(CtxtHandle *ctx) {
  SecPkgContext_NamesA names;
  g_status = QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names);
  if (g_status == SEC_E_OK) {
    if (log_name(names.sUserName) < 0)
      return -1;
    // CHECK: status-in-global.c:[[@LINE-1]]:7: warning: buffer 'names.sUserName' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
    // CHECK: status-in-global.c:[[@LINE-5]]:14: note: buffer 'names.sUserName' allocated here by QueryContextAttributesA
    // CHECK: status-in-global.c:[[@LINE-5]]:7: note: assuming 'g_status == SEC_E_OK' is true
    // CHECK: status-in-global.c:[[@LINE-5]]:9: note: assuming 'log_name(names.sUserName) < 0' is true
    FreeContextBuffer(names.sUserName);
  }
  return 0;
}

int member_status_leaks(struct session *s) {
  SecPkgContext_NamesA names;
  s->status = QueryContextAttributesA(&s->ctx, SECPKG_ATTR_NAMES, &names);
  if (s->status != SEC_E_OK)
    return -1;
  if (log_name(names.sUserName) < 0)
    return -2;
  // CHECK: status-in-global.c:[[@LINE-1]]:5: warning: buffer 'names.sUserName' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: status-in-global.c:[[@LINE-6]]:15: note: buffer 'names.sUserName' allocated here by QueryContextAttributesA
  // CHECK: status-in-global.c:[[@LINE-6]]:7: note: assuming 's->status != SEC_E_OK' is false
  // CHECK: status-in-global.c:[[@LINE-5]]:7: note: assuming 'log_name(names.sUserName) < 0' is true
  FreeContextBuffer(names.sUserName);
  return 0;
}

/* The twins: freed on every path where the global says success. */
int global_status_ok(CtxtHandle *ctx) {
  SecPkgContext_NamesA names;
  g_status = QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names);
  if (g_status == SEC_E_OK) {
    int rc = log_name(names.sUserName);
    FreeContextBuffer(names.sUserName);
    return rc;
  }
  return 0;
}

int member_status_ok(struct session *s) {
  SecPkgContext_NamesA names;
  s->status = QueryContextAttributesA(&s->ctx, SECPKG_ATTR_NAMES, &names);
  if (s->status != SEC_E_OK)
    return -1;
  log_name(names.sUserName);
  FreeContextBuffer(names.sUserName);
  return 0;
}
