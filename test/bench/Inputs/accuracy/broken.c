/* accuracy-harness.test: a file with a compile error outside its SSPI code. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int has_negotiate(void)
{
  PSecPkgInfoA info;
  if (QuerySecurityPackageInfoA("Negotiate", &info) != SEC_E_OK)
    return 0;
  FreeContextBuffer(info);
  return 1;
}

int not_compiling(void)
{
  return undeclared_counter + 1;
}

void trace(int);

/* Its own body has an error: not analysed, counted. */
void drop_context(CtxtHandle *ctx)
{
  DeleteSecurityContext(ctx);
  trace(undeclared_flag);
}
