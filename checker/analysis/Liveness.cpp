//===- Liveness.cpp - Bit-vector liveness of local variables over a CFG --===//
#include "Liveness.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <deque>

using namespace clang;

namespace sspi {
namespace analysis {

namespace {

const VarDecl *localVar(const Expr *E) {
  const auto *DR = dyn_cast_or_null<DeclRefExpr>(E);
  if (!DR)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
  return VD && !VD->hasGlobalStorage() ? VD : nullptr;
}

} // namespace

VarLiveness::VarLiveness(const CFG &Cfg) {
  unsigned NB = Cfg.getNumBlockIDs();
  // DeclRefExprs that are the target of a plain assignment are writes, not
  // reads (clang's LiveVariables: inAssignment).
  llvm::DenseMap<const DeclRefExpr *, bool> Written;
  auto Id = [&](const VarDecl *VD) {
    auto It = Index.try_emplace(VD, Index.size()).first;
    return It->second;
  };
  for (const CFGBlock *B : Cfg)
    for (const CFGElement &E : *B)
      if (auto S = E.getAs<CFGStmt>())
        if (const auto *BO = dyn_cast<BinaryOperator>(S->getStmt()))
          if (BO->getOpcode() == BO_Assign)
            if (const auto *DR =
                    dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
              Written[DR] = true;

  // Per block, walking backwards: Gen = read before any kill (from the
  // end), Kill = killed.
  std::vector<std::vector<std::pair<unsigned, bool>>> Events(NB);
  for (const CFGBlock *B : Cfg) {
    auto &Ev = Events[B->getBlockID()];
    for (auto It = B->rbegin(), End = B->rend(); It != End; ++It) {
      const CFGElement &E = *It;
      if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
        if (const VarDecl *VD = D->getVarDecl())
          if (!VD->hasGlobalStorage())
            Ev.push_back({Id(VD), true});
        continue;
      }
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *DR = dyn_cast<DeclRefExpr>(S)) {
        if (const VarDecl *VD = localVar(DR))
          if (!Written.lookup(DR))
            Ev.push_back({Id(VD), true});
      } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
        if (BO->getOpcode() == BO_Assign)
          if (const VarDecl *VD = localVar(BO->getLHS()->IgnoreParens()))
            if (!VD->getType()->isReferenceType())
              Ev.push_back({Id(VD), false});
      } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            if (!VD->hasGlobalStorage())
              Ev.push_back({Id(VD), false});
      } else if (const auto *BE = dyn_cast<BlockExpr>(S)) {
        for (const BlockDecl::Capture &C : BE->getBlockDecl()->captures())
          if (!C.getVariable()->hasGlobalStorage())
            Ev.push_back({Id(C.getVariable()), true});
      }
    }
  }

  unsigned NV = Index.size();
  std::vector<llvm::BitVector> Gen(NB, llvm::BitVector(NV)),
      Kill(NB, llvm::BitVector(NV)), LiveIn(NB, llvm::BitVector(NV));
  LiveOut.assign(NB, llvm::BitVector(NV));
  for (unsigned I = 0; I < NB; ++I)
    for (const auto &[V, IsUse] : Events[I]) {
      if (IsUse) {
        Gen[I].set(V);
      } else {
        Kill[I].set(V);
        Gen[I].reset(V);
      }
    }

  // Backward: LiveOut(B) = U LiveIn(succ); LiveIn(B) = Gen | (Out & ~Kill).
  std::deque<const CFGBlock *> Work;
  std::vector<char> Queued(NB, 0);
  for (const CFGBlock *B : Cfg) { // exit first, as clang does
    Work.push_front(B);
    Queued[B->getBlockID()] = 1;
  }
  llvm::BitVector In(NV);
  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    unsigned Bi = B->getBlockID();
    Queued[Bi] = 0;
    llvm::BitVector &Out = LiveOut[Bi];
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *SB = Succ.getReachableBlock())
        Out |= LiveIn[SB->getBlockID()];
    In = Out;
    In.reset(Kill[Bi]);
    In |= Gen[Bi];
    if (In == LiveIn[Bi])
      continue;
    LiveIn[Bi] = In;
    for (const CFGBlock::AdjacentBlock &Pred : B->preds())
      if (const CFGBlock *PB = Pred.getReachableBlock())
        if (!Queued[PB->getBlockID()]) {
          Queued[PB->getBlockID()] = 1;
          Work.push_back(PB);
        }
  }
}

bool VarLiveness::isLiveAtEnd(const CFGBlock *B, const VarDecl *VD) const {
  if (VD->hasGlobalStorage())
    return true;
  auto It = Index.find(VD);
  if (It == Index.end() || !B || B->getBlockID() >= LiveOut.size())
    return false;
  return LiveOut[B->getBlockID()].test(It->second);
}

} // namespace analysis
} // namespace sspi
