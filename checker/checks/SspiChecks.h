//===- SspiChecks.h - The sspi-* checks -------------------------*- C++ -*-===//
//
// One class per entry of SspiChecks.def; each writes its own message. See
// docs/checks/<name>.md for what each reports.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_CHECKS_SSPICHECKS_H
#define SSPI_TIDY_CHECKS_SSPICHECKS_H

#include "SspiFindingCheck.h"

namespace sspi {
namespace checks {

// NOLINTNEXTLINE(bugprone-macro-parentheses): Class names a class.
#define SSPI_CHECK(Id, Name, Class, Cwe, Summary)                              \
  class Class : public SspiFindingCheck {                                      \
  public:                                                                      \
    Class(llvm::StringRef N, clang::tidy::ClangTidyContext *Context);          \
                                                                               \
  protected:                                                                   \
    std::string message(const analysis::Finding &F) const override;            \
  };
#include "SspiChecks.def"

/// The default of sspi-shutdown-without-cleanup's ShutdownFunctions.
llvm::StringRef defaultShutdownFunctions();
/// The default TeardownFunctions of sspi-context-leak / sspi-credential-leak.
llvm::StringRef defaultTeardownFunctions();

} // namespace checks
} // namespace sspi

#endif
