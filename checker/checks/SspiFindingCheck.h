//===- SspiFindingCheck.h - Base of every sspi-* check ----------*- C++ -*-===//
//
// The analysis runs once per translation unit, whichever sspi-* checks are
// enabled; each check only picks the findings of its own kind and says them
// in its own words (message(), and the shared notes of Wording.h).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_CHECKS_SSPIFINDINGCHECK_H
#define SSPI_TIDY_CHECKS_SSPIFINDINGCHECK_H

#include "../analysis/Finding.h"
#include "../model/UserApi.h"

#include "clang-tidy/ClangTidyCheck.h"
#include <memory>
#include <string>
#include <vector>

namespace sspi {
namespace checks {

class SspiFindingCheck : public clang::tidy::ClangTidyCheck {
public:
  SspiFindingCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                   analysis::FindingKind Kind);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

protected:
  /// The warning's text for a finding of this check's kind.
  virtual std::string message(const analysis::Finding &F) const = 0;

private:
  analysis::FindingKind Kind;
  /// The project's own acquire/release functions: the union of the
  /// AcquireFunctions/ReleaseFunctions options of sspi-context-leak,
  /// sspi-credential-leak and sspi-context-buffer-leak, whichever checks are
  /// enabled, so that every check sees the same model.
  std::shared_ptr<model::UserApi> User;
  /// sspi-shutdown-without-cleanup's ShutdownFunctions, when that check is
  /// enabled (its analysis then runs for every check of the TU).
  bool ShutdownEnabled = false;
  /// Handles owned by objects (sspi-context-leak / sspi-credential-leak):
  /// whether either is enabled, and their TeardownFunctions.
  bool OwnersEnabled = false;
  std::string TeardownFunctions;
  std::string ShutdownFunctions;
  /// sspi-double-release is enabled: the TU's C++ owner copies are found
  /// (analysis/OwnerCopies) for it.
  bool OwnerCopiesEnabled = false;
  /// This check's own option values (for --dump-config); empty for the
  /// checks that declare no functions.
  std::string OwnAcquire, OwnRelease;
  bool DeclaresFunctions = false;
  const clang::ASTContext *LastContext = nullptr;
};

} // namespace checks
} // namespace sspi

#endif
