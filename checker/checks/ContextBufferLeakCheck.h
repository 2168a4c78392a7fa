//===- ContextBufferLeakCheck.h - sspi-context-buffer-leak
//---------------------------------*- C++ -*-===//
#ifndef SSPI_TIDY_CHECKS_CONTEXTBUFFERLEAKCHECK_H
#define SSPI_TIDY_CHECKS_CONTEXTBUFFERLEAKCHECK_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

/// Memory the security package allocated (ALLOCATE_MEMORY output tokens,
/// QueryContextAttributes names, package info) that never reaches
/// FreeContextBuffer. See docs/checks/sspi-context-buffer-leak.md.
class ContextBufferLeakCheck : public SspiFindingCheck {
public:
  ContextBufferLeakCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context)
      : SspiFindingCheck(Name, Context,
                         analysis::FindingKind::ContextBufferLeak) {}
};

} // namespace checks
} // namespace sspi

#endif
