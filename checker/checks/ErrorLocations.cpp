//===- ErrorLocations.cpp - Where the compiler reported errors ------------===//
#include "ErrorLocations.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"

#include <algorithm>
#include <map>
#include <mutex>

using namespace clang;

namespace sspi {
namespace checks {

namespace {

struct Recorded {
  std::mutex M;
  std::vector<SourceLocation> Locations;
};

std::mutex RegistryMutex;
std::map<const SourceManager *, std::shared_ptr<Recorded>> &registry() {
  static std::map<const SourceManager *, std::shared_ptr<Recorded>> R;
  return R;
}

/// Forwards every call to the consumer it replaced, counting as the base
/// class does (the compiler prints "N errors generated" from these counts),
/// and remembers where errors were reported.
class Recorder : public DiagnosticConsumer {
public:
  Recorder(DiagnosticConsumer *Target,
           std::unique_ptr<DiagnosticConsumer> Owned,
           std::shared_ptr<Recorded> Into, const SourceManager &SM)
      : Target(Target), Owned(std::move(Owned)), Into(std::move(Into)),
        SM(SM) {}
  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    Target->BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override {
    Target->EndSourceFile();
    syncCounts();
  }
  void finish() override {
    Target->finish();
    syncCounts();
  }
  void clear() override {
    DiagnosticConsumer::clear();
    Target->clear();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Target->IncludeInDiagnosticCounts();
  }
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    // A warning that is an error (-Wint-conversion by default, -Werror)
    // leaves the AST whole: only real errors can drop a statement.
    if (Level >= DiagnosticsEngine::Error && Info.getLocation().isValid() &&
        Info.hasSourceManager() && &Info.getSourceManager() == &SM &&
        DiagnosticIDs::getWarningOptionForDiag(Info.getID()).empty()) {
      std::lock_guard<std::mutex> Lock(Into->M);
      Into->Locations.push_back(SM.getExpansionLoc(Info.getLocation()));
    }
    Target->HandleDiagnostic(Level, Info);
  }

private:
  /// The compiler prints "N warnings generated" from the installed client's
  /// counts, which are not virtual. The replaced consumer saw everything this
  /// one saw, and also what reached it without this one (clang-tidy's checks
  /// report through an engine of their own): its counts are the true ones.
  void syncCounts() {
    NumWarnings = Target->getNumWarnings();
    NumErrors = Target->getNumErrors();
  }

  DiagnosticConsumer *Target;
  std::unique_ptr<DiagnosticConsumer> Owned;
  std::shared_ptr<Recorded> Into;
  const SourceManager &SM;
};

} // namespace

void recordErrors(const SourceManager &SM, Preprocessor &PP) {
  std::shared_ptr<Recorded> R;
  {
    std::lock_guard<std::mutex> Lock(RegistryMutex);
    auto &Slot = registry()[&SM];
    if (Slot)
      return; // another sspi-* check of this TU did it
    Slot = R = std::make_shared<Recorded>();
  }
  DiagnosticsEngine &DE = PP.getDiagnostics();
  DiagnosticConsumer *Target = DE.getClient();
  if (!Target)
    return;
  std::unique_ptr<DiagnosticConsumer> Owned = DE.takeClient();
  DE.setClient(new Recorder(Target, std::move(Owned), R, SM),
               /*ShouldOwnClient=*/true);
}

std::shared_ptr<const std::vector<SourceLocation>>
errorLocations(const SourceManager &SM) {
  std::shared_ptr<Recorded> R;
  {
    std::lock_guard<std::mutex> Lock(RegistryMutex);
    auto It = registry().find(&SM);
    if (It == registry().end())
      return nullptr;
    R = It->second;
  }
  std::lock_guard<std::mutex> Lock(R->M);
  auto Out = std::make_shared<std::vector<SourceLocation>>(R->Locations);
  std::sort(Out->begin(), Out->end(), [&SM](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  });
  return Out;
}

void forgetErrors(const SourceManager &SM) {
  std::lock_guard<std::mutex> Lock(RegistryMutex);
  registry().erase(&SM);
}

} // namespace checks
} // namespace sspi
