//===- SspiFindingCheck.cpp - Shared analysis, per-check reporting
//---------===//
#include "SspiFindingCheck.h"
#include "../analysis/Engine.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <map>
#include <memory>
#include <mutex>

using namespace clang;
using namespace clang::ast_matchers;

namespace sspi {
namespace checks {

namespace {

// One analysis per ASTContext, shared by the checks of that TU. clangd runs
// several TUs at once on different threads, hence the lock.
std::mutex CacheMutex;
std::map<const ASTContext *, std::shared_ptr<analysis::TUAnalysis>> &cache() {
  static std::map<const ASTContext *, std::shared_ptr<analysis::TUAnalysis>> C;
  return C;
}

std::shared_ptr<analysis::TUAnalysis> analysisFor(ASTContext &Ctx) {
  std::shared_ptr<analysis::TUAnalysis> A;
  {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    auto &Slot = cache()[&Ctx];
    if (!Slot)
      Slot = std::make_shared<analysis::TUAnalysis>(Ctx);
    A = Slot;
  }
  A->run();
  return A;
}

} // namespace

void SspiFindingCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void SspiFindingCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  LastContext = &Ctx;
  // A TU with errors is reported by the compiler; its AST may be partial.
  if (Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return;
  auto A = analysisFor(Ctx);
  std::vector<const analysis::Finding *> Mine;
  for (const analysis::Finding &F : A->findings())
    if (F.Kind == Kind)
      Mine.push_back(&F);
  addTUFindings(*A, Mine);
  for (const analysis::Finding *F : Mine) {
    diag(F->Loc, "%0") << F->Message;
    for (const analysis::PathNote &N : F->Notes)
      diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }
}

void SspiFindingCheck::onEndOfTranslationUnit() {
  // Every check's check() has run by now; the first to finish frees the
  // shared analysis (an ASTContext address may be reused by the next TU).
  std::lock_guard<std::mutex> Lock(CacheMutex);
  if (LastContext)
    cache().erase(LastContext);
  LastContext = nullptr;
}

} // namespace checks
} // namespace sspi
