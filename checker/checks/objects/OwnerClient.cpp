//===- OwnerClient.cpp - Handles owned by objects -------------------------===//
#include "OwnerClient.h"

#include "../../analysis/Engine.h"
#include "../../analysis/FunctionContext.h"
#include "../../analysis/Eval.h"
#include "../../analysis/Reporter.h"
#include "../../model/SspiApi.h"
#include "../../model/WinApi.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include <cctype>

using namespace clang;
using namespace sspi::analysis;
using namespace sspi::model;

namespace sspi {
namespace checks {

namespace {

/// A field of the owner itself, or the handle a pointer field of the owner
/// points to; not a handle inside another object the owner points to
/// (`c->shared->cred`: that object may be shared, reference-counted).
bool ownedDirectly(const OwnerKey &K) {
  if (!K.ownerIsRecord())
    return false;
  for (size_t I = 0; I < K.Fields.size(); ++I)
    if (K.Fields[I] == AccessPath::DerefTag && I + 1 != K.Fields.size())
      return false;
  return true;
}

const RecordDecl *canonicalRecord(const RecordDecl *RD) {
  if (!RD)
    return nullptr;
  RD = RD->getDefinition() ? RD->getDefinition() : RD;
  return cast<RecordDecl>(RD->getCanonicalDecl());
}

/// The owner record and the parameter of a member expression's base:
/// `c->f` with `c` a parameter of pointer-to-record type, or `this->f`.
struct FieldRef {
  const RecordDecl *Owner = nullptr;
  const FieldDecl *Field = nullptr;
  const ParmVarDecl *Param = nullptr; ///< null for `this`
};
std::optional<FieldRef> fieldRef(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME)
    return std::nullopt;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!F)
    return std::nullopt;
  FieldRef R;
  R.Field = F;
  const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(Base)) {
    R.Owner = canonicalRecord(F->getParent());
    return R;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(Base);
  const auto *PD = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!PD || !ME->isArrow())
    return std::nullopt;
  R.Param = PD;
  R.Owner = pointeeRecord(PD->getType());
  if (!R.Owner)
    return std::nullopt;
  return R;
}

const ParmVarDecl *paramRef(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(stripCasts(E));
  return DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
}

std::optional<int64_t> intValue(const Expr *E, ASTContext &Ctx) {
  if (E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->IgnoreParenImpCasts()->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  const llvm::APSInt &V = R.Val.getInt();
  if (!V.isRepresentableByInt64())
    return std::nullopt;
  return V.getExtValue();
}

/// `v->f` with `v` a variable (a parameter, or the local a callback's
/// `void *` is converted to): v.
const VarDecl *arrowBase(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !ME->isArrow() || !isa<FieldDecl>(ME->getMemberDecl()))
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && pointeeRecord(VD->getType()) ? VD : nullptr;
}

/// Per function: the parameters whose memory it frees (free(p), HeapFree,
/// delete p), directly or by passing them to a function that does; and
/// the variables through which it decrements a counter in an object (a
/// reference count: the last release is not this function's alone).
struct BodyScan : RecursiveASTVisitor<BodyScan> {
  const FunctionDecl *FD = nullptr;
  std::set<const ParmVarDecl *> Freed;
  std::set<const VarDecl *> Decremented;
  std::vector<std::pair<const FunctionDecl *, std::pair<unsigned, const ParmVarDecl *>>>
      PassedOn;
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    if (auto I = freedMemoryArg(Callee->getName())) {
      if (*I < C->getNumArgs())
        if (const ParmVarDecl *P = paramRef(C->getArg(*I)))
          Freed.insert(P);
      return true;
    }
    llvm::StringRef N = Callee->getName();
    if (N.starts_with("InterlockedDecrement") && C->getNumArgs() >= 1)
      if (const auto *UO = dyn_cast<UnaryOperator>(stripCasts(C->getArg(0))))
        if (const VarDecl *V = arrowBase(UO->getSubExpr()))
          Decremented.insert(V);
    for (unsigned I = 0; I < C->getNumArgs(); ++I)
      if (const ParmVarDecl *P = paramRef(C->getArg(I)))
        PassedOn.push_back({Callee->getCanonicalDecl(), {I, P}});
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    if (const ParmVarDecl *P = paramRef(E->getArgument()))
      Freed.insert(P);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isDecrementOp())
      if (const VarDecl *V = arrowBase(UO->getSubExpr()))
        Decremented.insert(V);
    return true;
  }
  bool VisitCompoundAssignOperator(CompoundAssignOperator *CA) {
    if (CA->getOpcode() == BO_SubAssign)
      if (const VarDecl *V = arrowBase(CA->getLHS()))
        Decremented.insert(V);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

/// Does the condition of a branch read something only the caller or the
/// object's set-up decides: another parameter (`if (!keep)`), a field the
/// creators assign (a state the handles' validity follows), or the result
/// of a call that is not an SSPI one?
struct CallerChoice : RecursiveASTVisitor<CallerChoice> {
  const ParmVarDecl *Owner = nullptr;
  const std::set<const FieldDecl *> *CreatorSet = nullptr;
  const UserApi *User = nullptr;
  bool Found = false;
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *PD = dyn_cast<ParmVarDecl>(E->getDecl()))
      if (PD != Owner && !PD->getType()->isPointerType())
        Found = true;
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const auto *F = dyn_cast<FieldDecl>(E->getMemberDecl()))
      if (CreatorSet && CreatorSet->count(F))
        Found = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (!classifyCall(C, User))
      Found = true;
    return true;
  }
};

/// Does FD reset a field of an object of type RD (`c->have_ctx = 0`,
/// `c->pctx = NULL`)? Then its release may be recorded there, for a teardown
/// that tests it.
bool resetsOwnerField(const FunctionDecl *FD, const RecordDecl *RD) {
  struct V : RecursiveASTVisitor<V> {
    const RecordDecl *RD;
    bool Found = false;
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->getOpcode() != BO_Assign)
        return true;
      auto R = fieldRef(BO->getLHS());
      if (!R || R->Owner != RD)
        return true;
      const Expr *X = stripCasts(BO->getRHS());
      if (isNullPointerConstant(X))
        Found = true;
      else if (const auto *IL = dyn_cast<IntegerLiteral>(X))
        Found |= IL->getValue() == 0;
      else if (const auto *CB = dyn_cast<CXXBoolLiteralExpr>(X))
        Found |= !CB->getValue();
      return true;
    }
  } Vis;
  Vis.RD = RD;
  Vis.TraverseStmt(FD->getBody());
  return Vis.Found;
}

/// Is the release at Where in FD under a test of its object's state (a
/// field of RD: the handle's bits, SecIsValidHandle(&c->ctx), a flag, a
/// pointer field)?
bool releaseIsGuarded(const FunctionDecl *FD, SourceLocation Where,
                      const RecordDecl *RD) {
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  struct Finder : RecursiveASTVisitor<Finder> {
    const SourceManager *SM;
    SourceLocation Where;
    const RecordDecl *RD;
    std::vector<const Stmt *> Conds; // of the statements being traversed
    bool Guarded = false, Found = false;
    static bool readsOwner(const Stmt *S, const RecordDecl *RD) {
      if (!S)
        return false;
      if (const auto *ME = dyn_cast<MemberExpr>(S))
        if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
          if (canonicalRecord(F->getParent()) == RD)
            return true;
      for (const Stmt *C : S->children())
        if (readsOwner(C, RD))
          return true;
      return false;
    }
    bool TraverseIfStmt(IfStmt *If) {
      if (!TraverseStmt(If->getCond()))
        return false;
      Conds.push_back(If->getCond());
      bool R = TraverseStmt(If->getThen()) && TraverseStmt(If->getElse());
      Conds.pop_back();
      return R;
    }
    bool VisitCallExpr(CallExpr *C) {
      if (Found || SM->getExpansionLoc(C->getBeginLoc()) != Where)
        return true;
      Found = true;
      for (const Stmt *Cond : Conds)
        Guarded |= readsOwner(Cond, RD);
      return true;
    }
  } F;
  F.SM = &SM;
  F.Where = Where;
  F.RD = RD;
  F.TraverseStmt(FD->getBody());
  return F.Guarded;
}

} // namespace

void OwnerClient::onHandOver(FunctionContext &FC, const PathState &S,
                             const AccessPath &Object,
                             const RecordDecl *Record) {
  // `return s;`, `*out = s;` where s holds a handle this path made: the
  // function creates the object's handle for its caller (`conn_new`).
  if (FC.owner())
    return;
  const RecordDecl *RD = canonicalRecord(Record);
  for (const auto &KV : S.Handles) {
    const HandleInfo &H = KV.second;
    if (!KV.first.startsWith(Object) || KV.first.size() <= Object.size() ||
        !isContextOrCredential(H.Kind) || !H.Origin || !S.heldAfterReturn(H))
      continue;
    OwnerKey K = keyFrom(RD, KV.first, Object.size());
    if (ownedDirectly(K))
      addCreation(K, H, FC.function());
  }
}

void OwnerClient::addCreation(const OwnerKey &K, const HandleInfo &H,
                              const FunctionDecl *FD) {
  const FunctionDecl *Canon = FD->getCanonicalDecl();
  CreatorsOf[K].insert(Canon);
  Creations.emplace(
      K, Creation{H.Kind, H.Origin, H.CreatedBy, H.ViaTable, Canon});
}

void OwnerClient::onFunctionDone(FunctionContext &FC,
                                 llvm::ArrayRef<PathState> Exits) {
  if (FC.owner())
    return;
  for (const PathState &S : Exits)
    for (const auto &KV : S.Handles) {
      const HandleInfo &H = KV.second;
      if (H.State == HState::Released && !KV.first.isLocallyOwned())
        if (auto K = ownerKey(KV.first, FC.function())) {
          const FunctionDecl *Canon = FC.function()->getCanonicalDecl();
          ReleasedBy[*K].insert(Canon);
          // Released for sure and not reset (SecInvalidateHandle, zeroing).
          if (!H.MaybeReleased && H.Bits == HandleBits::Unknown &&
              H.ReleaseSite && ownedDirectly(*K) &&
              isContextOrCredential(H.Kind)) {
            auto &V = LooseReleases[*K];
            bool Seen = false;
            for (const LooseRelease &L : V)
              Seen |= L.Fn == Canon;
            if (!Seen)
              V.push_back({Canon, H.ReleaseSite});
          }
        }
      if (!isContextOrCredential(H.Kind) || !H.Origin || !S.heldAfterReturn(H) ||
          KV.first.isLocallyOwned() || KV.first.isGlobal())
        continue;
      auto K = ownerKey(KV.first, FC.function());
      if (K && ownedDirectly(*K))
        addCreation(*K, H, FC.function());
    }
}

void OwnerClient::findFlags(TUAnalysis &TU) {
  std::map<const RecordDecl *, std::set<const FunctionDecl *>> ByRecord;
  for (const auto &KV : CreatorsOf)
    ByRecord[KV.first.record()].insert(KV.second.begin(), KV.second.end());
  struct Assigns : RecursiveASTVisitor<Assigns> {
    ASTContext &Ctx;
    const FunctionDecl *FD = nullptr;
    std::map<const RecordDecl *, std::set<const FunctionDecl *>> *CreatorsOf;
    OwnerClient *Self;
    std::map<std::pair<const RecordDecl *, const FieldDecl *>, bool> Spoilt;
    explicit Assigns(ASTContext &C) : Ctx(C) {}
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->getOpcode() != BO_Assign)
        return true;
      auto R = fieldRef(BO->getLHS());
      if (!R || !R->Owner || !CreatorsOf->count(R->Owner))
        return true;
      bool ByCreator = (*CreatorsOf)[R->Owner].count(FD) != 0;
      if (ByCreator)
        Self->CreatorFields[R->Owner].insert(R->Field);
      QualType T = R->Field->getType();
      if (!T->isIntegralOrEnumerationType())
        return true;
      auto V = intValue(BO->getRHS(), Ctx);
      if (!V || *V == 0)
        return true;
      auto Key = std::make_pair(R->Owner, R->Field);
      auto &Flags = Self->Flags[R->Owner];
      if (!ByCreator || Spoilt[Key]) {
        Spoilt[Key] = true;
        Flags.erase(R->Field);
        return true;
      }
      auto It = Flags.find(R->Field);
      if (It != Flags.end() && It->second != *V) {
        Spoilt[Key] = true; // a state with several values: not a flag
        Flags.erase(It);
        return true;
      }
      Flags[R->Field] = *V;
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } A(TU.context());
  A.CreatorsOf = &ByRecord;
  A.Self = this;
  for (const FunctionDecl *FD : TU.definitions()) {
    A.FD = FD->getCanonicalDecl();
    A.TraverseStmt(FD->getBody());
  }
}

namespace {
/// Do the words of Rest (`Curl_auth_`, `nla_buffer_`: a teardown's name
/// without its teardown word) all name the object's type (its record name or
/// the type its parameter is written with)? Words split at `_` and at a
/// lower-to-upper case change; a word names the type when it is part of it.
bool nameIsOwners(llvm::StringRef Rest, const RecordDecl *RD, QualType Written) {
  std::string Types = llvm::StringRef(RD->getNameAsString()).lower() + " " +
                      llvm::StringRef(Written.getUnqualifiedType().getAsString())
                          .lower();
  std::vector<std::string> Words;
  std::string W;
  for (size_t I = 0; I < Rest.size(); ++I) {
    char C = Rest[I];
    bool Boundary = C == '_' || (I > 0 && std::isupper((unsigned char)C) &&
                                 std::islower((unsigned char)Rest[I - 1]));
    if (Boundary && !W.empty()) {
      Words.push_back(W);
      W.clear();
    }
    if (C != '_')
      W += (char)std::tolower((unsigned char)C);
  }
  if (!W.empty())
    Words.push_back(W);
  for (const std::string &Word : Words)
    if (Word.size() >= 2 && Types.find(Word) == std::string::npos)
      return false;
  return true;
}
} // namespace

namespace {
/// `T *c = data;` (or `T *c = (T *)data;`) among the declarations that open
/// FD's body, for its `void *` parameter P: the local P is converted to.
const VarDecl *voidParamAlias(const FunctionDecl *FD, const ParmVarDecl *P) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body)
    return nullptr;
  for (const Stmt *St : Body->body()) {
    const auto *DS = dyn_cast<DeclStmt>(St);
    if (!DS)
      break; // declarations first
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->getInit() || !VD->getType()->isPointerType() ||
          !pointeeRecord(VD->getType()))
        continue;
      const auto *DRE = dyn_cast<DeclRefExpr>(stripCasts(VD->getInit()));
      if (DRE && DRE->getDecl() == P)
        return VD;
    }
  }
  return nullptr;
}

} // namespace

std::vector<OwnerClient::Teardown>
OwnerClient::findTeardowns(TUAnalysis &TU) const {
  std::set<const RecordDecl *> Owners;
  std::set<const FunctionDecl *> Creators;
  for (const auto &KV : CreatorsOf) {
    Owners.insert(KV.first.record());
    Creators.insert(KV.second.begin(), KV.second.end());
  }
  std::map<const FunctionDecl *, BodyScan> Scans;
  for (const FunctionDecl *FD : TU.definitions()) {
    BodyScan &B = Scans[FD->getCanonicalDecl()];
    B.FD = FD;
    B.TraverseStmt(FD->getBody());
  }
  // Passing the owner to a function that frees it frees it (two levels).
  for (int Round = 0; Round < 2; ++Round)
    for (auto &KV : Scans)
      for (const auto &P : KV.second.PassedOn) {
        auto It = Scans.find(P.first);
        if (It == Scans.end() || P.second.first >= It->second.FD->getNumParams())
          continue;
        if (It->second.Freed.count(
                It->second.FD->getParamDecl(P.second.first)))
          KV.second.Freed.insert(P.second.second);
      }
  std::vector<Teardown> Out;
  for (const FunctionDecl *FD : TU.definitions()) {
    const FunctionDecl *Canon = FD->getCanonicalDecl();
    if (Creators.count(Canon))
      continue; // it sets the object up: its frees are error paths
    if (const auto *D = dyn_cast<CXXDestructorDecl>(FD)) {
      const RecordDecl *RD = canonicalRecord(D->getParent());
      if (Owners.count(RD))
        Out.push_back({FD, RD, AccessPath::thisObject(), nullptr});
      continue;
    }
    const BodyScan &B = Scans[Canon];
    bool Named = false;
    std::string Rest; // the name without the part a pattern matched
    if (const IdentifierInfo *II = FD->getIdentifier())
      for (const llvm::Regex &R : Patterns) {
        llvm::SmallVector<llvm::StringRef, 4> M;
        if (!Named && R.match(II->getName(), &M)) {
          Named = true;
          llvm::StringRef N = II->getName();
          size_t At = M[0].data() - N.data();
          Rest = (N.take_front(At) + "_" + N.drop_front(At + M[0].size())).str();
        }
      }
    for (const ParmVarDecl *P : FD->parameters()) {
      if (!P->getType()->isPointerType())
        continue;
      const RecordDecl *RD = pointeeRecord(P->getType());
      QualType Written = P->getType()->getPointeeType();
      // `cleanup_ctx(void *data) { struct ctx *c = data; ...}`: a callback
      // given the object (a pool cleanup, a destructor callback).
      const VarDecl *Alias = nullptr;
      if (!RD && P->getType()->getPointeeType()->isVoidType())
        if ((Alias = voidParamAlias(FD, P))) {
          RD = pointeeRecord(Alias->getType());
          Written = Alias->getType()->getPointeeType();
        }
      // A reference count, through the parameter or its alias.
      if (!RD || !Owners.count(RD) || B.Decremented.count(P) ||
          (Alias && B.Decremented.count(Alias)))
        continue;
      if (Named || B.Freed.count(P)) {
        Out.push_back({FD, RD, AccessPath::var(P).deref(), P,
                       !B.Freed.count(P), nameIsOwners(Rest, RD, Written),
                       Alias});
        break; // one object per teardown
      }
    }
  }
  return Out;
}

std::optional<OwnerKey> OwnerClient::keyOf(const AccessPath &K,
                                           const FunctionDecl *FD) const {
  if (auto OK = ownerKey(K, FD))
    if (OK->record())
      return OK;
  // A teardown's `void *data`: `[data, *]` is its object.
  if (!Current || !Current->Alias || !K.startsWith(Current->Base) ||
      K.size() <= Current->Base.size())
    return std::nullopt;
  return keyFrom(Current->Owner, K, Current->Base.size());
}

void OwnerClient::afterTU(TUAnalysis &TU) {
  if (Creations.empty())
    return;
  findFlags(TU);
  // A handle made through the object's function table (`c->table->
  // InitializeSecurityContext`) exists only where the table is set: a test
  // of `c->table` in a teardown is the object's state, not a caller's choice
  // of path.
  for (const auto &KV : Creations) {
    if (!KV.second.ViaTable || !KV.second.Origin)
      continue;
    const auto *Fn =
        dyn_cast<MemberExpr>(KV.second.Origin->getCallee()->IgnoreParenImpCasts());
    if (!Fn)
      continue;
    if (auto R = fieldRef(Fn->getBase()))
      if (R->Owner == KV.first.record())
        CreatorFields[R->Owner].insert(R->Field);
  }
  std::vector<Teardown> Teardowns = findTeardowns(TU);
  if (statsRequested()) {
    std::set<const RecordDecl *> Types;
    for (const auto &KV : Creations)
      Types.insert(KV.first.record());
    llvm::errs() << "sspi-tidy: owners: " << Creations.size()
                 << " handle fields of " << Types.size() << " types, "
                 << Teardowns.size() << " teardowns";
    for (const Teardown &T : Teardowns)
      llvm::errs() << " " << T.FD->getNameAsString();
    llvm::errs() << "\n";
  }
  for (const Teardown &T : Teardowns) {
    Current = &T; // also for keyOf below
    struct Reset {
      const Teardown *&C;
      ~Reset() { C = nullptr; }
    } ResetCurrent{Current};
    TUAnalysis::OwnedRun Run = TU.runOwned(T.FD, *this);
    if (!Run.Ran)
      continue; // budget: silent
    // The teardown answers for a handle it releases on some path, or that
    // no other function of the TU releases (besides its creators): a
    // `conn_close_ctx(c)` next to a `conn_free_cred(c)` shares the work.
    std::set<AccessPath> ReleasedHere;
    for (const PathState &S : Run.Exits)
      for (const auto &KV : S.Handles)
        if (KV.second.State == HState::Released)
          ReleasedHere.insert(KV.first);
    if (T.ByName && !T.NameIsOwners) {
      bool ReleasesOwn = false;
      for (const AccessPath &K : ReleasedHere)
        if (auto OK = keyOf(K, T.FD))
          ReleasesOwn |= OK->record() == T.Owner;
      if (!ReleasesOwn)
        continue; // a `nla_buffer_free`: not a teardown of the handles
    }
    const FunctionDecl *Canon = T.FD->getCanonicalDecl();
    for (Finding &F : Run.Findings) {
      if (F.Kind != FindingKind::ContextLeak &&
          F.Kind != FindingKind::CredentialLeak)
        continue;
      bool Answers = ReleasedHere.count(F.Key) != 0;
      if (!Answers) {
        auto K = keyOf(F.Key, T.FD);
        auto R = K ? ReleasedBy.find(*K) : ReleasedBy.end();
        Answers = true;
        if (R != ReleasedBy.end())
          for (const FunctionDecl *G : R->second)
            if (G != Canon && !CreatorsOf[*K].count(G))
              Answers = false;
      }
      if (Answers)
        TU.addFinding(std::move(F));
    }
  }
  // Double release over an object's lifetime: a function that is neither a
  // creator nor a teardown releases a field and leaves it as it was; the
  // teardown releases it again without testing the object's state.
  std::set<const FunctionDecl *> TeardownFns;
  for (const Teardown &T : Teardowns)
    TeardownFns.insert(T.FD->getCanonicalDecl());
  for (const Teardown &T : Teardowns) {
    const FunctionDecl *Canon = T.FD->getCanonicalDecl();
    for (const auto &KV : LooseReleases) {
      if (KV.first.record() != T.Owner)
        continue;
      AccessPath Key = placeIn(T.Base, KV.first);
      for (const LooseRelease &L : KV.second) {
        if (L.Fn == Canon || TeardownFns.count(L.Fn) ||
            CreatorsOf[KV.first].count(L.Fn) ||
            resetsOwnerField(L.Fn->getDefinition() ? L.Fn->getDefinition()
                                                   : L.Fn,
                             T.Owner))
          continue;
        Current = &T;
        SeededReleased = &KV.first;
        SeededBy = &L;
        TUAnalysis::OwnedRun Run = TU.runOwned(T.FD, *this);
        Current = nullptr;
        SeededReleased = nullptr;
        SeededBy = nullptr;
        bool Reported = false;
        for (Finding &F : Run.Findings) {
          if (F.Kind != FindingKind::DoubleRelease || F.Key != Key ||
              releaseIsGuarded(T.FD, F.Loc, T.Owner))
            continue;
          F.What = Event::LifetimeDoubleRelease;
          F.EntryPoint = T.FD->getNameAsString();
          F.UsedBy = L.Fn->getNameAsString();
          F.Owner = KV.first.ownerName();
          TU.addFinding(std::move(F));
          Reported = true;
        }
        if (Reported)
          break; // one first release per field and teardown
      }
    }
  }
}

void OwnerClient::initialState(FunctionContext &FC, PathState &S) {
  if (!Current)
    return;
  if (SeededReleased) {
    // The lifetime run: the engine's own double-release finding is the one
    // wanted (others are dropped in afterTU).
    FC.reporter().setMuted(false);
  }
  for (const auto &KV : Creations) {
    if (KV.first.record() != Current->Owner)
      continue;
    AccessPath Key = placeIn(Current->Base, KV.first);
    HandleInfo H;
    H.Kind = KV.second.Kind;
    H.State = HState::Live;
    H.Origin = KV.second.Origin;
    H.CreatedBy = KV.second.CreatedBy;
    H.ViaTable = KV.second.ViaTable;
    H.Name = Key.str();
    // `data->ctx` is spoken of as the code does: `c->ctx`.
    if (Current->Alias && Current->Param)
      H.Name = Current->Alias->getNameAsString() +
               H.Name.substr(Current->Param->getNameAsString().size());
    S.Handles[Key] = H;
    // The pointer of a pointer-to-handle field is set.
    if (KV.first.viaPointer())
      S.setConstant(Key.parent(), 1);
  }
  auto It = Flags.find(Current->Owner);
  if (It != Flags.end())
    for (const auto &F : It->second)
      S.setConstant(Current->Base.field(F.first), F.second);
  if (SeededReleased) {
    HandleInfo &H = S.Handles[placeIn(Current->Base, *SeededReleased)];
    H.State = HState::Released;
    H.ReleaseSite = SeededBy->Site;
  }
}

void OwnerClient::onCall(FunctionContext &FC, const CallExpr *C,
                         PathState &S) {
  if (FC.owner() != this || !Current || SeededReleased)
    return;
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return;
  auto I = freedMemoryArg(Callee->getName());
  if (!I || *I >= C->getNumArgs())
    return;
  auto Freed = FC.eval().pointee(C->getArg(*I), S);
  if (!Freed || !Freed->startsWith(Current->Base))
    return;
  std::vector<AccessPath> Gone;
  for (const auto &KV : S.Handles)
    if (KV.second.State == HState::Live && KV.second.Origin &&
        isContextOrCredential(KV.second.Kind) && KV.first.startsWith(*Freed)) {
      report(FC, S, KV.first, KV.second, C->getBeginLoc(), Event::OwnerFreed,
             FC.quote().text(stripCasts(C->getArg(*I))));
      Gone.push_back(KV.first);
    }
  // The memory is gone: nothing more is said about its handles on this path.
  for (const AccessPath &K : Gone)
    S.Handles[K].State = HState::Escaped;
}

bool OwnerClient::partialReleaseIsRelease(FunctionContext &FC,
                                          const AccessPath &Key) {
  // A helper of the teardown that releases the handle on some paths: its
  // other paths are guarded by the object's state.
  return FC.owner() == this && !Key.isLocallyOwned();
}

bool OwnerClient::objectGuardsHold(FunctionContext &FC) {
  return FC.owner() != this;
}

void OwnerClient::onPathEnd(FunctionContext &FC, const PathState &S,
                            SourceLocation Where) {
  if (FC.owner() != this || !Current || SeededReleased)
    return;
  for (const auto &KV : S.Handles)
    if (KV.second.State == HState::Live && KV.second.Origin &&
        isContextOrCredential(KV.second.Kind) &&
        KV.first.startsWith(Current->Base))
      report(FC, S, KV.first, KV.second, Where, Event::TeardownLost, "");
}

void OwnerClient::report(FunctionContext &FC, const PathState &S,
                         const AccessPath &K, const HandleInfo &H,
                         SourceLocation Where, Event What,
                         const std::string &Freed) {
  Reporter &R = FC.reporter();
  const CFGBlock *At = S.ExitBlock ? S.ExitBlock : FC.currentBlock();
  // A path that skips the release because of what the caller or the
  // object's set-up decides is not a finding: precision first.
  auto CF = CreatorFields.find(Current->Owner);
  std::vector<PathNote> Branches;
  for (const TrailNote &T : S.trail()) {
    if (!T.AboutHandles && !R.branchMatters(T, K, At))
      continue;
    if (!T.AboutHandles && T.Branch)
      if (const Stmt *Cond = T.Branch->getTerminatorCondition()) {
        CallerChoice CC;
        CC.Owner = Current->Param;
        CC.CreatorSet = CF == CreatorFields.end() ? nullptr : &CF->second;
        CC.User = FC.host().options().User.get();
        CC.TraverseStmt(const_cast<Stmt *>(Cond));
        if (CC.Found)
          return;
      }
    Branches.push_back(T.Note);
  }
  FindingKind Kind = leakFinding(H.Kind);
  if (!R.record(Kind, Where, H.Name, S))
    return;
  Finding F = R.baseFinding(Kind, What, K, H, Where);
  F.EntryPoint = FC.function()->getNameAsString();
  auto OK = keyOf(K, FC.function());
  F.Owner = OK ? OK->ownerName() : std::string("object");
  F.Freed = Freed;
  PathNote Created;
  Created.Loc = FC.quote().loc(H.Origin->getBeginLoc());
  Created.Kind = NoteKind::CreatedInOwner;
  Created.Handle = H.Kind;
  Created.Subject = H.Name;
  Created.Text = H.CreatedBy;
  auto C = OK ? Creations.find(*OK) : Creations.end();
  Created.Other = C != Creations.end() && C->second.Creator
                      ? C->second.Creator->getNameAsString()
                      : std::string();
  Created.Owner = F.Owner;
  F.Notes.push_back(std::move(Created));
  for (PathNote &N : Branches)
    F.Notes.push_back(std::move(N));
  R.add(std::move(F));
}

} // namespace checks
} // namespace sspi
