//===- TUAnalysis.cpp - Runs the analysis over a translation unit ---------===//
#include "Engine.h"
#include "FunctionContext.h"
#include "HandleOps.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace clang;

namespace sspi {
namespace analysis {

bool statsRequested() {
  static const bool On = std::getenv("SSPI_TIDY_STATS") != nullptr;
  return On;
}

namespace {

class DefinitionCollector : public RecursiveASTVisitor<DefinitionCollector> {
public:
  DefinitionCollector(const SourceManager &SM, const LangOptions &LO)
      : SM(SM), CPlusPlus(LO.CPlusPlus) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaExpressions() const { return true; }
  /// Declarations spelled in system headers are not descended into: no
  /// definition we analyse can be inside one (VisitFunctionDecl drops system
  /// ones anyway), and windows.h alone is most of a TU's AST.
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D)) {
      SourceLocation L = D->getLocation();
      if (L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L)))
        return true;
    }
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  /// Types hold no definition we analyse.
  bool TraverseTypeLoc(TypeLoc) { return true; }
  bool TraverseType(QualType) { return true; }
  /// In C, no definition can sit inside a statement (no lambdas, no local
  /// classes with methods), so bodies and initializers are not walked.
  bool TraverseStmt(Stmt *S, DataRecursionQueue *Q = nullptr) {
    return CPlusPlus ? RecursiveASTVisitor::TraverseStmt(S, Q) : true;
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext() ||
        FD->isInvalidDecl())
      return true;
    SourceLocation L = FD->getLocation();
    if (L.isInvalid() || SM.isInSystemHeader(SM.getExpansionLoc(L)))
      return true;
    Defs.push_back(FD);
    return true;
  }
  /// A lambda's body is a function of its own (its call operator), which
  /// the traversal of the enclosing body does not visit as a declaration.
  /// A generic lambda's operator is a template: its instantiations are
  /// reached through the template, like any function template's.
  bool VisitLambdaExpr(LambdaExpr *L) {
    if (CXXMethodDecl *Op = L->getCallOperator())
      if (!Op->getDescribedFunctionTemplate())
        VisitFunctionDecl(Op);
    return true;
  }
  std::vector<const FunctionDecl *> Defs;

private:
  const SourceManager &SM;
  bool CPlusPlus;
};

/// Calls made directly in a body (not in nested lambdas).
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  bool VisitCallExpr(CallExpr *C) {
    Calls.push_back(C);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  std::vector<const CallExpr *> Calls;
};

/// The function definitions to analyse, in source order. Not inlined, so
/// that bench/run can attribute its cost in a profile.
LLVM_ATTRIBUTE_NOINLINE std::vector<const FunctionDecl *>
collectDefinitions(ASTContext &Ctx) {
  DefinitionCollector DC(Ctx.getSourceManager(), Ctx.getLangOpts());
  DC.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::move(DC.Defs);
}

/// Whether a function's body holds an error-recovery node or an invalid
/// declaration: its AST is not the code as written.
class ErrorFinder : public RecursiveASTVisitor<ErrorFinder> {
public:
  bool Found = false;
  bool VisitExpr(Expr *E) {
    Found |= E->containsErrors();
    return !Found;
  }
  bool VisitDecl(Decl *D) {
    Found |= D->isInvalidDecl();
    return !Found;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

bool bodyHasErrors(const FunctionDecl *FD,
                   const std::vector<SourceLocation> *Errors) {
  ErrorFinder F;
  F.TraverseStmt(FD->getBody());
  if (F.Found || !Errors || Errors->empty())
    return F.Found;
  // A statement the parser dropped leaves no node: the compiler's error
  // locations tell.
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  SourceRange R = FD->getBody()->getSourceRange();
  SourceLocation B = SM.getExpansionLoc(R.getBegin()),
                 E = SM.getExpansionLoc(R.getEnd());
  for (SourceLocation L : *Errors)
    if (!SM.isBeforeInTranslationUnit(L, B) &&
        !SM.isBeforeInTranslationUnit(E, L))
      return true;
  return false;
}

const FunctionSummary &opaqueSummary() {
  static const FunctionSummary S;
  return S;
}

} // namespace

TUAnalysis::TUAnalysis(ASTContext &Ctx, AnalysisOptions Opts,
                       std::vector<std::unique_ptr<AnalysisClient>> Clients)
    : Ctx(Ctx), Opts(std::move(Opts)), Clients(std::move(Clients)) {
  for (const auto &C : this->Clients)
    Observers.push_back(C.get());
}
TUAnalysis::~TUAnalysis() = default;

unsigned TUAnalysis::joinedFunctions() const {
  unsigned N = 0;
  for (const FunctionStats &S : Stats)
    N += S.Joins != 0 || !S.JoinReason.empty();
  return N;
}

unsigned TUAnalysis::skippedFunctions() const {
  unsigned N = 0;
  for (const FunctionStats &S : Stats)
    N += S.Skipped;
  return N;
}

const model::PointerApis *TUAnalysis::pointerApis() {
  if (!Pointers)
    Pointers = std::make_unique<model::PointerApis>(Ctx);
  return Pointers.get();
}

bool TUAnalysis::touchesSspi(const FunctionDecl *FD) {
  FD = FD->getDefinition() ? FD->getDefinition() : FD;
  auto It = Touches.find(FD);
  if (It != Touches.end())
    return It->second;
  Touches[FD] = false; // cycles: assume no until shown otherwise
  if (!FD->getBody() || FD->isDependentContext())
    return false;
  CallCollector CC;
  CC.TraverseStmt(FD->getBody());
  bool Result = false;
  for (const CallExpr *C : CC.Calls) {
    if (model::classifyCall(C, Opts.User.get(), pointerApis())) {
      Result = true;
      break;
    }
  }
  if (!Result)
    for (const CallExpr *C : CC.Calls)
      if (const FunctionDecl *Callee = C->getDirectCallee())
        if (const FunctionDecl *Def = Callee->getDefinition())
          if (Def != FD && touchesSspi(Def)) {
            Result = true;
            break;
          }
  Touches[FD] = Result;
  return Result;
}

bool TUAnalysis::keepsHandles(const FunctionDecl *FD, unsigned Param) {
  FD = FD->getDefinition() ? FD->getDefinition() : FD;
  if (!FD->getBody() || FD->isDependentContext() || FD->isVariadic() ||
      Param >= FD->getNumParams() || touchesSspi(FD))
    return false;
  const ParmVarDecl *P = FD->getParamDecl(Param);
  if (!P->getType()->isPointerType())
    return false; // a copy (or a reference) of the object: keep the rule
  auto Key = std::make_pair(FD, Param);
  auto It = Keeps.find(Key);
  if (It != Keeps.end())
    return It->second;
  Keeps[Key] = false; // recursion: no until shown otherwise
  struct Refs : RecursiveASTVisitor<Refs> {
    const ParmVarDecl *P;
    std::vector<const DeclRefExpr *> Uses;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (E->getDecl() == P)
        Uses.push_back(E);
      return true;
    }
  } R;
  R.P = P;
  R.TraverseStmt(FD->getBody());
  ParentMap PM(FD->getBody());
  auto Up = [&](const Stmt *S) {
    const Stmt *Par = PM.getParent(S);
    while (Par && (isa<ParenExpr>(Par) ||
                   (isa<ImplicitCastExpr>(Par) &&
                    cast<ImplicitCastExpr>(Par)->getCastKind() ==
                        CK_LValueToRValue))) {
      S = Par;
      Par = PM.getParent(S);
    }
    return std::make_pair(S, Par);
  };
  bool Result = true;
  for (const DeclRefExpr *Use : R.Uses) {
    auto [E, Par] = Up(Use);
    // `c->tok.len`, `c->sub.ptr`: a field that cannot hold a handle.
    while (const auto *ME = dyn_cast_or_null<MemberExpr>(Par)) {
      if (!mayHoldHandle(ME->getType()))
        break;
      std::tie(E, Par) = Up(ME);
    }
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(Par))
      if (!mayHoldHandle(ME->getType()))
        continue;
    // `if (!c)`, `c == NULL`, `c && ...`: a test of the pointer.
    const auto *EE = dyn_cast<Expr>(E);
    bool Direct = EE && EE->IgnoreParenImpCasts() == Use;
    if (Direct && Par) {
      if (const auto *IC = dyn_cast<ImplicitCastExpr>(Par))
        if (IC->getCastKind() == CK_PointerToBoolean)
          continue;
      if (const auto *UO = dyn_cast<UnaryOperator>(Par))
        if (UO->getOpcode() == UO_LNot)
          continue;
      if (const auto *BO = dyn_cast<BinaryOperator>(Par))
        if (BO->isEqualityOp() || BO->isLogicalOp())
          continue;
      if (const auto *If = dyn_cast<IfStmt>(Par))
        if (If->getCond() == E)
          continue;
      if (const auto *W = dyn_cast<WhileStmt>(Par))
        if (W->getCond() == E)
          continue;
      if (const auto *CO = dyn_cast<ConditionalOperator>(Par))
        if (CO->getCond() == E)
          continue;
    }
    // Passed on to a function of this TU that keeps it too.
    if (const auto *C = dyn_cast_or_null<CallExpr>(Par))
      if (Direct && C->getCallee() != E)
        if (const FunctionDecl *Callee = C->getDirectCallee()) {
          bool Ok = false;
          for (unsigned I = 0; I < C->getNumArgs(); ++I)
            if (C->getArg(I)->IgnoreParenImpCasts() == Use)
              Ok = Callee->getDefinition() &&
                   keepsHandles(Callee->getDefinition(), I);
          if (Ok)
            continue;
        }
    Result = false;
    break;
  }
  Keeps[Key] = Result;
  return Result;
}

const FunctionSummary &TUAnalysis::summaryFor(const FunctionDecl *FD) {
  FD = FD->getDefinition() ? FD->getDefinition() : FD;
  auto It = Summaries.find(FD);
  if (It != Summaries.end())
    return *It->second;
  if (InProgress.count(FD) || Depth >= Opts.MaxSummaryDepth || !FD->getBody() ||
      FD->isDependentContext())
    return opaqueSummary(); // recursion: the call is an unknown one
  if (bodyHasErrors(FD, Opts.ErrorLocations.get())) {
    // Not the code as written: not analysed, and calls of it are calls of
    // an unknown function.
    ++ErrorFunctions;
    if (statsRequested())
      llvm::errs() << "sspi-tidy: " << FD->getQualifiedNameAsString()
                   << ": not analysed: its body has a compile error\n";
    auto &Slot = Summaries[FD];
    Slot = std::make_unique<FunctionSummary>();
    return *Slot;
  }
  InProgress.insert(FD);
  ++Depth;
  auto Sum = std::make_unique<FunctionSummary>();
  {
    FunctionContext FC(*this, FD, /*Owner=*/nullptr, Observers);
    if (FC.run()) {
      *Sum = FC.buildSummary();
      for (AnalysisClient *C : Observers)
        C->onFunctionDone(FC, FC.exitStates());
      for (Finding &F : FC.takeFindings())
        Findings.push_back(std::move(F));
    }
    Stats.push_back(FC.stats());
    if (statsRequested()) {
      const FunctionStats &S = Stats.back();
      llvm::errs() << "sspi-tidy: " << S.Name << ": blocks=" << S.Blocks
                   << " states=" << S.StatesVisited
                   << " max-states-per-block=" << S.MaxStatesInBlock
                   << " time-ms=" << llvm::format("%.3f", S.Millis);
      if (S.Joins)
        llvm::errs() << " joined=" << S.Joins;
      if (!S.JoinReason.empty())
        llvm::errs() << " one-state=" << S.JoinReason;
      if (S.Dropped)
        llvm::errs() << " dropped=" << S.Dropped;
      if (S.Skipped)
        llvm::errs() << " skipped=" << S.SkipReason;
      llvm::errs() << "\n";
    }
  }
  --Depth;
  InProgress.erase(FD);
  const FunctionSummary &Ref = *Sum;
  Summaries[FD] = std::move(Sum);
  return Ref;
}

namespace {
/// Seeds a run with what a call fixes at the callee's entry. As the owner of
/// the run it also mutes the run's own findings: the callee reports its
/// bugs in its own analysis.
class EntrySeed : public AnalysisClient {
public:
  explicit EntrySeed(const EntryFacts &F) : Facts(F) {}
  void initialState(FunctionContext &, PathState &S) override {
    for (const EntryFacts::Scalar &X : Facts.Scalars)
      S.Scalars[X.Path] = {X.Value, X.NonZeroOnly};
    for (const EntryFacts::Live &X : Facts.Handles) {
      HandleInfo H;
      H.Kind = X.Kind;
      H.State = HState::Live;
      H.FromCaller = true;
      H.Name = X.Path.str();
      S.Handles[X.Path] = std::move(H);
    }
  }

private:
  const EntryFacts &Facts;
};
} // namespace

const FunctionSummary &TUAnalysis::summaryFor(const FunctionDecl *FD,
                                              const EntryFacts &Facts) {
  FD = FD->getDefinition() ? FD->getDefinition() : FD;
  auto Key = std::make_pair(FD, Facts);
  auto It = Variants.find(Key);
  if (It != Variants.end())
    return *It->second;
  if (InProgress.count(FD) || Depth >= Opts.MaxSummaryDepth || !FD->getBody() ||
      FD->isDependentContext() ||
      VariantCount[FD] >= Opts.MaxSummaryVariants)
    return opaqueSummary();
  ++VariantCount[FD];
  InProgress.insert(FD);
  ++Depth;
  auto Sum = std::make_unique<FunctionSummary>();
  {
    EntrySeed Seed(Facts);
    FunctionContext FC(*this, FD, &Seed);
    if (FC.run())
      *Sum = FC.buildSummary();
  }
  --Depth;
  InProgress.erase(FD);
  const FunctionSummary &Ref = *Sum;
  Variants[std::move(Key)] = std::move(Sum);
  return Ref;
}

void TUAnalysis::run() {
  if (Ran)
    return;
  Ran = true;
  Definitions = collectDefinitions(Ctx);
  for (const FunctionDecl *FD : Definitions)
    if (touchesSspi(FD))
      (void)summaryFor(FD);
  if (statsRequested())
    llvm::errs() << "sspi-tidy: analysed " << Stats.size() << " functions, "
                 << joinedFunctions() << " joined, " << skippedFunctions()
                 << " skipped, " << ErrorFunctions << " with errors\n";
  for (AnalysisClient *C : Observers)
    C->afterTU(*this);
}

MadeFrom TUAnalysis::madeFrom(const OwnerKey &Ctx, const OwnerKey &Cred) {
  if (!Pairs) {
    Pairs =
        std::make_unique<std::map<std::pair<OwnerKey, OwnerKey>, MadeFrom>>();
    for (const FunctionDecl *FD : Definitions) {
      CallCollector CC;
      CC.TraverseStmt(FD->getBody());
      for (const CallExpr *C : CC.Calls) {
        auto A = model::classifyCall(C, Opts.User.get(), pointerApis());
        if (!A || A->Info->shape() != model::ApiShape::Handshake)
          continue;
        int Out = A->Info->HandleArg, Cr = A->Info->CredArg;
        if (Cr < 0 || static_cast<unsigned>(std::max(Out, Cr)) >= C->getNumArgs())
          continue;
        auto CtxP = pointeePath(C->getArg(Out), nullptr);
        auto CredP = pointeePath(C->getArg(Cr), nullptr);
        if (!CtxP || !CredP)
          continue;
        auto CtxK = ownerKey(*CtxP, FD), CredK = ownerKey(*CredP, FD);
        if (CtxK && CredK)
          Pairs->emplace(std::make_pair(*CtxK, *CredK), MadeFrom{FD, C});
      }
    }
  }
  auto It = Pairs->find({Ctx, Cred});
  return It == Pairs->end() ? MadeFrom{} : It->second;
}

TUAnalysis::OwnedRun TUAnalysis::runOwned(const FunctionDecl *FD,
                                          AnalysisClient &Owner) {
  OwnedRun R;
  FunctionContext FC(*this, FD, &Owner);
  R.Ran = FC.run();
  if (R.Ran) {
    R.Exits = FC.exitStates();
    R.Findings = FC.takeFindings();
  }
  return R;
}

} // namespace analysis
} // namespace sspi
