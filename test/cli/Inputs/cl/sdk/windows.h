/* A stand-in for a Windows SDK's windows.h (test/cli/cl-database.test):
   just what sdk_user.c needs. A database entry whose include path has a
   windows.h is left as it is. */
#pragma once
typedef long LONG;
typedef unsigned long ULONG;
typedef unsigned long long ULONG_PTR;
typedef char SEC_CHAR;
typedef void *PVOID;
typedef struct _LARGE_INTEGER { long long QuadPart; } LARGE_INTEGER;
