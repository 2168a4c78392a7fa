//===- CredentialFreedBeforeContextCheck.h -
// sspi-credential-freed-before-context ---------------------------------*- C++
//-*-===//
#ifndef SSPI_TIDY_CHECKS_CREDENTIALFREEDBEFORECONTEXTCHECK_H
#define SSPI_TIDY_CHECKS_CREDENTIALFREEDBEFORECONTEXTCHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// A credential freed with FreeCredentialsHandle while a security context
/// created from it is still live on that path (FreeCredentialsHandle documents:
/// delete the contexts first). See
/// docs/checks/sspi-credential-freed-before-context.md.
class CredentialFreedBeforeContextCheck : public SspiFindingCheck {
public:
  CredentialFreedBeforeContextCheck(llvm::StringRef Name,
                                    clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context,
                         analysis::FindingKind::CredentialFreedBeforeContext) {}
};

} // namespace checks
} // namespace sspi

#endif
