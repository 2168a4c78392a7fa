//===- ContextLeakCheck.h - sspi-context-leak -------------------*- C++ -*-===//
#ifndef SSPI_TIDY_CHECKS_CONTEXTLEAKCHECK_H
#define SSPI_TIDY_CHECKS_CONTEXTLEAKCHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// A security context that is live on some path and is never deleted with
/// DeleteSecurityContext before that path leaves the function (and it did not
/// escape). See docs/checks/sspi-context-leak.md.
class ContextLeakCheck : public SspiFindingCheck {
public:
  ContextLeakCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context, analysis::FindingKind::ContextLeak) {}
};

} // namespace checks
} // namespace sspi

#endif
