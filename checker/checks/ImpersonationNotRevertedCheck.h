//===- ImpersonationNotRevertedCheck.h - sspi-impersonation-not-reverted
//---------------------------------*- C++ -*-===//
#ifndef SSPI_TIDY_CHECKS_IMPERSONATIONNOTREVERTEDCHECK_H
#define SSPI_TIDY_CHECKS_IMPERSONATIONNOTREVERTEDCHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// ImpersonateSecurityContext succeeded and the function returns without
/// RevertSecurityContext. See docs/checks/sspi-impersonation-not-reverted.md.
class ImpersonationNotRevertedCheck : public SspiFindingCheck {
public:
  ImpersonationNotRevertedCheck(llvm::StringRef Name,
                                clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context,
                         analysis::FindingKind::ImpersonationNotReverted) {}
};

} // namespace checks
} // namespace sspi

#endif
