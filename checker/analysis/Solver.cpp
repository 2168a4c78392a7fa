//===- Solver.cpp - Worklist over the CFG with sets of path states ---------===//
#include "FunctionAnalyzer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <deque>

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

FunctionAnalyzer::FunctionAnalyzer(TUAnalysis &TU, const FunctionDecl *FD)
    : TU(TU), FD(FD), Ctx(TU.context()), SM(Ctx.getSourceManager()) {
  Stats.Name = FD->getQualifiedNameAsString();
}

bool FunctionAnalyzer::run() {
  auto Start = std::chrono::steady_clock::now();
  auto Finish = [&](bool Ok, const char *Why) {
    Stats.Millis = std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - Start)
                       .count();
    if (!Ok) {
      Stats.Skipped = true;
      Stats.SkipReason = Why;
      Findings.clear();
      ExitStates.clear();
    }
    return Ok;
  };

  const Stmt *Body = FD->getBody();
  if (!Body)
    return Finish(false, "no body");
  CFG::BuildOptions BO;
  BO.setAllAlwaysAdd();
  BO.AddLifetime = true;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = false;
  Cfg = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
  if (!Cfg)
    return Finish(false, "no CFG");
  Stats.Blocks = Cfg->getNumBlockIDs();
  if (Stats.Blocks > TU.options().MaxBlocks)
    return Finish(false, "too many blocks");

  std::vector<std::vector<PathState>> Seen(Cfg->getNumBlockIDs());
  std::deque<std::pair<const CFGBlock *, PathState>> Work;
  bool OverBudget = false;

  auto Enqueue = [&](const CFGBlock *B, PathState S) {
    if (!B || OverBudget)
      return;
    std::vector<PathState> &Here = Seen[B->getBlockID()];
    for (const PathState &Old : Here)
      if (Old == S)
        return;
    if (Here.size() >= TU.options().MaxStatesPerBlock) {
      OverBudget = true;
      return;
    }
    Here.push_back(S);
    if (Here.size() > Stats.MaxStatesInBlock)
      Stats.MaxStatesInBlock = Here.size();
    Work.emplace_back(B, std::move(S));
  };

  Enqueue(&Cfg->getEntry(), PathState());
  unsigned Steps = 0;
  while (!Work.empty() && !OverBudget) {
    if (++Steps > TU.options().MaxSteps)
      return Finish(false, "step budget");
    const CFGBlock *B = Work.front().first;
    std::vector<PathState> States;
    States.push_back(std::move(Work.front().second));
    Work.pop_front();
    ++Stats.StatesVisited;

    for (const CFGElement &E : *B) {
      std::vector<PathState> Next;
      for (PathState &S : States) {
        std::vector<PathState> Extra;
        transferElement(E, S, Extra);
        Next.push_back(std::move(S));
        for (PathState &X : Extra)
          Next.push_back(std::move(X));
      }
      States = std::move(Next);
    }
    if (B->hasNoReturnElement())
      continue; // abort(), exit(), ExitProcess(): nothing leaks past here
    if (B == &Cfg->getExit()) {
      for (PathState &S : States)
        onPathEnd(S);
      continue;
    }

    const Stmt *Term = B->getTerminatorStmt();
    for (PathState &S : States) {
      if (const auto *Sw = dyn_cast_or_null<SwitchStmt>(Term)) {
        const Expr *Scrutinee = Sw->getCond();
        std::vector<std::pair<const CFGBlock *, PathState>> Feasible;
        for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
          const CFGBlock *SB = Succ.getReachableBlock();
          if (!SB)
            continue;
          const Stmt *Label = SB->getLabel();
          auto N = assumeCase(Scrutinee, Label, Sw, S);
          if (N)
            Feasible.emplace_back(SB, std::move(*N));
        }
        for (auto &F : Feasible) {
          if (Feasible.size() > 1) {
            const Stmt *Label = F.first->getLabel();
            if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label))
              F.second.addNote(loc(CS->getBeginLoc()),
                               "taking 'case " + text(CS->getLHS()) + ":'");
            else if (Label)
              F.second.addNote(loc(Label->getBeginLoc()), "taking 'default:'");
          }
          Enqueue(F.first, std::move(F.second));
        }
        continue;
      }
      const Expr *Cond = B->succ_size() == 2
                             ? dyn_cast_or_null<Expr>(
                                   B->getTerminatorCondition(/*Strip=*/false))
                             : nullptr;
      // In the block that ends an `if (a && b)`, `a` was decided in an
      // earlier block: the branch depends on `b` alone.
      while (Cond) {
        const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
        if (!BO || !BO->isLogicalOp() || Term == BO)
          break;
        Cond = BO->getRHS();
      }
      if (Cond && Term) {
        auto It = B->succ_begin();
        const CFGBlock *TB = It->getReachableBlock();
        const CFGBlock *FB = (It + 1)->getReachableBlock();
        bool D1 = false, D2 = false;
        std::optional<PathState> TS, FS;
        if (TB)
          TS = assume(Cond, true, S, D1);
        if (FB)
          FS = assume(Cond, false, S, D2);
        if (TS && FS) {
          std::string T = text(Cond);
          SourceLocation L = loc(Cond->getBeginLoc());
          TS->addNote(L, "assuming '" + T + "' is true");
          FS->addNote(L, "assuming '" + T + "' is false");
        }
        if (TS)
          Enqueue(TB, std::move(*TS));
        if (FS)
          Enqueue(FB, std::move(*FS));
        continue;
      }
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (const CFGBlock *SB = Succ.getReachableBlock())
          Enqueue(SB, S);
    }
  }
  if (OverBudget)
    return Finish(false, "state budget");
  return Finish(true, "");
}

void FunctionAnalyzer::onPathEnd(PathState &S) {
  SourceLocation Where;
  if (S.ExitStmt)
    Where = S.ExitStmt->getBeginLoc();
  else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(FD->getBody()))
    Where = CS->getRBracLoc();
  else
    Where = FD->getEndLoc();
  for (auto &KV : S.Handles)
    reportLost(S, KV.first, KV.second, Where, false);
  ExitStates.push_back(S);
}

std::vector<PathNote> FunctionAnalyzer::notesFor(const PathState &S,
                                                 const HandleInfo &Info) const {
  std::vector<PathNote> Notes;
  if (Info.Origin) {
    bool Ctx = Info.Kind == HandleKind::Context;
    Notes.push_back({loc(Info.Origin->getBeginLoc()),
                     std::string(Ctx ? "security context '" : "credential '") +
                         Info.Name + "' " + (Ctx ? "created" : "acquired") +
                         " here by " + Info.CreatedBy});
  }
  for (const TrailNote &T : S.Trail)
    if (T.Seq >= Info.TrailStart)
      Notes.push_back(T.Note);
  return Notes;
}

FunctionSummary FunctionAnalyzer::buildSummary() const {
  FunctionSummary Sum;
  Sum.Opaque = false;
  auto Reachable = [&](const AccessPath &K) {
    if (K.rootIsThis() || K.isGlobal())
      return true;
    const auto *P = dyn_cast_or_null<ParmVarDecl>(K.rootDecl());
    return P && P->getDeclContext() == FD;
  };
  auto Add = [&](const AccessPath &K, HandleKind Kind, StatusMask M, Outcome O,
                 SourceLocation L) {
    if (!M)
      return;
    KeyEffect &E = Sum.Effects[K];
    E.Kind = Kind;
    for (ExitOutcome &X : E.Outcomes)
      if (X.What == O) {
        X.ReturnMask |= M;
        return;
      }
    E.Outcomes.push_back({M, O, L});
  };
  // Keys first, so that every exit path speaks about every key.
  std::map<AccessPath, HandleKind> Keys;
  for (const PathState &S : ExitStates)
    for (const auto &KV : S.Handles)
      if (Reachable(KV.first))
        Keys.emplace(KV.first, KV.second.Kind);
  for (const PathState &S : ExitStates) {
    StatusMask RM = S.ReturnedSym ? S.symMask(S.ReturnedSym) : S.ReturnedMask;
    SourceLocation L = S.ExitStmt ? loc(S.ExitStmt->getBeginLoc())
                                  : loc(FD->getEndLoc());
    for (const auto &KK : Keys) {
      const AccessPath &K = KK.first;
      auto It = S.Handles.find(K);
      if (It == S.Handles.end()) {
        Add(K, KK.second, RM, Outcome::Untouched, L);
        continue;
      }
      const HandleInfo &H = It->second;
      switch (H.State) {
      case HState::Escaped:
        Add(K, H.Kind, RM, Outcome::Escaped, L);
        break;
      case HState::Released:
        Add(K, H.Kind, RM,
            H.ReleasedIncoming ? Outcome::Released : Outcome::Untouched, L);
        break;
      case HState::Absent:
        Add(K, H.Kind, RM, Outcome::Untouched, L);
        break;
      case HState::Live:
        Add(K, H.Kind, RM, H.ReleasedIncoming ? Outcome::Escaped : Outcome::Created,
            L);
        break;
      case HState::Pending:
        if (H.ReleasedIncoming) {
          Add(K, H.Kind, RM, Outcome::Escaped, L);
        } else if (H.Origin && H.Origin == S.ReturnedSym) {
          Add(K, H.Kind, RM & H.Created, Outcome::Created, L);
          Add(K, H.Kind, RM & H.Maybe, Outcome::MaybeCreated, L);
          Add(K, H.Kind, RM & ~(H.Created | H.Maybe), Outcome::Untouched, L);
        } else {
          Add(K, H.Kind, RM, Outcome::MaybeCreated, L);
        }
        break;
      }
    }
  }
  return Sum;
}

} // namespace analysis
} // namespace sspi
