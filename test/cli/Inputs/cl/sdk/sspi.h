/* A stand-in for a Windows SDK's sspi.h (test/cli/cl-database.test). */
#pragma once
typedef LONG SECURITY_STATUS;
typedef struct _SecHandle { ULONG_PTR dwLower; ULONG_PTR dwUpper; } SecHandle, *PSecHandle;
typedef SecHandle CredHandle;
typedef PSecHandle PCredHandle;
typedef LARGE_INTEGER TimeStamp, *PTimeStamp;
#define SEC_E_OK ((SECURITY_STATUS)0)
#define SECPKG_CRED_OUTBOUND 0x00000002
SECURITY_STATUS __stdcall AcquireCredentialsHandleA(SEC_CHAR *, SEC_CHAR *, ULONG, PVOID, PVOID,
                                                    PVOID, PVOID, PCredHandle, PTimeStamp);
SECURITY_STATUS __stdcall FreeCredentialsHandle(PCredHandle);
