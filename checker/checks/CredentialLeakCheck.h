//===- CredentialLeakCheck.h - sspi-credential-leak -------------*- C++ -*-===//
#ifndef SSPI_TIDY_CHECKS_CREDENTIALLEAKCHECK_H
#define SSPI_TIDY_CHECKS_CREDENTIALLEAKCHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// A credential acquired with AcquireCredentialsHandle that is never freed
/// with FreeCredentialsHandle on some path out of the function (and did not
/// escape). See docs/checks/sspi-credential-leak.md.
class CredentialLeakCheck : public SspiFindingCheck {
public:
  CredentialLeakCheck(llvm::StringRef Name,
                      clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context, analysis::FindingKind::CredentialLeak) {
  }
};

} // namespace checks
} // namespace sspi

#endif
