//===- FunctionContext.cpp - One function's analysis ----------------------===//
#include "FunctionContext.h"
#include "AnalysisClient.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"

#include <chrono>
#include <cstdlib>

using namespace clang;

namespace sspi {
namespace analysis {

FunctionContext::FunctionContext(AnalysisHost &Host, const FunctionDecl *FD,
                                 AnalysisClient *Owner,
                                 llvm::ArrayRef<AnalysisClient *> Observers)
    : Host(Host), FD(FD), Ctx(Host.context()), SM(Ctx.getSourceManager()),
      Owner(Owner), Ev(Ctx), Q(Ctx), Rel(*this), Report(*this), Ops(*this), Body(*this),
      As(*this), Tr(*this), Calls(*this), Api(*this), Sums(*this),
      Solve(*this) {
  if (Owner)
    Hooks.push_back(Owner);
  else
    Hooks.assign(Observers.begin(), Observers.end());
  // A client's own run reports through the client alone.
  Report.setMuted(Owner != nullptr);
  Stats.Name = FD->getQualifiedNameAsString();
}

FunctionContext::~FunctionContext() = default;

bool FunctionContext::objectGuardsHold() {
  return !Owner || Owner->objectGuardsHold(*this);
}

const model::UserApi *FunctionContext::user() const {
  return Host.options().User.get();
}

std::optional<model::ApiCall>
FunctionContext::classify(const CallExpr *C) const {
  return model::classifyCall(C, user(), Host.pointerApis());
}

bool FunctionContext::buildCfg() {
  ADCM = std::make_unique<AnalysisDeclContextManager>(Ctx);
  AnalysisDeclContext *ADC = ADCM->getContext(FD);
  CFG::BuildOptions &BO = ADC->getCFGBuildOptions();
  BO.setAllAlwaysAdd();
  BO.AddLifetime = true;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = false;
  Cfg = ADC->getCFG();
  if (!Cfg)
    return false;
  Live = std::make_unique<VarLiveness>(*Cfg);
  static const bool CheckLiveness =
      std::getenv("SSPI_TIDY_CHECK_LIVENESS") != nullptr;
  if (CheckLiveness)
    ClangLive = ADC->getAnalysis<LiveVariables>();
  PostDom = std::make_unique<CFGPostDomTree>();
  PostDom->buildDominatorTree(Cfg);
  return true;
}

bool FunctionContext::run() {
  auto Start = std::chrono::steady_clock::now();
  auto Finish = [&](const char *Why) {
    Stats.Millis = std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - Start)
                       .count();
    if (!*Why)
      return true;
    Stats.Skipped = true;
    Stats.SkipReason = Why;
    Report.clear();
    ExitStates.clear();
    return false;
  };
  if (!FD->getBody())
    return Finish("no body");
  // The CFG is built before the block count can be read.
  if (!buildCfg())
    return Finish("no CFG");
  Stats.Blocks = Cfg->getNumBlockIDs();
  Rel.compute();
  PathState Initial;
  if (Owner)
    Owner->initialState(*this, Initial);
  Solve.run(std::move(Initial));
  ExitStates = Solve.takeExitStates();
  return Finish("");
}

} // namespace analysis
} // namespace sspi
