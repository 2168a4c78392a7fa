//===- FunctionContext.h - One function's analysis, its roles ---*- C++ -*-===//
//
// The analysis of one function: its CFG, liveness and post-dominators, and
// the roles that share them, each in its own unit:
//   Eval (Eval.h)              what an expression denotes on a path
//   Quote (Quote.h)            source text and locations for notes
//   Reporter (Reporter.h)      findings with their path notes
//   HandleOps (HandleOps.h)    create, release, use, escape
//   Transfer (Transfer.h)      one CFG element
//   CallTransfer, ApiTransfer, SummaryTransfer (CallTransfer.h)   calls
//   Assume, BodyFacts (Assume.h)  branch conditions
//   Solver (Solver.h)          the worklist
// A run belongs to the TU pass (every client observes it) or to one client
// (an entry point the client analyses with a seeded state).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_FUNCTIONCONTEXT_H
#define SSPI_TIDY_ANALYSIS_FUNCTIONCONTEXT_H

#include "AnalysisClient.h"
#include "AnalysisHost.h"
#include "Assume.h"
#include "CallTransfer.h"
#include "Eval.h"
#include "HandleOps.h"
#include "Liveness.h"
#include "Quote.h"
#include "Relevance.h"
#include "Reporter.h"
#include "Solver.h"
#include "Summary.h"
#include "Transfer.h"

#include "clang/Analysis/Analyses/Dominators.h"
#include "llvm/ADT/ArrayRef.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class AnalysisDeclContextManager;
class ASTContext;
class CFG;
class CFGBlock;
class FunctionDecl;
class LiveVariables;
class SourceManager;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext {
public:
  /// Owner: the client whose run this is (null: the TU pass, observed by
  /// Observers).
  FunctionContext(AnalysisHost &Host, const clang::FunctionDecl *FD,
                  AnalysisClient *Owner = nullptr,
                  llvm::ArrayRef<AnalysisClient *> Observers = {});
  ~FunctionContext();
  FunctionContext(const FunctionContext &) = delete;
  FunctionContext &operator=(const FunctionContext &) = delete;

  /// Runs the analysis. Returns false when the function was given up
  /// (budget or no CFG); then no finding and no exit state.
  bool run();
  std::vector<Finding> takeFindings() { return Report.takeFindings(); }
  const std::vector<PathState> &exitStates() const { return ExitStates; }
  /// What the function does to its callers' handles (SummaryBuilder.cpp).
  FunctionSummary buildSummary() const;
  FunctionStats &stats() { return Stats; }

  // ---- The environment ---------------------------------------------------
  AnalysisHost &host() { return Host; }
  const clang::FunctionDecl *function() const { return FD; }
  clang::ASTContext &context() const { return Ctx; }
  const clang::SourceManager &sourceManager() const { return SM; }
  const AnalysisOptions &options() const { return Host.options(); }
  const model::UserApi *user() const;
  /// model::classifyCall with the project's own declared functions.
  std::optional<model::ApiCall> classify(const clang::CallExpr *C) const;
  /// The client whose run this is (null in the TU pass).
  AnalysisClient *owner() const { return Owner; }
  /// AnalysisClient::objectGuardsHold of the run's owner (true without one).
  bool objectGuardsHold();
  /// The clients whose hooks this run calls: the owner alone, or in the TU
  /// pass every client.
  llvm::ArrayRef<AnalysisClient *> hooks() const { return Hooks; }
  const clang::CFG *cfg() const { return Cfg; }
  const clang::CFGPostDomTree *postDom() const { return PostDom.get(); }
  const VarLiveness *liveness() const { return Live.get(); }
  clang::LiveVariables *clangLiveness() const { return ClangLive; }
  /// The block being transferred (where findings are made).
  const clang::CFGBlock *currentBlock() const { return CurBlock; }
  void setCurrentBlock(const clang::CFGBlock *B) { CurBlock = B; }

  // ---- The roles -----------------------------------------------------------
  Eval &eval() { return Ev; }
  const Relevance &relevance() const { return Rel; }
  const Quote &quote() const { return Q; }
  Reporter &reporter() { return Report; }
  HandleOps &ops() { return Ops; }
  BodyFacts &body() { return Body; }
  Assume &assume() { return As; }
  Transfer &transfer() { return Tr; }
  CallTransfer &calls() { return Calls; }
  ApiTransfer &api() { return Api; }
  SummaryTransfer &summaries() { return Sums; }

private:
  bool buildCfg();

  AnalysisHost &Host;
  const clang::FunctionDecl *FD;
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  AnalysisClient *Owner;
  std::vector<AnalysisClient *> Hooks;
  std::unique_ptr<clang::AnalysisDeclContextManager> ADCM;
  clang::CFG *Cfg = nullptr;
  std::unique_ptr<VarLiveness> Live;
  clang::LiveVariables *ClangLive = nullptr; // SSPI_TIDY_CHECK_LIVENESS only
  std::unique_ptr<clang::CFGPostDomTree> PostDom;
  const clang::CFGBlock *CurBlock = nullptr;
  std::vector<PathState> ExitStates;
  FunctionStats Stats;

  Eval Ev;
  Quote Q;
  Relevance Rel;
  Reporter Report;
  HandleOps Ops;
  BodyFacts Body;
  Assume As;
  Transfer Tr;
  CallTransfer Calls;
  ApiTransfer Api;
  SummaryTransfer Sums;
  Solver Solve;
};

} // namespace analysis
} // namespace sspi

#endif
