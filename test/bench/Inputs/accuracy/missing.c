/* accuracy-harness.test: a file whose project header is not there. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include "absent_config.h"

void drop(CtxtHandle *ctx)
{
  DeleteSecurityContext(ctx);
}
