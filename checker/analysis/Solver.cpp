//===- Solver.cpp - The worklist over a function's CFG --------------------===//
#include "Solver.h"
#include "FunctionContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/CFG.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

unsigned Solver::Budget() const {
  return JoinMode ? 1u : FC.options().MaxStatesPerBlock;
}

void Solver::enterJoinMode(const char *Why) {
  if (JoinMode || !RestartWhy.empty())
    return;
  RestartWhy = Why;
}

void Solver::restart(const PathState &Initial) {
  // The rest of the function is analysed with one state per block, in
  // reverse post-order. Findings made so far stay (their paths were real);
  // exit states are made again.
  FC.stats().JoinReason = RestartWhy;
  JoinMode = true;
  Work.clear();
  ExitStates.clear();
  for (auto &Here : Seen)
    Here.clear();
  const CFG &Cfg = *FC.cfg();
  Rank.assign(Cfg.getNumBlockIDs(), 0);
  Queued.assign(Cfg.getNumBlockIDs(), 0);
  std::vector<const CFGBlock *> Post;
  std::vector<char> Visited(Cfg.getNumBlockIDs(), 0);
  std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> Stack;
  Visited[Cfg.getEntry().getBlockID()] = 1;
  Stack.push_back({&Cfg.getEntry(), Cfg.getEntry().succ_begin()});
  while (!Stack.empty()) {
    auto &[B, It] = Stack.back();
    if (It != B->succ_end()) {
      const CFGBlock *Succ = It->getReachableBlock();
      ++It;
      if (Succ && !Visited[Succ->getBlockID()]) {
        Visited[Succ->getBlockID()] = 1;
        Stack.push_back({Succ, Succ->succ_begin()});
      }
      continue;
    }
    Post.push_back(B);
    Stack.pop_back();
  }
  for (size_t I = 0; I < Post.size(); ++I)
    Rank[Post[I]->getBlockID()] = Post.size() - 1 - I;
  From = nullptr;
  enqueue(&Cfg.getEntry(), Initial);
}

bool Solver::next(const CFGBlock *&B, PathState &S) {
  if (!JoinMode) {
    if (Work.empty())
      return false;
    B = Work.front().first;
    S = std::move(Work.front().second);
    Work.pop_front();
    return true;
  }
  if (Heap.empty())
    return false;
  auto Greater = [this](const CFGBlock *X, const CFGBlock *Y) {
    return Rank[X->getBlockID()] > Rank[Y->getBlockID()];
  };
  std::pop_heap(Heap.begin(), Heap.end(), Greater);
  B = Heap.back();
  Heap.pop_back();
  Queued[B->getBlockID()] = 0;
  S = Seen[B->getBlockID()].front();
  return true;
}

void Solver::push(const CFGBlock *B, PathState S) {
  if (!JoinMode) {
    Work.emplace_back(B, std::move(S));
    return;
  }
  if (Queued[B->getBlockID()])
    return;
  Queued[B->getBlockID()] = 1;
  Heap.push_back(B);
  std::push_heap(Heap.begin(), Heap.end(),
                 [this](const CFGBlock *X, const CFGBlock *Y) {
                   return Rank[X->getBlockID()] > Rank[Y->getBlockID()];
                 });
}

void Solver::run(PathState Initial) {
  const CFG &Cfg = *FC.cfg();
  Seen.assign(Cfg.getNumBlockIDs(), {});
  MergingBlocks.assign(Cfg.getNumBlockIDs(), 0);
  if (Cfg.getNumBlockIDs() > FC.options().MaxBlocks)
    enterJoinMode("blocks");
  auto Start = std::chrono::steady_clock::now();
  if (!RestartWhy.empty())
    restart(Initial);
  else
    enqueue(&Cfg.getEntry(), Initial);
  unsigned Steps = 0;
  const CFGBlock *B = nullptr;
  PathState S;
  while (true) {
    if (!JoinMode && !RestartWhy.empty())
      restart(Initial);
    if (!next(B, S))
      break;
    if (++Steps > FC.options().MaxSteps)
      enterJoinMode("steps");
    if (!JoinMode && Steps % 256 == 0 &&
        std::chrono::duration<double, std::milli>(
            std::chrono::steady_clock::now() - Start)
                .count() > FC.options().MaxMillis)
      enterJoinMode("time");
    ++FC.stats().StatesVisited;
    std::vector<PathState> States = transferBlock(B, std::move(S));
    if (B->hasNoReturnElement())
      continue; // abort(), exit(), ExitProcess(): nothing leaks past here
    if (B == &Cfg.getExit()) {
      FC.setCurrentBlock(B);
      for (PathState &X : States)
        pathEnd(X);
      continue;
    }
    From = B;
    for (PathState &X : States)
      if (X.CondOpSeen) {
        X.CondOp = nullptr;
        X.CondArm = X.CondOpSeen = false;
      }
    for (PathState &X : States)
      successors(B, X);
  }
}

std::vector<PathState> Solver::transferBlock(const CFGBlock *B, PathState S) {
  FC.setCurrentBlock(B);
  std::vector<PathState> States;
  States.push_back(std::move(S));
  for (const CFGElement &E : *B) {
    std::vector<PathState> Next;
    for (PathState &X : States) {
      std::vector<PathState> Extra;
      FC.transfer().element(E, X, Extra);
      Next.push_back(std::move(X));
      for (PathState &Y : Extra)
        Next.push_back(std::move(Y));
    }
    States = std::move(Next);
  }
  return States;
}

void Solver::enqueue(const CFGBlock *B, PathState S) {
  if (!B)
    return;
  // Prune only between statements: inside an expression (`c ? a : b`
  // within a call's arguments) a variable read earlier in the same
  // statement is still needed by the call that follows. A labelled block
  // (goto target, case) always starts a statement, also when it is entered
  // by falling through (a goto-cleanup ladder).
  if (From) {
    const Stmt *T = From->getTerminatorStmt();
    if ((T && !isa<Expr>(T)) || (!T && B->getLabel()))
      forgetDead(From, S);
  }
  std::vector<PathState> &Here = Seen[B->getBlockID()];
  for (const PathState &Old : Here)
    if (Old == S)
      return;
  if (!Here.empty() && (Here.size() >= Budget() || MergingBlocks[B->getBlockID()])) {
    if (!Dumped && !JoinMode && std::getenv("SSPI_TIDY_DEBUG_STATES")) {
      dumpStates(Here);
      Dumped = true;
    }
    joinInto(B, Here, std::move(S));
    return;
  }
  Here.push_back(S);
  FC.stats().MaxStatesInBlock =
      std::max<unsigned>(FC.stats().MaxStatesInBlock, Here.size());
  push(B, std::move(S));
}

void Solver::joinInto(const CFGBlock *B, std::vector<PathState> &Here,
                      PathState S) {
  if (JoinMode) {
    // One state per block: join, the handles they disagree on escaping.
    PathState J = Here.front();
    J.join(S, /*WidenHandles=*/true);
    ++FC.stats().Joins;
    if (J == Here.front())
      return;
    Here.front() = std::move(J);
    push(B, Here.front());
    return;
  }
  // From the first overflow on, the block keeps one state per handle
  // typestate combination (ESP's property simulation): states that agree
  // on every handle are joined, the facts they disagree on dropped.
  char &Merging = MergingBlocks[B->getBlockID()];
  if (!Merging) {
    Merging = 1;
    std::vector<PathState> Groups;
    for (PathState &Old : Here) {
      auto G = llvm::find_if(
          Groups, [&](const PathState &X) { return X.sameHandles(Old); });
      if (G == Groups.end()) {
        Groups.push_back(std::move(Old));
      } else {
        G->join(Old);
        ++FC.stats().Joins;
      }
    }
    Here = std::move(Groups);
    for (PathState &G : Here)
      if (G.Joined)
        push(B, G);
  }
  for (PathState &Old : Here)
    if (Old.sameHandles(S)) {
      PathState J = Old;
      J.join(S);
      ++FC.stats().Joins;
      if (J == Old)
        return; // S adds nothing the state does not already cover
      Old = J;
      push(B, std::move(J));
      return;
    }
  if (Here.size() < Budget()) {
    Here.push_back(S);
    push(B, std::move(S));
    return;
  }
  // More handle typestate combinations than the budget.
  enterJoinMode("states");
}

bool Solver::readsJoined(const Expr *Cond, const PathState &S) const {
  if (!S.Joined || !Cond)
    return false;
  // The lvalues and statuses the condition reads.
  struct Reads : RecursiveASTVisitor<Reads> {
    std::vector<const Expr *> Lvalues;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Lvalues.push_back(E);
      return true;
    }
    bool VisitMemberExpr(MemberExpr *E) {
      Lvalues.push_back(E);
      return true;
    }
    bool VisitCallExpr(CallExpr *E) {
      Lvalues.push_back(E);
      return true;
    }
  } R;
  R.TraverseStmt(const_cast<Expr *>(Cond));
  for (const Expr *E : R.Lvalues) {
    if (auto Sy = FC.eval().statusRef(E, S))
      if (S.Joined->Widened.count(*Sy))
        return true;
    if (isa<CallExpr>(E))
      continue;
    auto P = FC.eval().lvalue(E, S);
    if (!P)
      continue;
    for (const AccessPath &D : S.Joined->Dropped)
      if (P->startsWith(D) || D.startsWith(*P))
        return true;
  }
  return false;
}

void Solver::dumpStates(const std::vector<PathState> &Here) const {
  for (const PathState &O : Here) {
    llvm::errs() << "state: H=" << O.Handles.size()
                 << " SV=" << O.StatusVars.size() << " Sy=" << O.Syms.size()
                 << " CV=" << O.Scalars.size() << " Al=" << O.Aliases.size()
                 << " |";
    for (auto &KV : O.Handles)
      llvm::errs() << " " << KV.first.str() << ":" << (int)KV.second.State;
    for (auto &KV : O.Scalars)
      llvm::errs() << " " << KV.first.str() << "="
                   << (KV.second.NonZeroOnly ? std::string("nonzero")
                                             : std::to_string(KV.second.Value));
    llvm::errs() << "\n";
  }
}

void Solver::successors(const CFGBlock *B, PathState &S) {
  if (const auto *Sw = dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt()))
    return switchSuccessors(B, Sw, S);
  if (const Expr *Cond = branchCondition(B))
    return branch(B, Cond, S);
  for (const CFGBlock::AdjacentBlock &Succ : B->succs())
    if (const CFGBlock *SB = Succ.getReachableBlock())
      enqueue(SB, S);
}

void Solver::switchSuccessors(const CFGBlock *B, const SwitchStmt *Sw,
                              PathState &S) {
  std::vector<std::pair<const CFGBlock *, PathState>> Feasible;
  for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
    const CFGBlock *SB = Succ.getReachableBlock();
    if (!SB)
      continue;
    if (auto N = FC.assume().assumeCase(Sw->getCond(), SB->getLabel(), Sw, S))
      Feasible.emplace_back(SB, std::move(*N));
  }
  bool Uncertain = Feasible.size() > 1 && readsJoined(Sw->getCond(), S);
  for (auto &F : Feasible) {
    F.second.Uncertain |= Uncertain;
    if (Feasible.size() > 1) {
      const Stmt *Label = F.first->getLabel();
      PathNote N;
      if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label)) {
        N.Loc = FC.quote().loc(CS->getBeginLoc());
        N.Kind = NoteKind::TakingCase;
        N.Text = FC.quote().text(CS->getLHS());
        F.second.addNote(std::move(N));
      } else if (Label) {
        N.Loc = FC.quote().loc(Label->getBeginLoc());
        N.Kind = NoteKind::TakingDefault;
        F.second.addNote(std::move(N));
      }
    }
    enqueue(F.first, std::move(F.second));
  }
}

const Expr *Solver::branchCondition(const CFGBlock *B) const {
  const Stmt *Term = B->getTerminatorStmt();
  if (!Term || B->succ_size() != 2)
    return nullptr;
  const auto *Cond =
      dyn_cast_or_null<Expr>(B->getTerminatorCondition(/*Strip=*/false));
  // In the block that ends an `if (a && b)`, `a` was decided in an
  // earlier block: the branch depends on `b` alone.
  while (Cond) {
    const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
    if (!BO || !BO->isLogicalOp() || Term == BO)
      break;
    Cond = BO->getRHS();
  }
  return Cond;
}

void Solver::branch(const CFGBlock *B, const Expr *Cond, PathState &S) {
  auto It = B->succ_begin();
  const CFGBlock *TB = It->getReachableBlock();
  const CFGBlock *FB = (It + 1)->getReachableBlock();
  bool D1 = false, D2 = false;
  std::optional<PathState> TS, FS;
  if (TB)
    TS = FC.assume().assume(Cond, true, S, D1);
  if (FB)
    FS = FC.assume().assume(Cond, false, S, D2);
  if (TS && FS && readsJoined(Cond, S))
    TS->Uncertain = FS->Uncertain = true;
  if (TS && FS) {
    PathNote N;
    N.Loc = FC.quote().loc(Cond->getBeginLoc());
    N.Kind = NoteKind::Assuming;
    N.Text = FC.quote().text(Cond);
    bool About = D1 || D2;
    N.Flag = true;
    TS->addNote(N, About, B, TB, FB);
    N.Flag = false;
    FS->addNote(std::move(N), About, B, FB, TB);
  }
  // Remember the arm of `c ? K1 : K2` (constant arms) for the value.
  if (const auto *CO = dyn_cast<ConditionalOperator>(B->getTerminatorStmt())) {
    const ASTContext &AC = FC.context();
    auto IsConst = [&AC](const Expr *X) {
      return X && !X->isValueDependent() && X->isIntegerConstantExpr(AC);
    };
    // Also `c ? NULL : &ctx`: which pointer a call receives.
    if ((IsConst(CO->getTrueExpr()) && IsConst(CO->getFalseExpr())) ||
        isNullPointerConstant(CO->getTrueExpr()) ||
        isNullPointerConstant(CO->getFalseExpr())) {
      for (auto [St, Arm] : {std::pair(&TS, true), std::pair(&FS, false)})
        if (*St) {
          (*St)->CondOp = CO;
          (*St)->CondArm = Arm;
        }
    }
  }
  if (TS)
    enqueue(TB, std::move(*TS));
  if (FS)
    enqueue(FB, std::move(*FS));
}

void Solver::forgetDead(const CFGBlock *B, PathState &S) const {
  const VarLiveness *Live = FC.liveness();
  if (!Live)
    return;
  LiveVariables *ClangLive = FC.clangLiveness();
  S.forgetDead([&](const VarDecl *VD) {
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
      return false;
    bool L = Live->isLiveAtEnd(B, VD);
    // SSPI_TIDY_CHECK_LIVENESS: compare with clang's LiveVariables (tests).
    if (ClangLive && !Live->unavailable() && L != ClangLive->isLive(B, VD))
      llvm::errs() << "sspi-tidy: liveness differs from clang's: '"
                   << VD->getName() << "' at the end of block B"
                   << B->getBlockID() << ": " << (L ? "live" : "dead") << "\n";
    return !L;
  });
}

void Solver::pathEnd(PathState &S) {
  const FunctionDecl *FD = FC.function();
  SourceLocation Where;
  if (S.ExitStmt)
    Where = S.ExitStmt->getBeginLoc();
  else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(FD->getBody()))
    Where = CS->getRBracLoc();
  else
    Where = FD->getEndLoc();
  for (auto &KV : S.Handles.mutate()) {
    HandleInfo &H = KV.second;
    if (H.Kind == HandleKind::Impersonation && H.State == HState::Pending &&
        !H.StatusTested && S.symMask(H.Origin) == AllStatus &&
        H.Origin != S.ReturnedSym)
      H.State = HState::Live; // never checked: assumed to have worked
    FC.reporter().reportLost(S, KV.first, H, Where, false);
  }
  for (AnalysisClient *Cl : FC.hooks())
    Cl->onPathEnd(FC, S, Where);
  ExitStates.push_back(S);
}

} // namespace analysis
} // namespace sspi
