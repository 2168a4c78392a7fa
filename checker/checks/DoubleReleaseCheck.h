//===- DoubleReleaseCheck.h - sspi-double-release
//---------------------------------*- C++ -*-===//
#ifndef SSPI_TIDY_CHECKS_DOUBLERELEASECHECK_H
#define SSPI_TIDY_CHECKS_DOUBLERELEASECHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// DeleteSecurityContext, FreeCredentialsHandle or FreeContextBuffer on a
/// handle or buffer already released on that path. See
/// docs/checks/sspi-double-release.md.
class DoubleReleaseCheck : public SspiFindingCheck {
public:
  DoubleReleaseCheck(llvm::StringRef Name,
                     clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context, analysis::FindingKind::DoubleRelease) {}
};

} // namespace checks
} // namespace sspi

#endif
