/* accuracy-harness.test: functions whose path states the engine joins. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int step(int i);

/* Seven saved results decide one release each: 2^7 combinations of facts
   with one credential state, joined past the budget of one block. */
int seven_flags(void)
{
  CredHandle cred;
  int r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, NULL) != SEC_E_OK)
    return -1;
  if (step(0)) r0 = 1;
  if (step(1)) r1 = 1;
  if (step(2)) r2 = 1;
  if (step(3)) r3 = 1;
  if (step(4)) r4 = 1;
  if (step(5)) r5 = 1;
  if (step(6)) r6 = 1;
  if (r0 || r1 || r2 || r3 || r4 || r5 || r6) {
    FreeCredentialsHandle(&cred);
    return 1;
  }
  FreeCredentialsHandle(&cred);
  return 0;
}

/* Seven contexts, each created on its own condition: 2^7 combinations of
   handle states, the rest analysed with one state per block. */
#define LEG(n)                                                                 \
  if (step(n) && InitializeSecurityContextA(cred, NULL, target, 0, 0,          \
                                            SECURITY_NATIVE_DREP, NULL, 0,     \
                                            &c##n, NULL, NULL, NULL) == SEC_E_OK) \
    live##n = 1;
#define END(n)                                                                 \
  if (live##n)                                                                 \
    DeleteSecurityContext(&c##n);
void seven_contexts(CredHandle *cred, SEC_CHAR *target)
{
  CtxtHandle c0, c1, c2, c3, c4, c5, c6;
  int live0 = 0, live1 = 0, live2 = 0, live3 = 0, live4 = 0, live5 = 0, live6 = 0;
  LEG(0) LEG(1) LEG(2) LEG(3) LEG(4) LEG(5) LEG(6)
  END(0) END(1) END(2) END(3) END(4) END(5) END(6)
}

/* The credential leaks only when all seven steps succeed; every path there
   went through branches that read flags a join forgot, so the engine does
   not report it (dropped=1). */
int all_seven(void)
{
  CredHandle cred;
  int r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0;
  if (AcquireCredentialsHandleA(NULL, "Negotiate", SECPKG_CRED_OUTBOUND, NULL,
                                NULL, NULL, NULL, &cred, NULL) != SEC_E_OK)
    return -1;
  if (step(0)) r0 = 1;
  if (step(1)) r1 = 1;
  if (step(2)) r2 = 1;
  if (step(3)) r3 = 1;
  if (step(4)) r4 = 1;
  if (step(5)) r5 = 1;
  if (step(6)) r6 = 1;
  if (r0 && r1 && r2 && r3 && r4 && r5 && r6)
    return 1;
  FreeCredentialsHandle(&cred);
  return 0;
}
