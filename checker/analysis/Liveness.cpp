//===- Liveness.cpp - Bit-vector liveness of local variables over a CFG ---===//
#include "Liveness.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <algorithm>

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

namespace {

/// DeclRefExprs that are the target of a plain assignment are writes, not
/// reads (clang's LiveVariables: inAssignment).
llvm::DenseMap<const DeclRefExpr *, bool> assignedRefs(const CFG &Cfg) {
  llvm::DenseMap<const DeclRefExpr *, bool> Written;
  for (const CFGBlock *B : Cfg)
    for (const CFGElement &E : *B)
      if (auto S = E.getAs<CFGStmt>())
        if (const auto *BO = dyn_cast<BinaryOperator>(S->getStmt()))
          if (BO->getOpcode() == BO_Assign)
            if (const auto *DR =
                    dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
              Written[DR] = true;
  return Written;
}

/// The blocks in post-order of a depth-first walk from the entry (those
/// nearest the exit first), then those not reachable from it; Rank is each
/// block's position.
std::vector<const CFGBlock *> postOrder(const CFG &Cfg,
                                        std::vector<unsigned> &Rank) {
  unsigned NB = Cfg.getNumBlockIDs();
  Rank.assign(NB, NB);
  std::vector<const CFGBlock *> ByRank;
  ByRank.reserve(NB);
  std::vector<char> Seen(NB, 0);
  std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> Stack;
  auto Push = [&](const CFGBlock *B) {
    Seen[B->getBlockID()] = 1;
    Stack.push_back({B, B->succ_begin()});
  };
  Push(&Cfg.getEntry());
  while (!Stack.empty()) {
    auto &[B, It] = Stack.back();
    if (It != B->succ_end()) {
      const CFGBlock *S = It->getReachableBlock();
      ++It;
      if (S && !Seen[S->getBlockID()])
        Push(S);
      continue;
    }
    Rank[B->getBlockID()] = ByRank.size();
    ByRank.push_back(B);
    Stack.pop_back();
  }
  for (const CFGBlock *B : Cfg) // not reachable from the entry
    if (!Seen[B->getBlockID()]) {
      Rank[B->getBlockID()] = ByRank.size();
      ByRank.push_back(B);
    }
  return ByRank;
}

} // namespace

void VarLiveness::collectEvents(
    const CFG &Cfg,
    std::vector<std::vector<std::pair<unsigned, bool>>> &Events) {
  llvm::DenseMap<const DeclRefExpr *, bool> Written = assignedRefs(Cfg);
  auto Id = [&](const VarDecl *VD) {
    auto It = Index.try_emplace(VD, Index.size()).first;
    return It->second;
  };
  // Per block, walking backwards: a read (true) or a kill (false).
  Events.assign(Cfg.getNumBlockIDs(), {});
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
}

VarLiveness::VarLiveness(const CFG &Cfg) {
  unsigned NB = Cfg.getNumBlockIDs();
  std::vector<std::vector<std::pair<unsigned, bool>>> Events;
  collectEvents(Cfg, Events);
  unsigned NV = Index.size();
  // Four bit vectors per block: beyond 2^26 bits each (8 MB; e.g. 20,000
  // blocks and 3,300 variables) every variable counts as live instead. That
  // is safe (nothing is forgotten early), only slower: more states, which
  // the state budget bounds.
  if (uint64_t(NB) * NV > (uint64_t(1) << 26)) {
    Unavailable = true;
    return;
  }
  std::vector<llvm::BitVector> Gen(NB, llvm::BitVector(NV)),
      Kill(NB, llvm::BitVector(NV));
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
  solve(Cfg, Gen, Kill);
}

void VarLiveness::solve(const CFG &Cfg, const std::vector<llvm::BitVector> &Gen,
                        const std::vector<llvm::BitVector> &Kill) {
  // Backward: LiveOut(B) = U LiveIn(succ); LiveIn(B) = Gen | (Out & ~Kill).
  // Blocks are taken in post-order (those nearest the exit first), so that
  // a change flows up a chain of blocks in one sweep: in the reverse order
  // it moved one block per sweep, quadratic on a 15,000-block function.
  unsigned NB = Cfg.getNumBlockIDs(), NV = Index.size();
  std::vector<llvm::BitVector> LiveIn(NB, llvm::BitVector(NV));
  std::vector<unsigned> Rank;
  std::vector<const CFGBlock *> ByRank = postOrder(Cfg, Rank);
  // Min-heap of ranks; Queued says what is in it.
  std::vector<unsigned> Heap;
  Heap.reserve(ByRank.size());
  std::vector<char> Queued(NB, 1);
  for (unsigned R = 0; R < ByRank.size(); ++R)
    Heap.push_back(R); // sorted: already a heap
  auto Greater = [](unsigned A, unsigned B) { return A > B; };
  llvm::BitVector In(NV);
  while (!Heap.empty()) {
    std::pop_heap(Heap.begin(), Heap.end(), Greater);
    const CFGBlock *B = ByRank[Heap.back()];
    Heap.pop_back();
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
          Heap.push_back(Rank[PB->getBlockID()]);
          std::push_heap(Heap.begin(), Heap.end(), Greater);
        }
  }
}

bool VarLiveness::isLiveAtEnd(const CFGBlock *B, const VarDecl *VD) const {
  if (VD->hasGlobalStorage() || Unavailable)
    return true;
  auto It = Index.find(VD);
  if (It == Index.end() || !B || B->getBlockID() >= LiveOut.size())
    return false;
  return LiveOut[B->getBlockID()].test(It->second);
}

} // namespace analysis
} // namespace sspi
