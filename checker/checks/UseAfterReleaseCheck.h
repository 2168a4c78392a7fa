//===- UseAfterReleaseCheck.h - sspi-use-after-release
//---------------------------------*- C++ -*-===//
#ifndef SSPI_TIDY_CHECKS_USEAFTERRELEASECHECK_H
#define SSPI_TIDY_CHECKS_USEAFTERRELEASECHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// A deleted context or freed credential passed to an SSPI function that needs
/// it live. See docs/checks/sspi-use-after-release.md.
class UseAfterReleaseCheck : public SspiFindingCheck {
public:
  UseAfterReleaseCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context,
                         analysis::FindingKind::UseAfterRelease) {}
};

} // namespace checks
} // namespace sspi

#endif
