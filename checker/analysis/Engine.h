//===- Engine.h - Per-TU driver of the SSPI handle analysis -----*- C++ -*-===//
//
// TUAnalysis runs the path-sensitive analysis once per translation unit over
// every function definition that touches SSPI, bottom-up through TU-local
// callees (summaries, computed on demand), and keeps the findings for all
// checks to share. Clients (AnalysisClient.h) observe the pass and may run
// functions of their own afterwards. No clang-tidy dependency: it needs only
// an ASTContext.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ENGINE_H
#define SSPI_TIDY_ANALYSIS_ENGINE_H

#include "AnalysisClient.h"
#include "AnalysisHost.h"
#include "Finding.h"
#include "Summary.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <map>
#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class TUAnalysis : public AnalysisHost {
public:
  TUAnalysis(clang::ASTContext &Ctx, AnalysisOptions Opts = {},
             std::vector<std::unique_ptr<AnalysisClient>> Clients = {});
  ~TUAnalysis() override;

  /// Analyses every function defined outside system headers, then lets each
  /// client run its own analyses. Idempotent.
  void run();

  const std::vector<Finding> &findings() const { return Findings; }
  const std::vector<FunctionStats> &stats() const { return Stats; }
  /// Functions given up (no CFG).
  unsigned skippedFunctions() const;
  /// Functions where the solver joined states past a budget.
  unsigned joinedFunctions() const;
  /// Functions not analysed because their own body has a compile error.
  unsigned errorFunctions() const { return ErrorFunctions; }

  // AnalysisHost.
  clang::ASTContext &context() override { return Ctx; }
  const AnalysisOptions &options() const override { return Opts; }
  const FunctionSummary &summaryFor(const clang::FunctionDecl *FD) override;
  const FunctionSummary &summaryFor(const clang::FunctionDecl *FD,
                                    const EntryFacts &Facts) override;
  bool touchesSspi(const clang::FunctionDecl *FD) override;
  bool keepsHandles(const clang::FunctionDecl *FD, unsigned Param) override;
  MadeFrom madeFrom(const OwnerKey &Ctx, const OwnerKey &Cred) override;
  const model::PointerApis *pointerApis() override;

  /// The function definitions outside system headers, in source order.
  const std::vector<const clang::FunctionDecl *> &definitions() const {
    return Definitions;
  }
  /// A client's own run of FD (an entry point): only Owner sees its hooks
  /// and only what Owner reported is kept. Ran is false when the function
  /// was given up (budget).
  struct OwnedRun {
    bool Ran = false;
    std::vector<PathState> Exits;
    std::vector<Finding> Findings;
  };
  OwnedRun runOwned(const clang::FunctionDecl *FD, AnalysisClient &Owner);
  /// A finding a client made after the TU pass.
  void addFinding(Finding F) { Findings.push_back(std::move(F)); }

private:
  clang::ASTContext &Ctx;
  AnalysisOptions Opts;
  std::unique_ptr<model::PointerApis> Pointers;
  std::vector<std::unique_ptr<AnalysisClient>> Clients;
  std::vector<AnalysisClient *> Observers;
  bool Ran = false;
  unsigned ErrorFunctions = 0;
  unsigned Depth = 0;
  std::vector<Finding> Findings;
  std::vector<FunctionStats> Stats;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionSummary>>
      Summaries;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  /// Summaries for call facts (summaryFor(FD, Facts)), and how many each
  /// function has.
  std::map<std::pair<const clang::FunctionDecl *, EntryFacts>,
           std::unique_ptr<FunctionSummary>>
      Variants;
  llvm::DenseMap<const clang::FunctionDecl *, unsigned> VariantCount;
  llvm::DenseMap<const clang::FunctionDecl *, bool> Touches;
  std::map<std::pair<const clang::FunctionDecl *, unsigned>, bool> Keeps;
  std::vector<const clang::FunctionDecl *> Definitions;
  /// (context, credential) owner keys of the TU's ISC/ASC calls, and a
  /// function that makes each.
  std::unique_ptr<std::map<std::pair<OwnerKey, OwnerKey>, MadeFrom>> Pairs;
};

/// Prints per-function statistics to stderr when SSPI_TIDY_STATS is set.
bool statsRequested();

} // namespace analysis
} // namespace sspi

#endif
