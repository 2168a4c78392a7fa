//===- SspiFindingCheck.h - Base of every sspi-* path check ------*- C++
//-*-===//
//
// The analysis runs once per translation unit, whichever sspi-* checks are
// enabled; each check only picks the findings of its own kind and turns them
// into a warning with its path notes.
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
namespace analysis {
class TUAnalysis;
}
namespace checks {

class SspiFindingCheck : public clang::tidy::ClangTidyCheck {
public:
  SspiFindingCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                   analysis::FindingKind Kind);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

protected:
  /// Findings beyond the per-function ones (the TU-level shutdown pass).
  virtual void addTUFindings(analysis::TUAnalysis &A,
                             std::vector<const analysis::Finding *> &Out) {}

private:
  analysis::FindingKind Kind;
  /// The project's own acquire/release functions: the union of the
  /// AcquireFunctions/ReleaseFunctions options of sspi-context-leak,
  /// sspi-credential-leak and sspi-context-buffer-leak, whichever checks are
  /// enabled, so that every check sees the same model.
  std::shared_ptr<model::UserApi> User;
  /// This check's own option values (for --dump-config); empty for the
  /// checks that declare no functions.
  std::string OwnAcquire, OwnRelease;
  bool DeclaresFunctions = false;
  const clang::ASTContext *LastContext = nullptr;
};

} // namespace checks
} // namespace sspi

#endif
