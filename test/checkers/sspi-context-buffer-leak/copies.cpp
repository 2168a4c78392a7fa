// Copying package memory into a std::string or std::vector (a constructor,
// assign, append, insert, +=) is a copy, not a transfer of ownership: the
// buffer must still be freed, as after memcpy. A callee that may keep or
// free the pointer (a non-const pointer parameter) still takes it over.
// RUN: %sspi_tidy %s -- %win_cxx_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <string>
#include <vector>

int take_ownership(void *buf);

std::string session_key_leaks(CtxtHandle *ctx) {
  SecPkgContext_SessionKey key;
  std::string copy;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK)
    return copy;
  copy.assign((char *)key.SessionKey, key.SessionKeyLength);
  return copy;
  // CHECK: copies.cpp:[[@LINE-1]]:3: warning: buffer 'key.SessionKey' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: copies.cpp:[[@LINE-5]]:7: note: buffer 'key.SessionKey' allocated here by QueryContextAttributesA
  // CHECK: copies.cpp:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK' is false
}

std::vector<unsigned char> vector_copy_leaks(CtxtHandle *ctx) {
  SecPkgContext_SessionKey key;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK)
    return {};
  std::vector<unsigned char> v(key.SessionKey,
                               key.SessionKey + key.SessionKeyLength);
  return v;
  // CHECK: copies.cpp:[[@LINE-1]]:3: warning: buffer 'key.SessionKey' allocated by QueryContextAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: copies.cpp:[[@LINE-6]]:7: note: buffer 'key.SessionKey' allocated here by QueryContextAttributesA
  // CHECK: copies.cpp:[[@LINE-7]]:7: note: assuming 'QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK' is false
}

std::wstring name_append_leaks(CtxtHandle *ctx) {
  SecPkgContext_NamesW names;
  std::wstring who = L"user: ";
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return who;
  who += names.sUserName;
  return who;
  // CHECK: copies.cpp:[[@LINE-1]]:3: warning: buffer 'names.sUserName' allocated by QueryContextAttributesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: copies.cpp:[[@LINE-5]]:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesW
  // CHECK: copies.cpp:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
}

/* The twins: the copy is made, then the package memory is freed; or the
   pointer is handed to a function that may keep it. */
std::string session_key_ok(CtxtHandle *ctx) {
  SecPkgContext_SessionKey key;
  std::string copy;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK)
    return copy;
  copy.assign((char *)key.SessionKey, key.SessionKeyLength);
  FreeContextBuffer(key.SessionKey);
  return copy;
}

std::wstring name_copy_ok(CtxtHandle *ctx) {
  SecPkgContext_NamesW names;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return std::wstring();
  std::wstring who(names.sUserName);
  FreeContextBuffer(names.sUserName);
  return who;
}

int handed_over_ok(CtxtHandle *ctx) {
  SecPkgContext_SessionKey key;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK)
    return -1;
  return take_ownership(key.SessionKey);
}

/* A vector of pointers keeps the pointer: whoever owns the vector may free
   it later, the buffer is handed over. */
int kept_in_vector_ok(CtxtHandle *ctx, std::vector<void *> &keep) {
  SecPkgContext_SessionKey key;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_KEY, &key) != SEC_E_OK)
    return -1;
  keep.push_back(key.SessionKey);
  return 0;
}
