// QueryContextAttributes, QueryCredentialsAttributes, EnumerateSecurityPackages
// and QuerySecurityPackageInfo: only what the documentation says the package
// allocates.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <stdio.h>

int user_name_leaks(CtxtHandle *ctx) {
  SecPkgContext_NamesW names;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return -1;
  wprintf(L"%ls\n", names.sUserName);
  return 0;
  // CHECK: attributes.c:[[@LINE-1]]:3: warning: buffer 'names.sUserName' allocated by QueryContextAttributesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: attributes.c:[[@LINE-5]]:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesW
  // CHECK: attributes.c:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
}

int user_name_freed_ok(CtxtHandle *ctx) {
  SecPkgContext_NamesA names;
  if (QueryContextAttributesA(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return -1;
  printf("%s\n", names.sUserName);
  FreeContextBuffer(names.sUserName);
  return 0;
}

/* Fixed-size attributes allocate nothing. */
int sizes_ok(CtxtHandle *ctx) {
  SecPkgContext_Sizes sizes;
  SecPkgContext_StreamSizes stream;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_SIZES, &sizes) != SEC_E_OK)
    return -1;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_STREAM_SIZES, &stream) != SEC_E_OK)
    return -1;
  return (int)(sizes.cbMaxToken + stream.cbHeader);
}

int package_info_leaks(CtxtHandle *ctx) {
  SecPkgContext_PackageInfoW info;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_PACKAGE_INFO, &info) != SEC_E_OK)
    return -1;
  return (int)info.PackageInfo->cbMaxToken;
  // CHECK: attributes.c:[[@LINE-1]]:3: warning: buffer 'info.PackageInfo' allocated by QueryContextAttributesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: attributes.c:[[@LINE-4]]:7: note: buffer 'info.PackageInfo' allocated here by QueryContextAttributesW
  // CHECK: attributes.c:[[@LINE-5]]:7: note: assuming 'QueryContextAttributesW(...) != SEC_E_OK' is false
}

int native_names_one_freed(CtxtHandle *ctx) {
  SecPkgContext_NativeNamesW nn;
  if (QueryContextAttributesW(ctx, SECPKG_ATTR_NATIVE_NAMES, &nn) != SEC_E_OK)
    return -1;
  FreeContextBuffer(nn.sClientName);
  return 0;
  // CHECK: attributes.c:[[@LINE-1]]:3: warning: buffer 'nn.sServerName' allocated by QueryContextAttributesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: attributes.c:[[@LINE-5]]:7: note: buffer 'nn.sServerName' allocated here by QueryContextAttributesW
  // CHECK: attributes.c:[[@LINE-6]]:7: note: assuming 'QueryContextAttributesW(ctx, SECPKG_ATTR_NATIVE_NAMES, &nn) != SEC_E_OK' is false
}

int enumerate_leaks(void) {
  ULONG count;
  PSecPkgInfoW pkgs;
  if (EnumerateSecurityPackagesW(&count, &pkgs) != SEC_E_OK)
    return -1;
  return (int)count;
  // CHECK: attributes.c:[[@LINE-1]]:3: warning: buffer 'pkgs' allocated by EnumerateSecurityPackagesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: attributes.c:[[@LINE-4]]:7: note: buffer 'pkgs' allocated here by EnumerateSecurityPackagesW
  // CHECK: attributes.c:[[@LINE-5]]:7: note: assuming 'EnumerateSecurityPackagesW(&count, &pkgs) != SEC_E_OK' is false
}

int query_package_ok(void) {
  PSecPkgInfoA info;
  if (QuerySecurityPackageInfoA((SEC_CHAR *)"Negotiate", &info) != SEC_E_OK)
    return -1;
  ULONG max = info->cbMaxToken;
  FreeContextBuffer(info);
  return (int)max;
}

/* Returned to the caller: silent. */
PSecPkgInfoA query_package_returned(void) {
  PSecPkgInfoA info;
  if (QuerySecurityPackageInfoA((SEC_CHAR *)"Kerberos", &info) != SEC_E_OK)
    return NULL;
  return info;
}

int credential_names_leak(CredHandle *cred) {
  SecPkgCredentials_NamesA names;
  if (QueryCredentialsAttributesA(cred, SECPKG_CRED_ATTR_NAMES, &names) !=
      SEC_E_OK)
    return -1;
  puts(names.sUserName);
  return 0;
  // CHECK: attributes.c:[[@LINE-1]]:3: warning: buffer 'names.sUserName' allocated by QueryCredentialsAttributesA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: attributes.c:[[@LINE-6]]:7: note: buffer 'names.sUserName' allocated here by QueryCredentialsAttributesA
  // CHECK: attributes.c:[[@LINE-7]]:7: note: assuming 'QueryCredentialsAttributesA(...) != SEC_E_OK' is false
}

/* An attribute chosen at run time: no guess. */
int variable_attribute_ok(CtxtHandle *ctx, ULONG attr, void *buf) {
  return QueryContextAttributesW(ctx, attr, buf);
}

/* Through the function table. */
int table_names_leak(PSecurityFunctionTableW t, CtxtHandle *ctx) {
  SecPkgContext_NamesW names;
  if (t->QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK)
    return -1;
  return names.sUserName[0];
  // CHECK: attributes.c:[[@LINE-1]]:3: warning: buffer 'names.sUserName' allocated by QueryContextAttributesW is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: attributes.c:[[@LINE-4]]:7: note: buffer 'names.sUserName' allocated here by QueryContextAttributesW
  // CHECK: attributes.c:[[@LINE-5]]:7: note: assuming 't->QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES, &names) != SEC_E_OK' is false
}
