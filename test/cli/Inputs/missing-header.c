/* A project header the command line gives no include path for. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include "project_config.h"

int f(void) { return 0; }
