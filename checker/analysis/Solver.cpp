//===- Solver.cpp - Worklist over the CFG with sets of path states
//---------===//
#include "FunctionAnalyzer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
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
  ADCM = std::make_unique<AnalysisDeclContextManager>(Ctx);
  AnalysisDeclContext *ADC = ADCM->getContext(FD);
  CFG::BuildOptions &BO = ADC->getCFGBuildOptions();
  BO.setAllAlwaysAdd();
  BO.AddLifetime = true;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = false;
  Cfg = ADC->getCFG();
  if (!Cfg)
    return Finish(false, "no CFG");
  Stats.Blocks = Cfg->getNumBlockIDs();
  if (Stats.Blocks > TU.options().MaxBlocks)
    return Finish(false, "too many blocks");

  Live = std::make_unique<VarLiveness>(*Cfg);
  static const bool CheckLiveness =
      std::getenv("SSPI_TIDY_CHECK_LIVENESS") != nullptr;
  if (CheckLiveness)
    ClangLive = ADC->getAnalysis<LiveVariables>();
  PostDom = std::make_unique<CFGPostDomTree>();
  PostDom->buildDominatorTree(Cfg);
  std::vector<std::vector<PathState>> Seen(Cfg->getNumBlockIDs());
  std::deque<std::pair<const CFGBlock *, PathState>> Work;
  bool OverBudget = false;

  const CFGBlock *From = nullptr; // the block whose successors are enqueued
  auto Enqueue = [&](const CFGBlock *B, PathState S) {
    if (!B || OverBudget)
      return;
    // Prune only between statements: inside an expression (`c ? a : b`
    // within a call's arguments) a variable read earlier in the same
    // statement is still needed by the call that follows.
    // A labelled block (goto target, case) always starts a statement, also
    // when it is entered by falling through (a goto-cleanup ladder).
    if (From) {
      const Stmt *T = From->getTerminatorStmt();
      if ((T && !isa<Expr>(T)) || (!T && B->getLabel()))
        forgetDead(From, S);
    }
    std::vector<PathState> &Here = Seen[B->getBlockID()];
    for (const PathState &Old : Here)
      if (Old == S)
        return;
    if (Here.size() >= TU.options().MaxStatesPerBlock) {
      if (std::getenv("SSPI_TIDY_DEBUG_STATES")) {
        for (const PathState &O : Here) {
          llvm::errs() << "state: H=" << O.Handles.size()
                       << " SV=" << O.StatusVars.size()
                       << " Sy=" << O.Syms.size()
                       << " CV=" << O.ConstVars.size()
                       << " Al=" << O.Aliases.size() << " |";
          for (auto &KV : O.Handles)
            llvm::errs() << " " << KV.first.str() << ":"
                         << (int)KV.second.State;
          for (auto &KV : O.ConstVars)
            llvm::errs() << " " << KV.first.str() << "=" << KV.second;
          llvm::errs() << "\n";
        }
      }
      OverBudget = true;
      return;
    }
    Here.push_back(S);
    if (Here.size() > Stats.MaxStatesInBlock)
      Stats.MaxStatesInBlock = Here.size();
    Work.emplace_back(B, std::move(S));
  };

  Enqueue(&Cfg->getEntry(), Shutdown ? InitialState : PathState());
  unsigned Steps = 0;
  while (!Work.empty() && !OverBudget) {
    if (++Steps > TU.options().MaxSteps)
      return Finish(false, "step budget");
    const CFGBlock *B = Work.front().first;
    std::vector<PathState> States;
    States.push_back(std::move(Work.front().second));
    Work.pop_front();
    ++Stats.StatesVisited;

    CurBlock = B;
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
      CurBlock = B;
      for (PathState &S : States)
        onPathEnd(S);
      continue;
    }

    From = B;
    const Stmt *Term = B->getTerminatorStmt();
    for (PathState &S : States)
      if (S.CondOpSeen) {
        S.CondOp = nullptr;
        S.CondArm = S.CondOpSeen = false;
      }
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
          bool About = D1 || D2;
          TS->addNote(L, "assuming '" + T + "' is true", About, B, TB, FB);
          FS->addNote(L, "assuming '" + T + "' is false", About, B, FB, TB);
        }
        // Remember the arm of `c ? K1 : K2` (constant arms) for the value.
        if (const auto *CO = dyn_cast<ConditionalOperator>(Term)) {
          const ASTContext &AC = Ctx;
          auto IsConst = [&AC](const Expr *X) {
            return X && !X->isValueDependent() && X->isIntegerConstantExpr(AC);
          };
          if (IsConst(CO->getTrueExpr()) && IsConst(CO->getFalseExpr())) {
            if (TS) {
              TS->CondOp = CO;
              TS->CondArm = true;
            }
            if (FS) {
              FS->CondOp = CO;
              FS->CondArm = false;
            }
          }
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

void FunctionAnalyzer::forgetDead(const CFGBlock *B, PathState &S) const {
  if (!Live)
    return;
  auto Dead = [&](const VarDecl *VD) {
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
      return false;
    bool L = Live->isLiveAtEnd(B, VD);
    // SSPI_TIDY_CHECK_LIVENESS: compare with clang's LiveVariables (tests).
    if (ClangLive && !Live->unavailable() && L != ClangLive->isLive(B, VD))
      llvm::errs() << "sspi-tidy: liveness differs from clang's: '"
                   << VD->getName() << "' at the end of block B"
                   << B->getBlockID() << ": " << (L ? "live" : "dead")
                   << "\n";
    return !L;
  };
  for (auto It = S.StatusVars.begin(); It != S.StatusVars.end();)
    It = Dead(It->first) ? S.StatusVars.erase(It) : std::next(It);
  for (auto It = S.StatusFields.begin(); It != S.StatusFields.end();)
    It = Dead(dyn_cast_or_null<VarDecl>(It->first.rootDecl()))
             ? S.StatusFields.erase(It)
             : std::next(It);
  for (auto It = S.ConstVars.begin(); It != S.ConstVars.end();)
    It = Dead(dyn_cast_or_null<VarDecl>(It->first.rootDecl()))
             ? S.ConstVars.erase(It)
             : std::next(It);
  for (auto It = S.NonZero.begin(); It != S.NonZero.end();)
    It = Dead(dyn_cast_or_null<VarDecl>(It->rootDecl())) ? S.NonZero.erase(It)
                                                         : std::next(It);
  for (auto It = S.Aliases.begin(); It != S.Aliases.end();)
    It = Dead(dyn_cast_or_null<VarDecl>(It->first.rootDecl()))
             ? S.Aliases.erase(It)
             : std::next(It);
  // Statuses that a later test can still read.
  auto Readable = [&](Sym Sy) {
    if (Sy == S.ReturnedSym)
      return true;
    for (const auto &KV : S.StatusVars)
      if (KV.second == Sy)
        return true;
    for (const auto &KV : S.StatusFields)
      if (KV.second == Sy)
        return true;
    return false;
  };
  // An impersonation whose status nobody can test any more was assumed
  // to have worked (the code goes on as the client).
  auto AssumedDone = [&](const HandleInfo &H) {
    return H.Kind == HandleKind::Impersonation &&
           H.State == HState::Pending && !H.StatusTested &&
           !Readable(H.Origin);
  };
  // Live handles stay until their scope ends: that is where a leak is
  // reported. A Pending one goes once no test can resolve it any more.
  auto Gone = [&](const std::pair<const AccessPath, HandleInfo> &KV) {
    const HandleInfo &H = KV.second;
    if (AssumedDone(H))
      return false;
    bool Finished = H.State == HState::Released ||
                    H.State == HState::Absent || H.State == HState::Escaped ||
                    (H.State == HState::Pending && !Readable(H.Origin));
    return Finished &&
           Dead(dyn_cast_or_null<VarDecl>(KV.first.rootDecl()));
  };
  S.Handles.updateIf([&](const auto &KV) { return AssumedDone(KV.second); },
                     [](auto &KV) { KV.second.State = HState::Live; });
  S.Handles.eraseIf(Gone);
  for (auto It = S.Syms.begin(); It != S.Syms.end();) {
    Sym Sy = It->first;
    bool Used = Readable(Sy);
    for (const auto &KV : S.Handles)
      Used = Used ||
             (KV.second.State == HState::Pending && KV.second.Origin == Sy);
    It = Used ? std::next(It) : S.Syms.erase(It);
  }
}

void FunctionAnalyzer::onPathEnd(PathState &S) {
  SourceLocation Where;
  if (S.ExitStmt)
    Where = S.ExitStmt->getBeginLoc();
  else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(FD->getBody()))
    Where = CS->getRBracLoc();
  else
    Where = FD->getEndLoc();
  if (Shutdown) {
    for (auto &KV : S.Handles)
      if ((KV.first.isGlobal() || KV.first.rootIsThis()) &&
          KV.second.State == HState::Live &&
          (KV.second.Kind == HandleKind::Context ||
           KV.second.Kind == HandleKind::Credential))
        reportShutdownLeak(S, KV.first, KV.second, Where);
    ExitStates.push_back(S);
    return;
  }
  for (auto &KV : S.Handles.mutate()) {
    HandleInfo &H = KV.second;
    if (H.Kind == HandleKind::Impersonation && H.State == HState::Pending &&
        !H.StatusTested && S.symMask(H.Origin) == AllStatus &&
        H.Origin != S.ReturnedSym)
      H.State = HState::Live; // never checked: assumed to have worked
    reportLost(S, KV.first, H, Where, false);
  }
  ExitStates.push_back(S);
}

bool FunctionAnalyzer::branchMatters(const TrailNote &T, const AccessPath &K,
                                     const CFGBlock *Where,
                                     bool TakenSideToo) const {
  if (!T.OnlyFor.empty())
    return T.OnlyFor == K;
  if (T.AboutHandles || !T.Branch || !PostDom)
    return true;
  if (Where && T.Taken && PostDom->dominates(Where, T.Taken) &&
      !PostDom->properlyDominates(Where, T.Branch))
    return true; // the finding's point is reached because of this choice
  const auto *VD = dyn_cast_or_null<VarDecl>(K.rootDecl());
  // A member (`this->cred_`) is touched where its field is named.
  const FieldDecl *Member = K.rootIsThis() && K.size() >= 3
                                ? reinterpret_cast<const FieldDecl *>(K.word(2))
                                : nullptr;
  if ((!VD && !Member) || !T.NotTaken)
    return false;
  // Does the code the choice skipped (up to where both sides join) touch
  // the handle? Then the choice is why it was not released. For a second
  // release or a use after release, the side taken may be where the first
  // release happened.
  std::vector<const CFGBlock *> Work{T.NotTaken};
  if (TakenSideToo && T.Taken)
    Work.push_back(T.Taken);
  llvm::DenseSet<const CFGBlock *> Visited;
  unsigned Budget = 256;
  while (!Work.empty() && Budget--) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    if (!B || !Visited.insert(B).second || PostDom->dominates(B, T.Branch))
      continue;
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(CS->getStmt()))
        if (VD && DRE->getDecl() == VD)
          return true;
      if (const auto *ME = dyn_cast<MemberExpr>(CS->getStmt()))
        if (Member && ME->getMemberDecl() == Member)
          return true;
      // A global released by a helper of this file counts as touched.
      if (K.isGlobal())
        if (const auto *C = dyn_cast<CallExpr>(CS->getStmt()))
          if (const FunctionDecl *Callee = C->getDirectCallee())
            if (const FunctionDecl *Def = Callee->getDefinition())
              if (Def != FD && TU.touchesSspi(Def))
                for (const auto &KV : TU.summaryFor(Def).Effects)
                  if (KV.first.rootDecl() == VD)
                    return true;
    }
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *SB = Succ.getReachableBlock())
        Work.push_back(SB);
  }
  return false;
}

std::vector<PathNote> FunctionAnalyzer::notesFor(const PathState &S,
                                                 const HandleInfo &Info,
                                                 const AccessPath &K,
                                                 const CFGBlock *Where) const {
  std::vector<PathNote> Notes;
  if (Info.Origin) {
    std::string N = "'" + Info.Name + "'";
    std::string Msg;
    switch (Info.Kind) {
    case HandleKind::Context:
      Msg = "security context " + N + " created here by " + Info.CreatedBy;
      break;
    case HandleKind::Credential:
      Msg = "credential " + N + " acquired here by " + Info.CreatedBy;
      break;
    case HandleKind::ContextBuffer:
      Msg = "buffer " + N + " allocated here by " + Info.CreatedBy;
      break;
    case HandleKind::Impersonation:
      Msg = "the thread starts impersonating the client of " + N + " here (" +
            Info.CreatedBy + ")";
      break;
    }
    Notes.push_back({loc(Info.Origin->getBeginLoc()), Msg});
  }
  for (const TrailNote &T : S.trail())
    if (T.Seq >= Info.TrailStart && branchMatters(T, K, Where))
      Notes.push_back(T.Note);
  return Notes;
}

std::set<std::string>
FunctionAnalyzer::globalsReleased(bool CountEscaped) const {
  std::set<std::string> Out;
  for (const PathState &S : ExitStates)
    for (const auto &KV : S.Handles)
      if ((KV.first.isGlobal() || KV.first.rootIsThis()) &&
          (KV.second.State == HState::Released ||
           (CountEscaped && KV.second.State == HState::Escaped)))
        Out.insert(KV.second.Name);
  return Out;
}

std::vector<std::pair<AccessPath, HandleInfo>>
FunctionAnalyzer::globalsLeftLive() const {
  std::vector<std::pair<AccessPath, HandleInfo>> Out;
  for (const PathState &S : ExitStates)
    for (const auto &KV : S.Handles)
      if ((KV.first.isGlobal() || KV.first.rootIsThis()) && KV.second.Origin &&
          KV.second.State == HState::Live &&
          (KV.second.Kind == HandleKind::Context ||
           KV.second.Kind == HandleKind::Credential))
        Out.push_back(KV);
  return Out;
}

void FunctionAnalyzer::reportShutdownLeak(PathState &S, const AccessPath &K,
                                          const HandleInfo &H,
                                          SourceLocation Where) {
  // A release skipped only because of a condition the analysis cannot
  // decide (`if (g_started)`) is not a finding: precision first.
  for (const TrailNote &T : S.trail())
    if (!T.AboutHandles && T.NotTaken) {
      TrailNote Probe = T;
      Probe.Taken = nullptr; // only the skipped side counts here
      if (branchMatters(Probe, K, nullptr))
        return;
    }
  if (!record(FindingKind::ShutdownWithoutCleanup, Where, H.Name))
    return;
  bool Ctx = H.Kind == HandleKind::Context;
  Finding F;
  F.Kind = FindingKind::ShutdownWithoutCleanup;
  F.Loc = loc(Where);
  F.HandleName = H.Name;
  F.Message = std::string(Ctx ? "security context '" : "credential '") +
              H.Name + "' is still live when shutdown entry point '" +
              FD->getNameAsString() + "' returns; " +
              (Ctx ? "delete it with DeleteSecurityContext"
                   : "free it with FreeCredentialsHandle") +
              " before the module unloads";
  if (H.Origin)
    F.Notes.push_back(
        {loc(H.Origin->getBeginLoc()),
         std::string(Ctx ? "security context '" : "credential '") + H.Name +
             "' " + (Ctx ? "created" : "acquired") + " here by " +
             H.CreatedBy});
  if (ShutdownNote.Loc.isValid())
    F.Notes.push_back(ShutdownNote);
  for (const TrailNote &T : S.trail())
    if (T.AboutHandles ||
        branchMatters(T, K, S.ExitBlock ? S.ExitBlock : CurBlock))
      F.Notes.push_back(T.Note);
  Findings.push_back(std::move(F));
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
    SourceLocation L =
        S.ExitStmt ? loc(S.ExitStmt->getBeginLoc()) : loc(FD->getEndLoc());
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
            !H.ReleasedIncoming             ? Outcome::Untouched
            : H.Bits != HandleBits::Unknown ? Outcome::ReleasedReset
                                            : Outcome::Released,
            L);
        break;
      case HState::Absent:
        Add(K, H.Kind, RM, Outcome::Untouched, L);
        break;
      case HState::Live:
        if (H.Kind == HandleKind::Impersonation && S.ReturnedSym != H.Origin &&
            !handsOverImpersonation()) {
          // Reported here already; the caller is not told twice.
          Add(K, H.Kind, RM, Outcome::Untouched, L);
          break;
        }
        Add(K, H.Kind, RM,
            H.ReleasedIncoming ? Outcome::Escaped : Outcome::Created, L);
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
