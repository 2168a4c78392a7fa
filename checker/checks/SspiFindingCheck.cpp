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

// One analysis per ASTContext (and declared-functions model: the checks of
// one TU normally share it), shared by the checks of that TU. clangd runs
// several TUs at once on different threads, hence the lock.
using AnalysisMap =
    std::map<const ASTContext *,
             std::map<std::string, std::shared_ptr<analysis::TUAnalysis>>>;
std::mutex CacheMutex;
AnalysisMap &cache() {
  static AnalysisMap C;
  return C;
}

std::shared_ptr<analysis::TUAnalysis>
analysisFor(ASTContext &Ctx, const std::shared_ptr<model::UserApi> &User) {
  std::shared_ptr<analysis::TUAnalysis> A;
  {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    auto &Slot = cache()[&Ctx][User->fingerprint()];
    if (!Slot) {
      analysis::AnalysisOptions Opts;
      Opts.User = User;
      Slot = std::make_shared<analysis::TUAnalysis>(Ctx, Opts);
    }
    A = Slot;
  }
  A->run();
  return A;
}

// The checks whose options declare a project's own functions, and the
// handle kind they declare.
struct DeclaringCheck {
  llvm::StringRef Name;
  model::HandleKind Kind;
};
constexpr DeclaringCheck DeclaringChecks[] = {
    {"sspi-context-leak", model::HandleKind::Context},
    {"sspi-credential-leak", model::HandleKind::Credential},
    {"sspi-context-buffer-leak", model::HandleKind::ContextBuffer},
};

} // namespace

SspiFindingCheck::SspiFindingCheck(llvm::StringRef Name,
                                   clang::tidy::ClangTidyContext *Context,
                                   analysis::FindingKind Kind)
    : ClangTidyCheck(Name, Context), Kind(Kind),
      User(std::make_shared<model::UserApi>()) {
  const auto &All = Context->getOptions().CheckOptions;
  for (const DeclaringCheck &D : DeclaringChecks) {
    bool Own = D.Name == Name;
    DeclaresFunctions |= Own;
    for (bool Acquire : {true, false}) {
      std::string Key =
          (D.Name + (Acquire ? ".AcquireFunctions" : ".ReleaseFunctions")).str();
      auto It = All.find(Key);
      if (It == All.end())
        continue;
      llvm::StringRef Value = It->getValue().Value;
      if (Own)
        (Acquire ? OwnAcquire : OwnRelease) = Value.str();
      std::vector<std::string> Errors;
      User->add(Value, D.Kind, Acquire, Errors);
      // Each option's errors are reported once, by the check that owns it.
      if (Own)
        for (const std::string &E : Errors)
          configurationDiag("option '%0': invalid entry %1") << Key << E;
    }
  }
}

void SspiFindingCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  if (!DeclaresFunctions)
    return;
  Options.store(Opts, "AcquireFunctions", OwnAcquire);
  Options.store(Opts, "ReleaseFunctions", OwnRelease);
}

void SspiFindingCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void SspiFindingCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  LastContext = &Ctx;
  // A TU with errors is reported by the compiler; its AST may be partial.
  if (Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return;
  auto A = analysisFor(Ctx, User);
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
