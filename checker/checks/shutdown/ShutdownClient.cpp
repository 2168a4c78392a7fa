//===- ShutdownClient.cpp - sspi-shutdown-without-cleanup's analysis ------===//
#include "ShutdownClient.h"
#include "../../analysis/Engine.h"
#include "../../analysis/FunctionContext.h"
#include "../../model/WinApi.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace sspi::analysis;
using namespace sspi::model;

namespace sspi {
namespace checks {

namespace {

class DllHandleFinder : public RecursiveASTVisitor<DllHandleFinder> {
public:
  explicit DllHandleFinder(std::set<const VarDecl *> &Out) : Out(Out) {}
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
  std::set<const VarDecl *> &Out;
};

PathNote textNote(SourceLocation L, std::string Text) {
  PathNote N;
  N.Loc = L;
  N.Kind = NoteKind::Text;
  N.Text = std::move(Text);
  return N;
}

/// A handle the caller cannot see dying with the function: a global, or a
/// member of the object.
bool outlivesFunction(const AccessPath &K) {
  return K.isGlobal() || K.rootIsThis();
}

using ShutdownEntry = ShutdownClient::Entry;

class RegistrationFinder : public RecursiveASTVisitor<RegistrationFinder> {
public:
  RegistrationFinder(const SourceManager &SM, std::vector<ShutdownEntry> &Out)
      : SM(SM), Out(Out) {}
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    llvm::StringRef N = Callee->getName();
    SourceLocation L = SM.getExpansionLoc(C->getBeginLoc());
    if (registersExitHandler(N)) {
      if (const FunctionDecl *FD = target(C, 0))
        Out.push_back({FD,
                       textNote(L, "'" + FD->getNameAsString() +
                                       "' is registered here with " + N.str() +
                                       " and runs at exit"),
                       {}});
    } else if (registersServiceHandler(N)) {
      if (const FunctionDecl *FD = target(C, ServiceHandlerArg))
        Out.push_back(
            {FD,
             textNote(L, "'" + FD->getNameAsString() +
                             "' is registered here as the service control "
                             "handler; assuming SERVICE_CONTROL_STOP"),
             {{ServiceControlParam, ServiceControlStop}}});
    }
    return true;
  }

private:
  static const FunctionDecl *target(const CallExpr *C, unsigned I) {
    if (I >= C->getNumArgs())
      return nullptr;
    const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(A))
      if (UO->getOpcode() == UO_AddrOf)
        A = UO->getSubExpr()->IgnoreParenImpCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(A);
    const auto *FD = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
    return FD ? FD->getDefinition() : nullptr;
  }
  const SourceManager &SM;
  std::vector<ShutdownEntry> &Out;
};

bool hasPointerParameter(const FunctionDecl *FD) {
  for (const ParmVarDecl *P : FD->parameters())
    if (P->getType()->isPointerType() || P->getType()->isReferenceType())
      return true;
  return false;
}

/// Handles released (or, with CountEscaped, handed to unknown code) on some
/// path out of a function.
std::set<AccessPath> releasedOnSomePath(llvm::ArrayRef<PathState> Exits,
                                        bool CountEscaped) {
  std::set<AccessPath> Out;
  for (const PathState &S : Exits)
    for (const auto &KV : S.Handles)
      if (outlivesFunction(KV.first) &&
          (KV.second.State == HState::Released ||
           (CountEscaped && KV.second.State == HState::Escaped)))
        Out.insert(KV.first);
  return Out;
}

} // namespace

bool SecurityDllVars::contains(ASTContext &Ctx, const VarDecl *VD) {
  if (!Vars) {
    Vars = std::make_unique<std::set<const VarDecl *>>();
    DllHandleFinder F(*Vars);
    F.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return Vars->count(VD) != 0;
}

// ---------------------------------------------------------------------------
// FreeLibrary of the security DLL.

void LibraryUnloadClient::onCall(FunctionContext &FC, const CallExpr *C,
                                 PathState &S) {
  check(FC, C, S, Dlls, nullptr);
}

void LibraryUnloadClient::check(FunctionContext &FC, const CallExpr *C,
                                PathState &S, SecurityDllVars &Dlls,
                                const PathNote *EntryNote) {
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      !isFreeLibrary(Callee->getName()) || C->getNumArgs() != 1)
    return;
  const auto *DRE = dyn_cast<DeclRefExpr>(stripCasts(C->getArg(0)));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !Dlls.contains(FC.context(), VD))
    return;
  for (auto &KV : S.Handles.mutate()) {
    HandleInfo &H = KV.second;
    if (!H.ViaTable || H.State != HState::Live ||
        !isContextOrCredential(H.Kind))
      continue;
    if (FC.reporter().record(FindingKind::ShutdownWithoutCleanup,
                             C->getBeginLoc(), H.Name, S)) {
      Finding F;
      F.Kind = FindingKind::ShutdownWithoutCleanup;
      F.What = Event::LibraryUnloaded;
      F.Handle = H.Kind;
      F.Loc = FC.quote().loc(C->getBeginLoc());
      F.Key = KV.first;
      F.HandleName = H.Name;
      F.CreatedBy = H.CreatedBy;
      F.Notes = FC.reporter().notesFor(S, H, KV.first, FC.currentBlock());
      if (EntryNote && EntryNote->Loc.isValid())
        F.Notes.insert(F.Notes.begin() + (F.Notes.empty() ? 0 : 1), *EntryNote);
      FC.reporter().add(std::move(F));
    }
    H.State = HState::Escaped; // lost with the DLL: no second finding
  }
}

// ---------------------------------------------------------------------------
// Shutdown entry points.

void ShutdownClient::onFunctionDone(FunctionContext &FC,
                                    llvm::ArrayRef<PathState> Exits) {
  std::set<AccessPath> LeftLive;
  const std::set<AccessPath> &ByOther =
      EscapedByOther[FC.function()->getCanonicalDecl()];
  for (const PathState &S : Exits)
    for (const auto &KV : S.Handles) {
      const HandleInfo &H = KV.second;
      // Escaped only at calls that were not given it: still held.
      bool Held = S.heldAfterReturn(H) ||
                  (H.State == HState::Escaped && ByOther.count(KV.first));
      if (!outlivesFunction(KV.first) || !H.Origin || !Held ||
          !isContextOrCredential(H.Kind))
        continue;
      LeftLive.insert(KV.first);
      LongLived L{H.Kind, H.Origin, H.CreatedBy, H.ViaTable};
      if (!KV.first.rootIsThis())
        Globals.emplace(KV.first, L);
      else if (const auto *M = dyn_cast<CXXMethodDecl>(FC.function()))
        Members[M->getParent()->getCanonicalDecl()].emplace(KV.first, L);
    }
  // A function that leaves a handle live on some path and releases it on
  // another (an error path of the creator, a re-acquire) is not its
  // cleanup: the handle is long-lived, not acquire-use-free.
  std::set<AccessPath> &Rel = ReleasedIn[FC.function()->getCanonicalDecl()];
  for (const AccessPath &K : releasedOnSomePath(Exits, false))
    if (!LeftLive.count(K))
      Rel.insert(K);
}

std::set<AccessPath>
ShutdownClient::releasedElsewhere(TUAnalysis &TU,
                                  const std::vector<Entry> &Entries) const {
  // The release of an entry point whose parameters are fixed to the
  // shutdown case is decided by that run: DllMain's `lpvReserved != NULL`
  // branch (the process exit) is no cleanup for FreeLibrary, nor is a
  // service handler's branch for another control code. So is the release of
  // a helper that only such entry points call.
  std::set<const FunctionDecl *> EntryFns;
  for (const Entry &E : Entries)
    if (!E.FixedParams.empty())
      EntryFns.insert(E.FD->getCanonicalDecl());
  std::map<const FunctionDecl *, std::set<const FunctionDecl *>> Callers;
  struct CallFinder : RecursiveASTVisitor<CallFinder> {
    const FunctionDecl *From = nullptr;
    std::map<const FunctionDecl *, std::set<const FunctionDecl *>> *Out;
    bool VisitCallExpr(CallExpr *C) {
      if (const FunctionDecl *Callee = C->getDirectCallee())
        (*Out)[Callee->getCanonicalDecl()].insert(From);
      return true;
    }
  } CF;
  CF.Out = &Callers;
  for (const FunctionDecl *FD : TU.definitions()) {
    CF.From = FD->getCanonicalDecl();
    CF.TraverseStmt(FD->getBody());
  }
  std::set<AccessPath> Out;
  for (const auto &KV : ReleasedIn) {
    if (EntryFns.count(KV.first))
      continue;
    auto C = Callers.find(KV.first);
    bool OnlyFromEntries =
        C != Callers.end() && !C->second.empty() &&
        llvm::all_of(C->second, [&](const FunctionDecl *F) {
          return EntryFns.count(F) != 0;
        });
    if (!OnlyFromEntries)
      Out.insert(KV.second.begin(), KV.second.end());
  }
  return Out;
}

std::vector<ShutdownEntry> ShutdownClient::findEntries(TUAnalysis &TU) const {
  const SourceManager &SM = TU.context().getSourceManager();
  std::vector<Entry> Entries;
  for (const FunctionDecl *FD : TU.definitions()) {
    if (!FD->getIdentifier())
      continue;
    llvm::StringRef N = FD->getName();
    SourceLocation L = SM.getExpansionLoc(FD->getLocation());
    if (isDllEntryPoint(N, FD->getNumParams())) {
      Entries.push_back(
          {FD,
           textNote(L, "'" + N.str() +
                           "' is a shutdown entry point: assuming "
                           "DLL_PROCESS_DETACH with lpvReserved == NULL "
                           "(FreeLibrary unloads the DLL)"),
           {{DllReasonParam, DllProcessDetach}, {DllReservedParam, 0}}});
      continue;
    }
    if (isIsapiTerminator(N)) {
      Entries.push_back({FD,
                         textNote(L, "IIS calls '" + N.str() +
                                         "' right before it unloads the DLL"),
                         {}});
      continue;
    }
    if (FD->isExternallyVisible() && !hasPointerParameter(FD) &&
        !isa<CXXMethodDecl>(FD))
      for (const llvm::Regex &R : Patterns)
        if (R.match(N)) {
          Entries.push_back(
              {FD,
               textNote(L, "'" + N.str() +
                               "' is a shutdown function (its name matches "
                               "the ShutdownFunctions option)"),
               {}});
          break;
        }
  }
  addStaticDestructors(TU, Entries);
  RegistrationFinder RF(SM, Entries);
  for (const FunctionDecl *FD : TU.definitions())
    RF.TraverseStmt(FD->getBody());
  return Entries;
}

void ShutdownClient::addStaticDestructors(TUAnalysis &TU,
                                          std::vector<Entry> &Out) const {
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
  SO.TraverseDecl(TU.context().getTranslationUnitDecl());
  const SourceManager &SM = TU.context().getSourceManager();
  for (const VarDecl *VD : SO.Vars) {
    if (SM.isInSystemHeader(SM.getExpansionLoc(VD->getLocation())))
      continue;
    const CXXRecordDecl *RD = VD->getType()->getAsCXXRecordDecl();
    const FunctionDecl *Dtor = RD->getDestructor()->getDefinition();
    if (!Dtor || !Members.count(RD->getCanonicalDecl()))
      continue;
    Out.push_back({Dtor,
                   textNote(SM.getExpansionLoc(VD->getLocation()),
                            "'" + VD->getNameAsString() +
                                "' has static storage: its destructor runs at "
                                "exit or when the DLL unloads"),
                   {},
                   RD->getCanonicalDecl()});
  }
}

void ShutdownClient::initialState(FunctionContext &FC, PathState &Init) {
  // Every long-lived handle starts live: it may be at shutdown.
  auto Seed = [&Init](const std::map<AccessPath, LongLived> &From) {
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
  Seed(Globals);
  if (Current->DestructorOf) {
    auto It = Members.find(Current->DestructorOf);
    if (It != Members.end())
      Seed(It->second);
  }
  for (const auto &P : Current->FixedParams)
    if (P.first < FC.function()->getNumParams())
      Init.setConstant(AccessPath::var(FC.function()->getParamDecl(P.first)),
                       P.second);
}

void ShutdownClient::onCall(FunctionContext &FC, const CallExpr *C,
                            PathState &S) {
  if (FC.owner() == this) {
    LibraryUnloadClient::check(FC, C, S, Dlls, &Current->Why);
    return;
  }
  if (FC.owner())
    return;
  // The engine makes every global handle escape at a call it cannot see
  // into (it might release it). For whether a creator leaves a global
  // long-lived, a call that is not given the global does not count.
  const FunctionDecl *Callee = C->getDirectCallee();
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  if (!Callee || (Def && FC.host().touchesSspi(Def)))
    return;
  struct Refs : RecursiveASTVisitor<Refs> {
    std::set<const Decl *> Vars;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Vars.insert(E->getDecl());
      return true;
    }
  } R;
  for (const Expr *A : C->arguments())
    R.TraverseStmt(const_cast<Expr *>(A));
  std::set<AccessPath> &Out =
      EscapedByOther[FC.function()->getCanonicalDecl()];
  for (const auto &KV : S.Handles)
    if (KV.first.isGlobal() && KV.second.isLiveOrPending() &&
        !R.Vars.count(KV.first.rootDecl()))
      Out.insert(KV.first);
}

bool ShutdownClient::partialReleaseIsRelease(FunctionContext &FC,
                                             const AccessPath &Key) {
  // At shutdown, a helper that releases a global on some paths is the
  // cleanup; its other paths are guarded by state we cannot see.
  return FC.owner() == this && !Key.isLocallyOwned();
}

void ShutdownClient::onPathEnd(FunctionContext &FC, const PathState &S,
                               SourceLocation Where) {
  if (FC.owner() != this)
    return;
  for (const auto &KV : S.Handles)
    if (outlivesFunction(KV.first) && KV.second.State == HState::Live &&
        isContextOrCredential(KV.second.Kind))
      reportLive(FC, S, KV.first, KV.second, Where);
}

void ShutdownClient::reportLive(FunctionContext &FC, const PathState &S,
                                const AccessPath &K, const HandleInfo &H,
                                SourceLocation Where) {
  Reporter &R = FC.reporter();
  // A release skipped only because of a condition the analysis cannot
  // decide (`if (g_started)`) is not a finding: precision first.
  for (const TrailNote &T : S.trail())
    if (!T.AboutHandles && T.NotTaken) {
      TrailNote Probe = T;
      Probe.Taken = nullptr; // only the skipped side counts here
      if (R.branchMatters(Probe, K, nullptr))
        return;
    }
  if (!R.record(FindingKind::ShutdownWithoutCleanup, Where, H.Name, S))
    return;
  Finding F = R.baseFinding(FindingKind::ShutdownWithoutCleanup,
                            Event::ShutdownLive, K, H, Where);
  F.EntryPoint = FC.function()->getNameAsString();
  if (H.Origin)
    F.Notes.push_back(
        Reporter::creationNote(H, FC.quote().loc(H.Origin->getBeginLoc())));
  if (Current->Why.Loc.isValid())
    F.Notes.push_back(Current->Why);
  const CFGBlock *At = S.ExitBlock ? S.ExitBlock : FC.currentBlock();
  for (const TrailNote &T : S.trail())
    if (T.AboutHandles || R.branchMatters(T, K, At))
      F.Notes.push_back(T.Note);
  R.add(std::move(F));
}

void ShutdownClient::afterTU(TUAnalysis &TU) {
  if (Globals.empty() && Members.empty())
    return;
  std::vector<Entry> Entries = findEntries(TU);
  // An entry point answers for a handle it releases on some path (then its
  // other paths must release it too); a handle that no entry point ever
  // releases is reported once, at the first entry point.
  struct Result {
    std::vector<Finding> Findings;
    std::set<AccessPath> Released;
  };
  std::vector<Result> Results;
  std::set<const FunctionDecl *> Done;
  for (const Entry &E : Entries) {
    if (!Done.insert(E.FD).second)
      continue;
    Current = &E;
    TUAnalysis::OwnedRun Run = TU.runOwned(E.FD, *this);
    Current = nullptr;
    if (!Run.Ran)
      continue; // budget: silent
    Results.push_back(
        {std::move(Run.Findings), releasedOnSomePath(Run.Exits, true)});
  }
  std::set<AccessPath> ReleasedSomewhere;
  for (const Result &R : Results)
    ReleasedSomewhere.insert(R.Released.begin(), R.Released.end());
  std::set<AccessPath> ReleasedAnywhere = releasedElsewhere(TU, Entries);
  std::map<AccessPath, size_t> FirstEntry; // orphan handle -> entry index
  for (size_t I = 0; I < Results.size(); ++I)
    for (Finding &F : Results[I].Findings) {
      bool Responsible = Results[I].Released.count(F.Key) != 0;
      bool Orphan =
          !ReleasedSomewhere.count(F.Key) && !ReleasedAnywhere.count(F.Key);
      if (!Responsible &&
          !(Orphan && FirstEntry.emplace(F.Key, I).first->second == I))
        continue;
      TU.addFinding(std::move(F));
    }
}

} // namespace checks
} // namespace sspi
