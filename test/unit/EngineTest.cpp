//===- EngineTest.cpp - Unit tests for the path-sensitive engine ----------===//
#include "analysis/Engine.h"
#include "TestUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "gtest/gtest.h"

using namespace sspi::analysis;

namespace {

struct Result {
  std::unique_ptr<clang::ASTUnit> AST;
  std::unique_ptr<TUAnalysis> TU;
  std::vector<std::string> Lines; // "line:kind:event:handle"
};

const char *eventName(Event E) {
  switch (E) {
  case Event::Lost:
    return "lost";
  case Event::Overwritten:
    return "overwritten";
  default:
    return "other";
  }
}

Result analyse(const std::string &Code, AnalysisOptions Opts = {},
               bool Cxx = false) {
  Result R;
  R.AST = sspi::test::parseWindows(Code, Cxx);
  if (!R.AST)
    return R;
  R.TU = std::make_unique<TUAnalysis>(R.AST->getASTContext(), Opts);
  R.TU->run();
  const clang::SourceManager &SM = R.AST->getSourceManager();
  for (const Finding &F : R.TU->findings())
    // The three prepended lines are subtracted so that line 1 is the
    // first line of Code.
    R.Lines.push_back(std::to_string(SM.getSpellingLineNumber(F.Loc) - 3) +
                      ":" +
                      (F.Kind == FindingKind::ContextLeak ? "ctx" : "cred") +
                      ":" + eventName(F.What) + ":" + F.HandleName);
  return R;
}

const clang::FunctionDecl *findFunction(clang::ASTContext &Ctx,
                                        llvm::StringRef Name) {
  for (const clang::Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D))
      if (FD->getName() == Name && FD->hasBody())
        return FD;
  return nullptr;
}

TEST(Engine, FailedAcquireCreatesNothing) {
  auto R = analyse(R"(
int f(void) {
  CredHandle c; TimeStamp ts;
  if (AcquireCredentialsHandleA(0, "NTLM", 2, 0, 0, 0, 0, &c, &ts) != SEC_E_OK)
    return -1;
  return 0;
}
)");
  ASSERT_TRUE(R.AST);
  ASSERT_EQ(R.Lines.size(), 1u);
  EXPECT_EQ(R.Lines[0], "6:cred:lost:c");
  EXPECT_EQ(R.TU->findings()[0].Notes.size(), 2u);
}

TEST(Engine, ContinueNeededIsASuccess) {
  auto R = analyse(R"(
int f(CredHandle *c) {
  CtxtHandle x; SecBufferDesc o; ULONG a; TimeStamp ts;
  SECURITY_STATUS st = InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, &x, &o, &a, &ts);
  if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED) return -1;
  if (st == SEC_I_CONTINUE_NEEDED) return 1;
  DeleteSecurityContext(&x);
  return 0;
}
)");
  ASSERT_EQ(R.Lines.size(), 1u);
  EXPECT_EQ(R.Lines[0].substr(0, 6), "6:ctx:");
}

TEST(Engine, LaterLegFailureStillOwned) {
  auto R = analyse(R"(
int f(CredHandle *c, CtxtHandle *unused) {
  CtxtHandle x; SecBufferDesc o; ULONG a; TimeStamp ts;
  if (InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, &x, &o, &a, &ts) < 0) return -1;
  if (InitializeSecurityContextA(c, &x, 0, 0, 0, 0, 0, 0, &x, &o, &a, &ts) < 0) return -2;
  DeleteSecurityContext(&x);
  return 0;
}
)");
  ASSERT_EQ(R.Lines.size(), 1u);
  EXPECT_EQ(R.Lines[0].substr(0, 6), "5:ctx:");
}

TEST(Engine, SummariesReleaseAcquireAndSplit) {
  auto R = analyse(R"(
static void del(CtxtHandle *h) { DeleteSecurityContext(h); }
static void del_if(CtxtHandle *h, int k) { if (k) DeleteSecurityContext(h); }
static SECURITY_STATUS acq(CredHandle *c) {
  TimeStamp ts;
  return AcquireCredentialsHandleA(0, "NTLM", 2, 0, 0, 0, 0, c, &ts);
}
static void opaque(CtxtHandle *h);
)");
  ASSERT_TRUE(R.AST);
  clang::ASTContext &Ctx = R.AST->getASTContext();
  const FunctionSummary &Del = R.TU->summaryFor(findFunction(Ctx, "del"));
  ASSERT_FALSE(Del.Opaque);
  ASSERT_EQ(Del.Effects.size(), 1u);
  const KeyEffect &E = Del.Effects.begin()->second;
  ASSERT_EQ(E.Outcomes.size(), 1u);
  EXPECT_EQ(E.Outcomes[0].What, Outcome::Released);

  const FunctionSummary &DelIf = R.TU->summaryFor(findFunction(Ctx, "del_if"));
  ASSERT_EQ(DelIf.Effects.size(), 1u);
  EXPECT_EQ(DelIf.Effects.begin()->second.Outcomes.size(), 2u);

  const FunctionSummary &Acq = R.TU->summaryFor(findFunction(Ctx, "acq"));
  ASSERT_EQ(Acq.Effects.size(), 1u);
  bool SawCreated = false, SawUntouched = false;
  for (const ExitOutcome &O : Acq.Effects.begin()->second.Outcomes) {
    if (O.What == Outcome::Created) {
      SawCreated = true;
      EXPECT_EQ(O.ReturnMask, sspi::model::SuccessStatus);
    }
    if (O.What == Outcome::Untouched)
      SawUntouched = true;
  }
  EXPECT_TRUE(SawCreated);
  EXPECT_TRUE(SawUntouched);
}

TEST(Engine, EscapesAreSilent) {
  auto R = analyse(R"(
void keep(CtxtHandle *h);
CtxtHandle g;
int f(CredHandle *c, CtxtHandle *out) {
  CtxtHandle x; SecBufferDesc o; ULONG a; TimeStamp ts;
  if (InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, &x, &o, &a, &ts) < 0) return -1;
  keep(&x);
  if (InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, &g, &o, &a, &ts) < 0) return -1;
  if (InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, out, &o, &a, &ts) < 0) return -1;
  return 0;
}
)");
  ASSERT_TRUE(R.AST);
  EXPECT_TRUE(R.Lines.empty());
}

/// N contexts whose statuses are all kept in variables and tested at the
/// end: every combination of outcomes is a distinct path state (2^N).
std::string independentContexts(int N) {
  std::string Code = "int f(CredHandle *c) {\n"
                     "  SecBufferDesc o; ULONG a; TimeStamp ts;\n";
  for (int I = 0; I < N; ++I)
    Code += "  CtxtHandle x" + std::to_string(I) + ";\n  SECURITY_STATUS s" +
            std::to_string(I) +
            " = InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, &x" +
            std::to_string(I) + ", &o, &a, &ts);\n";
  for (int I = 0; I < N; ++I)
    Code += "  if (s" + std::to_string(I) + " == SEC_E_OK) {}\n";
  return Code + "  return 0;\n}\n";
}

TEST(Engine, BudgetJoinsInsteadOfGivingUp) {
  // 2^12 combinations of handle typestates, more than the 64 states a block
  // keeps: the function is analysed again with one joined state per block,
  // the contexts the paths disagree on escaping. Silent, not skipped.
  auto R = analyse(independentContexts(12));
  ASSERT_TRUE(R.AST);
  EXPECT_TRUE(R.Lines.empty());
  EXPECT_EQ(R.TU->skippedFunctions(), 0u);
  EXPECT_EQ(R.TU->joinedFunctions(), 1u);
  ASSERT_EQ(R.TU->stats().size(), 1u);
  EXPECT_EQ(R.TU->stats()[0].JoinReason, "states");

  // 2^5 fits: every context leaks at the return on its success branch.
  auto Small = analyse(independentContexts(5));
  EXPECT_EQ(Small.TU->joinedFunctions(), 0u);
  EXPECT_EQ(Small.Lines.size(), 5u);

  // A smaller budget joins on the same function.
  AnalysisOptions Tight;
  Tight.MaxStatesPerBlock = 8;
  auto Cut = analyse(independentContexts(5), Tight);
  EXPECT_TRUE(Cut.Lines.empty());
  EXPECT_EQ(Cut.TU->skippedFunctions(), 0u);
  EXPECT_EQ(Cut.TU->joinedFunctions(), 1u);
}

/// A function with N error codes carried in `result` to one `error:` label,
/// where the context created first is deleted only if the last call
/// succeeded: paths differ in `result` alone at the label.
std::string gotoError(int N, bool Leak) {
  std::string Code = "int step(int);\n"
                     "int f(CredHandle *c) {\n"
                     "  SecBufferDesc o; ULONG a; TimeStamp ts; CtxtHandle x;\n"
                     "  int result = 0;\n"
                     "  if (InitializeSecurityContextA(c, 0, 0, 0, 0, 0, 0, 0, "
                     "&x, &o, &a, &ts) < 0)\n"
                     "    return -1;\n";
  for (int I = 0; I < N; ++I)
    Code += "  if (step(" + std::to_string(I) + ")) { result = " +
            std::to_string(100 + I) + "; goto error; }\n";
  Code += "error:\n";
  Code += Leak ? "  if (result == 0) DeleteSecurityContext(&x);\n"
               : "  DeleteSecurityContext(&x);\n";
  return Code + "  return result;\n}\n";
}

TEST(Engine, StatesThatDifferInFactsAloneAreJoined) {
  // 100 error codes reach the label: more states than the budget, all with
  // the same typestate of `x`. Joined, they keep the finding.
  auto Leak = analyse(gotoError(100, true));
  ASSERT_TRUE(Leak.AST);
  EXPECT_EQ(Leak.TU->skippedFunctions(), 0u);
  EXPECT_EQ(Leak.TU->joinedFunctions(), 1u);
  ASSERT_EQ(Leak.Lines.size(), 1u);
  EXPECT_EQ(Leak.Lines[0], "109:ctx:lost:x"); // the return

  auto Fixed = analyse(gotoError(100, false));
  EXPECT_TRUE(Fixed.Lines.empty());
}

TEST(Engine, CxxMemberHandlesBelongToTheObject) {
  auto R = analyse(R"(
class C {
  CtxtHandle ctx_;
public:
  bool start(CredHandle *c) {
    SecBufferDesc o; ULONG a; TimeStamp ts;
    return InitializeSecurityContextW(c, nullptr, nullptr, 0, 0, 0, nullptr, 0,
                                      &ctx_, &o, &a, &ts) == SEC_E_OK;
  }
  ~C() { DeleteSecurityContext(&ctx_); }
};
)",
                   {}, /*Cxx=*/true);
  ASSERT_TRUE(R.AST);
  EXPECT_TRUE(R.Lines.empty());
}

} // namespace
