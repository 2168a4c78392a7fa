// C++: a method that impersonates and throws before reverting.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int read_profile(const char *user);

class Session {
public:
  int loadProfile(const char *user) {
    if (ImpersonateSecurityContext(&ctx_) != SEC_E_OK)
      return -1;
    int rc = read_profile(user);
    if (rc < 0)
      throw rc;
      // CHECK: impersonation.cpp:[[@LINE-1]]:7: warning: the thread still impersonates the client of 'ctx_' on this path (missing RevertSecurityContext) [sspi-impersonation-not-reverted]
      // CHECK: impersonation.cpp:[[@LINE-6]]:9: note: the thread starts impersonating the client of 'ctx_' here (ImpersonateSecurityContext)
      // CHECK: impersonation.cpp:[[@LINE-7]]:9: note: assuming 'ImpersonateSecurityContext(&ctx_) != SEC_E_OK' is false
      // CHECK: impersonation.cpp:[[@LINE-5]]:9: note: assuming 'rc < 0' is true
    RevertSecurityContext(&ctx_);
    return rc;
  }
  int loadProfileOk(const char *user) {
    if (ImpersonateSecurityContext(&ctx_) != SEC_E_OK)
      return -1;
    int rc = read_profile(user);
    RevertSecurityContext(&ctx_);
    return rc;
  }

private:
  CtxtHandle ctx_;
};
