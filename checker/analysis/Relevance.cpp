//===- Relevance.cpp - Which scalar variables can matter --------*- C++ -*-===//
#include "Relevance.h"
#include "FunctionContext.h"
#include "../model/WinApi.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

namespace {

/// Control-dependence regions and assignments are walked within this many
/// steps; past it every variable matters.
constexpr unsigned WorkBudget = 4000000;

bool holdsHandle(QualType T) { return !T.isNull() && mayHoldHandle(T); }

/// The variable an lvalue is rooted at without a dereference (`s.f`,
/// `a[i]`, `x`).
const VarDecl *rootVar(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      return dyn_cast<VarDecl>(DRE->getDecl());
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

class ReadCollector : public RecursiveASTVisitor<ReadCollector> {
public:
  explicit ReadCollector(llvm::SmallVectorImpl<const VarDecl *> &Out)
      : Out(Out) {}
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (!VD->hasGlobalStorage())
        Out.push_back(VD);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  llvm::SmallVectorImpl<const VarDecl *> &Out;
};

} // namespace

bool Relevance::matters(const VarDecl *VD) const {
  return All || !VD || Vars.count(VD);
}

bool Relevance::matters(const AccessPath &P) const {
  return matters(dyn_cast_or_null<VarDecl>(P.rootDecl()));
}

void Relevance::readsOf(const Stmt *S,
                        llvm::SmallVectorImpl<const VarDecl *> &Out) const {
  if (S)
    ReadCollector(Out).TraverseStmt(const_cast<Stmt *>(S));
}

bool Relevance::isEvent(const Stmt *S) const {
  if (const auto *C = dyn_cast<CallExpr>(S)) {
    if (FC.classify(C))
      return true;
    if (const FunctionDecl *Callee = C->getDirectCallee()) {
      if (const FunctionDecl *Def = Callee->getDefinition())
        if (FC.host().touchesSspi(Def))
          return true;
      if (Callee->getIdentifier()) {
        StringRef N = Callee->getName();
        if (zeroFunction(N) || isFreeLibrary(N) ||
            impersonationEnd(N, C->getNumArgs()) != ImpersonationEnd::No)
          return true;
      }
    }
    // An unknown call that may keep or release a handle.
    for (const Expr *A : C->arguments())
      if (holdsHandle(stripCasts(A)->getType()))
        return true;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      if (const Expr *Obj = MC->getImplicitObjectArgument())
        return holdsHandle(Obj->getType());
    return false;
  }
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    return R->getRetValue() &&
           holdsHandle(stripCasts(R->getRetValue())->getType());
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() != BO_Assign)
      return false;
    if (const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParens()))
      if (isHandleBitsField(dyn_cast<FieldDecl>(ME->getMemberDecl())))
        return true;
    return holdsHandle(BO->getLHS()->getType()) ||
           holdsHandle(stripCasts(BO->getRHS())->getType());
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getInit() && holdsHandle(VD->getType()))
          return true;
    return false;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    for (const Expr *A : CE->arguments())
      if (holdsHandle(stripCasts(A)->getType()))
        return true;
    return false;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &Cap : LE->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef)
        return true;
  }
  return false;
}

void Relevance::relevantBranches(llvm::DenseSet<const CFGBlock *> &Out) {
  const CFG &Cfg = *FC.cfg();
  auto &PDBase = const_cast<CFGPostDomTree *>(FC.postDom())->getBase();
  // Which branches control each block: the blocks from a successor of B up
  // the post-dominator tree to B's immediate post-dominator.
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<const CFGBlock *, 2>>
      ControlledBy;
  std::vector<const CFGBlock *> Work;
  unsigned Steps = 0;
  for (const CFGBlock *B : Cfg) {
    bool Event = false;
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>())
        if (isEvent(CS->getStmt())) {
          Event = true;
          break;
        }
    if (Event)
      Work.push_back(B);
    if (B->succ_size() < 2 || !B->getTerminatorStmt())
      continue;
    auto *Node = PDBase.getNode(const_cast<CFGBlock *>(B));
    const CFGBlock *Stop =
        Node && Node->getIDom() ? Node->getIDom()->getBlock() : nullptr;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *X = Succ.getReachableBlock();
      while (X && X != Stop) {
        if (++Steps > WorkBudget) {
          All = true;
          return;
        }
        ControlledBy[X].push_back(B);
        auto *XN = PDBase.getNode(const_cast<CFGBlock *>(X));
        X = XN && XN->getIDom() ? XN->getIDom()->getBlock() : nullptr;
      }
    }
  }
  // A branch matters when it controls an event or a branch that matters.
  llvm::DenseSet<const CFGBlock *> Done;
  while (!Work.empty()) {
    const CFGBlock *X = Work.back();
    Work.pop_back();
    if (!Done.insert(X).second)
      continue;
    auto It = ControlledBy.find(X);
    if (It == ControlledBy.end())
      continue;
    for (const CFGBlock *B : It->second)
      if (Out.insert(B).second)
        Work.push_back(B);
  }
}

bool Relevance::reachesCallerHandles() const {
  const FunctionDecl *FD = FC.function();
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD))
    if (M->isInstance())
      return true;
  for (const ParmVarDecl *P : FD->parameters())
    if ((P->getType()->isPointerType() || P->getType()->isReferenceType()) &&
        holdsHandle(P->getType().getNonReferenceType()))
      return true;
  return false;
}

void Relevance::seeds(const llvm::DenseSet<const CFGBlock *> &Branches) {
  llvm::SmallVector<const VarDecl *, 16> Reads;
  for (const CFGBlock *B : Branches) {
    const Stmt *T = B->getTerminatorStmt();
    if (const auto *Sw = dyn_cast_or_null<SwitchStmt>(T))
      readsOf(Sw->getCond(), Reads);
    else
      readsOf(B->getTerminatorCondition(/*Strip=*/false), Reads);
  }
  bool Returns = reachesCallerHandles();
  for (const CFGBlock *B : *FC.cfg())
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *C = dyn_cast<CallExpr>(S)) {
        // The arguments of an SSPI call or of a helper that reaches SSPI.
        bool Sspi = FC.classify(C).has_value();
        if (!Sspi)
          if (const FunctionDecl *Callee = C->getDirectCallee())
            if (const FunctionDecl *Def = Callee->getDefinition())
              Sspi = FC.host().touchesSspi(Def);
        if (Sspi)
          for (const Expr *A : C->arguments())
            readsOf(A, Reads);
      } else if (const auto *R = dyn_cast<ReturnStmt>(S)) {
        if (Returns)
          readsOf(R->getRetValue(), Reads);
      }
    }
  Vars.insert(Reads.begin(), Reads.end());
}

void Relevance::throughAssignments() {
  // (destination variable, variables read by the value), for every
  // assignment and initialisation in the body.
  std::vector<std::pair<const VarDecl *, llvm::SmallVector<const VarDecl *, 4>>>
      Flows;
  for (const CFGBlock *B : *FC.cfg())
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
        if (!BO->isAssignmentOp())
          continue;
        if (const VarDecl *Dest = rootVar(BO->getLHS())) {
          Flows.push_back({Dest, {}});
          readsOf(BO->getRHS(), Flows.back().second);
        }
      } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            if (VD->getInit()) {
              Flows.push_back({VD, {}});
              readsOf(VD->getInit(), Flows.back().second);
            }
      }
    }
  bool Changed = true;
  unsigned Steps = 0;
  while (Changed) {
    Changed = false;
    for (const auto &F : Flows) {
      if (++Steps > WorkBudget) {
        All = true;
        return;
      }
      if (!Vars.count(F.first))
        continue;
      for (const VarDecl *V : F.second)
        Changed |= Vars.insert(V).second;
    }
  }
}

void Relevance::compute() {
  if (Computed)
    return;
  Computed = true;
  if (!FC.cfg() || !FC.postDom()) {
    All = true;
    return;
  }
  llvm::DenseSet<const CFGBlock *> Branches;
  relevantBranches(Branches);
  if (All)
    return;
  seeds(Branches);
  throughAssignments();
}

} // namespace analysis
} // namespace sspi
