//===- LivenessTest.cpp - VarLiveness against clang's LiveVariables -------===//
#include "analysis/Liveness.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace clang;
using sspi::analysis::VarLiveness;

namespace {

struct Locals : RecursiveASTVisitor<Locals> {
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD))
      Vars.push_back(VD);
    return true;
  }
  std::vector<const VarDecl *> Vars;
};

struct Built {
  std::unique_ptr<ASTUnit> AST;
  std::unique_ptr<AnalysisDeclContextManager> ADCM;
  AnalysisDeclContext *ADC = nullptr;
  CFG *Cfg = nullptr;
  std::vector<const VarDecl *> Vars;
};

/// The CFG of function `f`, built as the solver builds it.
Built build(const std::string &Code, bool Cxx) {
  Built R;
  R.AST = tooling::buildASTFromCodeWithArgs(
      Code, {Cxx ? "-std=c++17" : "-std=c11", "-fblocks"},
      Cxx ? "input.cpp" : "input.c");
  if (!R.AST)
    return R;
  EXPECT_FALSE(R.AST->getDiagnostics().hasErrorOccurred()) << Code;
  ASTContext &Ctx = R.AST->getASTContext();
  const FunctionDecl *F = nullptr;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->getName() == "f" && FD->hasBody())
        F = FD;
  if (!F)
    return R;
  R.ADCM = std::make_unique<AnalysisDeclContextManager>(Ctx);
  R.ADC = R.ADCM->getContext(F);
  CFG::BuildOptions &BO = R.ADC->getCFGBuildOptions();
  BO.setAllAlwaysAdd();
  BO.AddLifetime = true;
  BO.AddImplicitDtors = true;
  R.Cfg = R.ADC->getCFG();
  Locals L;
  L.TraverseStmt(const_cast<Stmt *>(F->getBody()));
  R.Vars = L.Vars;
  return R;
}

/// Every (block, local variable) pair: ours and clang's agree. Returns the
/// number of pairs compared.
unsigned compareAll(const std::string &Code, bool Cxx = false) {
  Built B = build(Code, Cxx);
  EXPECT_TRUE(B.Cfg) << Code;
  if (!B.Cfg)
    return 0;
  LiveVariables *LV = B.ADC->getAnalysis<LiveVariables>();
  EXPECT_TRUE(LV);
  if (!LV)
    return 0;
  VarLiveness Ours(*B.Cfg);
  unsigned N = 0;
  for (const CFGBlock *Blk : *B.Cfg)
    for (const VarDecl *VD : B.Vars) {
      EXPECT_EQ(Ours.isLiveAtEnd(Blk, VD), LV->isLive(Blk, VD))
          << VD->getName().str() << " at the end of B" << Blk->getBlockID()
          << " in:\n"
          << Code;
      ++N;
    }
  return N;
}

} // namespace

TEST(Liveness, AgreesWithClangOnControlFlow) {
  const char *Cases[] = {
      // straight line, overwrite before read, compound assignment
      "int g(int); int f(int a) { int x = a; int y = 0; x = g(x); y += x;"
      " x = 3; return y; }",
      // branches and a variable read on one side only
      "int g(int); int f(int a) { int x = g(a), y = 1; if (a) y = x;"
      " else { x = 2; y = g(x); } return y; }",
      // loops: a variable read in the next iteration stays live
      "int g(int); int f(int n) { int acc = 0, last = 0;"
      " for (int i = 0; i < n; i++) { acc += last; last = g(i); }"
      " while (acc > 3) acc = g(acc); do { last--; } while (last);"
      " return acc; }",
      // goto ladder
      "int g(int); int f(int a) { int r = 0, s = g(a), t = g(s);"
      " if (g(1)) goto out1; r = g(r); if (g(2)) goto out2; r = s;"
      " out2: r += t; out1: return r; }",
      // switch with fall through and address taken
      "int g(int*); int f(int a) { int x = 0, y = 1, *p = &y;"
      " switch (a) { case 1: x = 3; case 2: y = x; break; default: x = *p; }"
      " return g(&x) + y; }",
      // a block capturing a variable
      "int g(int (^)(void)); int f(int a) { int k = a + 1;"
      " return g(^{ return k; }); }",
  };
  unsigned Pairs = 0;
  for (const char *C : Cases)
    Pairs += compareAll(C);
  EXPECT_GT(Pairs, 100u);
}

TEST(Liveness, AgreesWithClangOnCxxScopes) {
  unsigned Pairs =
      compareAll("struct Guard { ~Guard(); int v; };"
                 "int g(int); int f(int a) { int r = 0;"
                 " { Guard G; G.v = a; r = g(G.v); }"
                 " int &ref = r; ref = 4; int arr[3] = {1, 2, 3}; for (int i : "
                 "arr) r += i;"
                 " auto l = [&r](int z) { return r + z; }; return l(a); }",
                 /*Cxx=*/true);
  EXPECT_GT(Pairs, 20u);
}

TEST(Liveness, OverwrittenVariableIsDeadBeforeTheWrite) {
  // x is read by g(x) in the first statement's block, then overwritten by
  // `x = 2` after the branch: dead at the end of the branch's blocks.
  Built B = build("int g(int); int f(int a) { int x = a; if (g(x)) a = 1;"
                  " else a = 2; x = 2; return x + a; }",
                  false);
  ASSERT_TRUE(B.Cfg);
  VarLiveness L(*B.Cfg);
  const VarDecl *X = nullptr;
  for (const VarDecl *VD : B.Vars)
    if (VD->getName() == "x")
      X = VD;
  ASSERT_TRUE(X);
  unsigned DeadEnds = 0;
  for (const CFGBlock *Blk : *B.Cfg)
    if (Blk->succ_size() == 1 && Blk->size() > 0) {
      // the then/else blocks assign `a`: x is dead after them
      bool AssignsA = false;
      for (const CFGElement &E : *Blk)
        if (auto S = E.getAs<CFGStmt>())
          if (const auto *BO = dyn_cast<BinaryOperator>(S->getStmt()))
            if (const auto *DR = dyn_cast<DeclRefExpr>(BO->getLHS()))
              AssignsA |= DR->getDecl()->getName() == "a";
      if (AssignsA) {
        EXPECT_FALSE(L.isLiveAtEnd(Blk, X)) << "B" << Blk->getBlockID();
        ++DeadEnds;
      }
    }
  EXPECT_EQ(DeadEnds, 2u);
  EXPECT_EQ(L.numVars(), 2u); // x and the parameter a
}
