//===- SspiFindingCheck.cpp - Shared analysis, per-check reporting --------===//
#include "SspiFindingCheck.h"
#include "../analysis/Engine.h"
#include "../analysis/OwnerCopies.h"
#include "SspiChecks.h"
#include "ErrorLocations.h"
#include "Wording.h"
#include "objects/OwnerClient.h"
#include "shutdown/ShutdownClient.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

#include <map>
#include <memory>
#include <mutex>

using namespace clang;
using namespace clang::ast_matchers;

namespace sspi {
namespace checks {

namespace {

constexpr llvm::StringLiteral ShutdownCheck = "sspi-shutdown-without-cleanup";
constexpr llvm::StringLiteral ContextLeakCheckName = "sspi-context-leak";
constexpr llvm::StringLiteral CredentialLeakCheckName = "sspi-credential-leak";
constexpr llvm::StringLiteral DoubleReleaseCheckName = "sspi-double-release";

// One analysis per ASTContext and module-wide configuration (the checks of
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

std::vector<llvm::Regex> compilePatterns(llvm::StringRef Spec,
                                         std::vector<std::string> *Errors) {
  std::vector<llvm::Regex> Out;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Spec.split(Parts, ';', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (P.empty())
      continue;
    llvm::Regex R(P);
    std::string Err;
    if (R.isValid(Err))
      Out.push_back(std::move(R));
    else if (Errors)
      Errors->push_back("'" + P.str() + "': " + Err);
  }
  return Out;
}

std::shared_ptr<analysis::TUAnalysis>
analysisFor(ASTContext &Ctx, const std::shared_ptr<model::UserApi> &User,
            bool Shutdown, const std::string &ShutdownFunctions,
            bool Owners, const std::string &TeardownFunctions,
            bool OwnerCopies) {
  std::string Key = User->fingerprint();
  if (Shutdown)
    Key += "|shutdown:" + ShutdownFunctions;
  if (Owners)
    Key += "|teardown:" + TeardownFunctions;
  if (OwnerCopies)
    Key += "|copies";
  std::shared_ptr<analysis::TUAnalysis> A;
  {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    auto &Slot = cache()[&Ctx][Key];
    if (!Slot) {
      analysis::AnalysisOptions Opts;
      Opts.User = User;
      Opts.ErrorLocations = errorLocations(Ctx.getSourceManager());
      std::vector<std::unique_ptr<analysis::AnalysisClient>> Clients;
      Clients.push_back(std::make_unique<LibraryUnloadClient>());
      if (Shutdown)
        Clients.push_back(std::make_unique<ShutdownClient>(
            compilePatterns(ShutdownFunctions, nullptr)));
      if (Owners)
        Clients.push_back(std::make_unique<OwnerClient>(
            compilePatterns(TeardownFunctions, nullptr)));
      // C++ objects copied with the handle their destructor releases.
      if (OwnerCopies && Ctx.getLangOpts().CPlusPlus)
        Clients.push_back(std::make_unique<analysis::OwnerCopiesClient>());
      Slot =
          std::make_shared<analysis::TUAnalysis>(Ctx, Opts, std::move(Clients));
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
          (D.Name + (Acquire ? ".AcquireFunctions" : ".ReleaseFunctions"))
              .str();
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
  // TeardownFunctions: an option of both leak checks (the context leak's
  // wins when both are given).
  OwnersEnabled = false;
  TeardownFunctions.clear();
  for (llvm::StringRef C : {CredentialLeakCheckName, ContextLeakCheckName}) {
    OwnersEnabled |= Context->isCheckEnabled(C);
    auto T = All.find((C + ".TeardownFunctions").str());
    if (T != All.end())
      TeardownFunctions = T->getValue().Value;
  }
  // The lifetime rule of sspi-double-release runs on the same client.
  OwnersEnabled |= Context->isCheckEnabled(DoubleReleaseCheckName);
  if (!All.count((ContextLeakCheckName + ".TeardownFunctions").str()) &&
      !All.count((CredentialLeakCheckName + ".TeardownFunctions").str()))
    TeardownFunctions = defaultTeardownFunctions().str();
  if (Name == ContextLeakCheckName || Name == CredentialLeakCheckName) {
    std::vector<std::string> Errors;
    compilePatterns(TeardownFunctions, &Errors);
    for (const std::string &E : Errors)
      configurationDiag("option '%0': invalid regular expression %1")
          << (Name + ".TeardownFunctions").str() << E;
  }
  ShutdownEnabled = Context->isCheckEnabled(ShutdownCheck);
  OwnerCopiesEnabled = Context->isCheckEnabled(DoubleReleaseCheckName);
  std::string Key = (ShutdownCheck + ".ShutdownFunctions").str();
  auto It = All.find(Key);
  ShutdownFunctions =
      It == All.end() ? defaultShutdownFunctions().str() : It->getValue().Value;
  if (Name == ShutdownCheck) {
    std::vector<std::string> Errors;
    compilePatterns(ShutdownFunctions, &Errors);
    for (const std::string &E : Errors)
      configurationDiag("option '%0': invalid regular expression %1")
          << Key << E;
  }
}

void SspiFindingCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  if (Kind == analysis::FindingKind::ShutdownWithoutCleanup)
    Options.store(Opts, "ShutdownFunctions", ShutdownFunctions);
  if (Kind == analysis::FindingKind::ContextLeak ||
      Kind == analysis::FindingKind::CredentialLeak)
    Options.store(Opts, "TeardownFunctions", TeardownFunctions);
  if (!DeclaresFunctions)
    return;
  Options.store(Opts, "AcquireFunctions", OwnAcquire);
  Options.store(Opts, "ReleaseFunctions", OwnRelease);
}

void SspiFindingCheck::registerPPCallbacks(const SourceManager &SM,
                                           Preprocessor *PP, Preprocessor *) {
  if (PP)
    recordErrors(SM, *PP);
}

void SspiFindingCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void SspiFindingCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  LastContext = &Ctx;
  // A TU with compile errors elsewhere is analysed too: the engine skips
  // (and counts) only the functions whose own body has an error.
  auto A = analysisFor(Ctx, User, ShutdownEnabled, ShutdownFunctions,
                       OwnersEnabled, TeardownFunctions, OwnerCopiesEnabled);
  for (const analysis::Finding &F : A->findings()) {
    if (F.Kind != Kind)
      continue;
    diag(F.Loc, "%0") << message(F);
    for (const analysis::PathNote &N : F.Notes)
      diag(N.Loc, "%0", DiagnosticIDs::Note) << noteText(N);
  }
}

void SspiFindingCheck::onEndOfTranslationUnit() {
  // Every check's check() has run by now; the first to finish frees the
  // shared analysis (an ASTContext address may be reused by the next TU).
  std::lock_guard<std::mutex> Lock(CacheMutex);
  if (LastContext) {
    forgetErrors(LastContext->getSourceManager());
    cache().erase(LastContext);
  }
  LastContext = nullptr;
}

} // namespace checks
} // namespace sspi
