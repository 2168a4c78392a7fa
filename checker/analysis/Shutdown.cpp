//===- Shutdown.cpp - Global handles on the way out of a module
//------------===//
//
// "When the server is ready to shut down and before unloading the DLL, the
// server must call DeleteSecurityContext" (Ending an SSPI Session). Global
// handles that some function of the TU leaves live are seeded live at the
// start of every shutdown entry point; a path out of the entry point that
// still holds one is a finding, unless an unknown call could have released
// it or the release was skipped only by a condition we cannot decide.
//
//===----------------------------------------------------------------------===//
#include "Engine.h"
#include "FunctionAnalyzer.h"
#include "../model/WinApi.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Regex.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

namespace {

class DllHandleFinder : public RecursiveASTVisitor<DllHandleFinder> {
public:
  explicit DllHandleFinder(llvm::DenseSet<const VarDecl *> &Out) : Out(Out) {}
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getInit() && loadsSecurityDll(VD->getInit()))
      Out.insert(VD);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && loadsSecurityDll(BO->getRHS()))
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          Out.insert(VD);
    return true;
  }

private:
  llvm::DenseSet<const VarDecl *> &Out;
};

struct Entry {
  const FunctionDecl *FD;
  PathNote Why;
  std::vector<std::pair<unsigned, int64_t>> FixedParams;
};

class RegistrationFinder : public RecursiveASTVisitor<RegistrationFinder> {
public:
  RegistrationFinder(const SourceManager &SM, std::vector<Entry> &Out)
      : SM(SM), Out(Out) {}
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    llvm::StringRef N = Callee->getName();
    auto Target = [&](unsigned I) -> const FunctionDecl * {
      if (I >= C->getNumArgs())
        return nullptr;
      const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(A))
        if (UO->getOpcode() == UO_AddrOf)
          A = UO->getSubExpr()->IgnoreParenImpCasts();
      const auto *DRE = dyn_cast<DeclRefExpr>(A);
      const auto *FD = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
      return FD ? FD->getDefinition() : nullptr;
    };
    SourceLocation L = SM.getExpansionLoc(C->getBeginLoc());
    if (registersExitHandler(N)) {
      if (const FunctionDecl *FD = Target(0))
        Out.push_back(
            {FD,
             {L, "'" + FD->getNameAsString() + "' is registered here with " +
                     N.str() + " and runs at exit"},
             {}});
    } else if (registersServiceHandler(N)) {
      if (const FunctionDecl *FD = Target(ServiceHandlerArg))
        Out.push_back({FD,
                       {L, "'" + FD->getNameAsString() +
                               "' is registered here as the service control "
                               "handler; assuming SERVICE_CONTROL_STOP"},
                       {{ServiceControlParam, ServiceControlStop}}});
    }
    return true;
  }

private:
  const SourceManager &SM;
  std::vector<Entry> &Out;
};

bool hasPointerParameter(const FunctionDecl *FD) {
  for (const ParmVarDecl *P : FD->parameters())
    if (P->getType()->isPointerType() || P->getType()->isReferenceType())
      return true;
  return false;
}

} // namespace

bool TUAnalysis::isSecurityDllHandle(const VarDecl *VD) {
  if (!SecurityDllVars) {
    SecurityDllVars = std::make_unique<llvm::DenseSet<const VarDecl *>>();
    DllHandleFinder F(*SecurityDllVars);
    F.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return SecurityDllVars->count(VD) != 0;
}

const std::vector<Finding> &
TUAnalysis::shutdownFindings(const std::vector<std::string> &ShutdownNames) {
  if (ShutdownDone)
    return ShutdownFindings;
  ShutdownDone = true;
  run();
  if (LongLivedGlobals.empty() && LongLivedMembers.empty())
    return ShutdownFindings;

  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Entry> Entries;
  std::vector<llvm::Regex> Patterns;
  for (const std::string &P : ShutdownNames)
    if (!P.empty()) {
      llvm::Regex R(P);
      std::string Err;
      if (R.isValid(Err))
        Patterns.push_back(std::move(R));
    }
  for (const FunctionDecl *FD : Definitions) {
    if (!FD->getIdentifier())
      continue;
    llvm::StringRef N = FD->getName();
    SourceLocation L = SM.getExpansionLoc(FD->getLocation());
    if (isDllEntryPoint(N, FD->getNumParams())) {
      Entries.push_back({FD,
                         {L, "'" + N.str() +
                                 "' is a shutdown entry point: assuming "
                                 "DLL_PROCESS_DETACH with lpvReserved == NULL "
                                 "(FreeLibrary unloads the DLL)"},
                         {{DllReasonParam, DllProcessDetach}, {DllReservedParam, 0}}});
      continue;
    }
    if (isIsapiTerminator(N)) {
      Entries.push_back(
          {FD,
           {L, "IIS calls '" + N.str() + "' right before it unloads the DLL"},
           {}});
      continue;
    }
    if (FD->isExternallyVisible() && !hasPointerParameter(FD) &&
        !isa<CXXMethodDecl>(FD))
      for (llvm::Regex &R : Patterns)
        if (R.match(N)) {
          Entries.push_back({FD,
                             {L, "'" + N.str() +
                                     "' is a shutdown function (its name "
                                     "matches the ShutdownFunctions option)"},
                             {}});
          break;
        }
  }
  // Destructors of objects with static storage duration run at exit (and
  // on FreeLibrary for a DLL): they are where members must be released.
  struct StaticObjects : RecursiveASTVisitor<StaticObjects> {
    std::vector<const VarDecl *> Vars;
    bool VisitVarDecl(VarDecl *VD) {
      if (VD->hasGlobalStorage() && !VD->getType()->isReferenceType())
        if (const auto *RD = VD->getType()->getAsCXXRecordDecl())
          if (RD->hasDefinition() && RD->getDestructor() &&
              RD->getDestructor()->hasBody())
            Vars.push_back(VD);
      return true;
    }
  } SO;
  SO.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::map<const FunctionDecl *, const CXXRecordDecl *> DestructorClass;
  for (const VarDecl *VD : SO.Vars) {
    if (SM.isInSystemHeader(SM.getExpansionLoc(VD->getLocation())))
      continue;
    const CXXRecordDecl *RD = VD->getType()->getAsCXXRecordDecl();
    const FunctionDecl *Dtor = RD->getDestructor()->getDefinition();
    if (!Dtor || !LongLivedMembers.count(RD->getCanonicalDecl()))
      continue;
    DestructorClass[Dtor] = RD->getCanonicalDecl();
    Entries.push_back({Dtor,
                       {SM.getExpansionLoc(VD->getLocation()),
                        "'" + VD->getNameAsString() +
                            "' has static storage: its destructor runs at "
                            "exit or when the DLL unloads"},
                       {}});
  }
  RegistrationFinder RF(SM, Entries);
  for (const FunctionDecl *FD : Definitions)
    RF.TraverseStmt(const_cast<Stmt *>(FD->getBody()));

  // An entry point answers for a handle it releases on some path (then its
  // other paths must release it too); a handle that no entry point ever
  // releases is reported once, at the first entry point.
  struct Result {
    std::vector<Finding> Findings;
    std::set<std::string> Released;
  };
  std::vector<Result> Results;
  llvm::DenseSet<const FunctionDecl *> Done;
  for (const Entry &E : Entries) {
    if (!Done.insert(E.FD).second)
      continue;
    PathState Init;
    // Every long-lived handle starts live: it may be at shutdown.
    auto Seed = [&Init](const std::map<AccessPath, HandleInfoLite> &From) {
      for (const auto &KV : From) {
        HandleInfo H;
        H.Kind = KV.second.Kind;
        H.State = HState::Live;
        H.Origin = KV.second.Origin;
        H.CreatedBy = KV.second.CreatedBy;
        H.ViaTable = KV.second.ViaTable;
        H.Name = KV.first.str();
        Init.Handles[KV.first] = H;
      }
    };
    Seed(LongLivedGlobals);
    auto DC = DestructorClass.find(E.FD);
    if (DC != DestructorClass.end())
      Seed(LongLivedMembers[DC->second]);
    for (const auto &P : E.FixedParams)
      if (P.first < E.FD->getNumParams())
        Init.ConstVars[AccessPath::var(E.FD->getParamDecl(P.first))] = P.second;
    FunctionAnalyzer FA(*this, E.FD);
    FA.setShutdownMode(std::move(Init), E.Why);
    if (!FA.run())
      continue; // budget: silent, counted in the statistics
    Result R;
    R.Released = FA.globalsReleased(/*CountEscaped=*/true);
    for (Finding &F : FA.takeFindings())
      if (F.Kind == FindingKind::ShutdownWithoutCleanup)
        R.Findings.push_back(std::move(F));
    Results.push_back(std::move(R));
  }
  std::set<std::string> ReleasedSomewhere;
  for (const Result &R : Results)
    ReleasedSomewhere.insert(R.Released.begin(), R.Released.end());
  std::map<std::string, size_t> FirstEntry; // orphan handle -> entry index
  for (size_t I = 0; I < Results.size(); ++I)
    for (Finding &F : Results[I].Findings) {
      bool Responsible = Results[I].Released.count(F.HandleName) != 0;
      bool Orphan = !ReleasedSomewhere.count(F.HandleName) &&
                    !ReleasedAnywhere.count(F.HandleName);
      if (!Responsible &&
          !(Orphan && FirstEntry.emplace(F.HandleName, I).first->second == I))
        continue;
      ShutdownFindings.push_back(std::move(F));
    }
  return ShutdownFindings;
}

} // namespace analysis
} // namespace sspi
