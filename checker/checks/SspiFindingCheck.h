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

#include "clang-tidy/ClangTidyCheck.h"
#include <vector>

namespace sspi {
namespace analysis {
class TUAnalysis;
}
namespace checks {

class SspiFindingCheck : public clang::tidy::ClangTidyCheck {
public:
  SspiFindingCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                   analysis::FindingKind Kind)
      : ClangTidyCheck(Name, Context), Kind(Kind) {}

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
  const clang::ASTContext *LastContext = nullptr;
};

} // namespace checks
} // namespace sspi

#endif
