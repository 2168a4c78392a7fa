//===- OwnerCopies.cpp - C++ owners whose copies release twice ------------===//
//
// Three questions, each answered from the AST and the engine's summaries:
//  - which handle members a class's destructor releases (the summary of the
//    destructor: an effect on `this->m` that is a release on some exit;
//    where: the release call or the helper call in the destructor's body);
//  - whether the copy operation a site selects copies such a member
//    (implicit or defaulted: yes; user-written: it initialises or assigns
//    the member from the source's, and neither writes the source nor
//    touches a count shared through a pointer member; and the copy's own
//    destructor, run with the values the copy sets, still releases it);
//  - which sites select a copy operation: CXXConstructExpr of a copy
//    constructor that is not elided, calls of a copy assignment operator
//    that takes its operand by reference.
//
//===----------------------------------------------------------------------===//
#include "OwnerCopies.h"
#include "Engine.h"
#include "Quote.h"

#include "../model/SspiApi.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <set>

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

namespace {

/// A handle member a destructor releases.
struct MemberRelease {
  AccessPath Key; ///< [this, *, field, ...]
  HandleKind Kind = HandleKind::Context;
  SourceLocation Loc; ///< the release, or the helper call, in the destructor
  std::string Via;    ///< that helper, or ""
};

struct OwnerInfo {
  const FunctionDecl *Dtor = nullptr;
  std::vector<MemberRelease> Members;
};

/// The calls made directly in a body (not in nested lambdas), in order.
class CallList : public RecursiveASTVisitor<CallList> {
public:
  bool VisitCallExpr(CallExpr *C) {
    Calls.push_back(C);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  std::vector<const CallExpr *> Calls;
};

/// What an lvalue or pointer expression is part of: the variable (or
/// `this`) it is reached from, the first field below it, and how many
/// pointers it goes through. Looks through casts, `.`, `->`, `[]`, `*`, `&`.
struct Root {
  const ValueDecl *Var = nullptr;
  bool This = false;
  const FieldDecl *First = nullptr;
  unsigned Derefs = 0;
  bool known() const { return Var || This; }
};

Root rootOf(const Expr *E) {
  Root R;
  while (E) {
    E = E->IgnoreParenCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!FD)
        return {};
      R.First = FD;
      R.Derefs += ME->isArrow();
      E = ME->getBase();
    } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      ++R.Derefs;
      E = ASE->getBase();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref)
        ++R.Derefs;
      else if (UO->getOpcode() != UO_AddrOf)
        return {};
      E = UO->getSubExpr();
    } else if (isa<CXXThisExpr>(E)) {
      R.This = true;
      return R;
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      R.Var = DRE->getDecl();
      return R;
    } else {
      return {};
    }
  }
  return {};
}

/// E with the copies of a member-wise copy looked through: `ctx_(o.ctx_)`
/// is a CXXConstructExpr of _SecHandle's copy constructor around `o.ctx_`.
const Expr *copiedValue(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() >= 1 && CE->getConstructor()->isCopyOrMoveConstructor()) {
        E = CE->getArg(0);
        continue;
      }
      return E;
    }
    if (const auto *IL = dyn_cast<InitListExpr>(E)) {
      if (IL->getNumInits() == 1) {
        E = IL->getInit(0);
        continue;
      }
      return E;
    }
    if (const auto *PE = dyn_cast<ParenListExpr>(E)) {
      if (PE->getNumExprs() == 1) {
        E = PE->getExpr(0);
        continue;
      }
      return E;
    }
    return E;
  }
  return E;
}

bool writablePointerOrRef(QualType T) {
  if (T.isNull())
    return true;
  if (const auto *RT = T->getAs<ReferenceType>())
    return !RT->getPointeeType().isConstQualified();
  if (const auto *PT = T->getAs<PointerType>())
    return !PT->getPointeeType().isConstQualified();
  return false;
}

/// Whether a user-written copy operation hands the handle over rather than
/// copying it: it writes the source object (SecInvalidateHandle(&o.ctx_),
/// `o.ctx_ = {}`, memset(&o.ctx_, ...), a non-const method of `o`,
/// std::swap, std::move out of it), or keeps a count shared through a
/// pointer member (`++*refs_`, InterlockedIncrement(&refs_->n)).
class HandOver : public RecursiveASTVisitor<HandOver> {
public:
  explicit HandOver(const ParmVarDecl *Src) : Src(Src) {}
  bool Found = false;

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && (source(BO->getLHS()) || shared(BO->getLHS())))
      Found = true;
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp() &&
        (source(UO->getSubExpr()) || shared(UO->getSubExpr())))
      Found = true;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    unsigned First = 0;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C)) {
      if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(FD)) {
        First = 1;
        if (!M->isConst() && OC->getNumArgs() > 0 && source(OC->getArg(0)))
          Found = true;
      }
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      const auto *M = MC->getMethodDecl();
      if (M && !M->isConst() && source(MC->getImplicitObjectArgument()))
        Found = true;
    }
    const FunctionProtoType *Proto = nullptr;
    if (FD)
      Proto = FD->getType()->getAs<FunctionProtoType>();
    for (unsigned I = First; I < C->getNumArgs() && !Found; ++I) {
      unsigned P = I - First;
      QualType T;
      if (Proto && P < Proto->getNumParams())
        T = Proto->getParamType(P);
      // Variadic or unknown: anything may be written through it.
      if ((T.isNull() || writablePointerOrRef(T)) &&
          (source(C->getArg(I)) || shared(C->getArg(I))))
        Found = true;
    }
    return !Found;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I)
      if (writablePointerOrRef(Ctor->getParamDecl(I)->getType()) &&
          source(CE->getArg(I)))
        Found = true;
    return !Found;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  bool source(const Expr *E) const { return rootOf(E).Var == Src; }
  /// Reached from `this` through a pointer member: shared between copies.
  bool shared(const Expr *E) const {
    Root R = rootOf(E);
    return R.This && R.Derefs > 1;
  }
  const ParmVarDecl *Src;
};

/// Where a user-written copy operation copies member F of Src into `this`:
/// its member initialiser, an assignment `F = Src.F` (or of a part of it),
/// memcpy/memmove of it, or `*this = Src` through a copy assignment that
/// copies it.
class CopyFinder : public RecursiveASTVisitor<CopyFinder> {
public:
  CopyFinder(const ParmVarDecl *Src, const FieldDecl *F) : Src(Src), F(F) {}
  SourceLocation At;
  const CXXMethodDecl *Delegated = nullptr; ///< `*this = Src`

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && intoThis(BO->getLHS(), false)) {
      if (BO->getOpcode() == BO_Assign && fromSource(BO->getRHS(), false))
        At = BO->getOperatorLoc();
      else
        Overwritten = true;
    }
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    if (OC->getOperator() != OO_Equal || OC->getNumArgs() != 2)
      return true;
    if (intoThis(OC->getArg(0), false)) {
      if (fromSource(OC->getArg(1), false))
        At = OC->getOperatorLoc();
      else
        Overwritten = true;
      return true;
    }
    // `*this = o;` in a copy constructor.
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
    Root L = rootOf(OC->getArg(0)), R = rootOf(OC->getArg(1));
    if (M && M->isCopyAssignmentOperator() && L.This && !L.First &&
        R.Var == Src && !R.First && !Delegated) {
      Delegated = M;
      DelegatedAt = OC->getOperatorLoc();
    }
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    bool IsCopy = false;
    if (const FunctionDecl *FD = C->getDirectCallee())
      switch (FD->getBuiltinID()) {
      case Builtin::BImemcpy:
      case Builtin::BImemmove:
      case Builtin::BI__builtin_memcpy:
      case Builtin::BI__builtin_memmove:
        IsCopy = C->getNumArgs() >= 2 && intoThis(C->getArg(0), true) &&
                 fromSource(C->getArg(1), true);
        break;
      default:
        break;
      }
    if (!IsCopy && !isa<CXXOperatorCallExpr>(C))
      VisitCallExprWrites(C);
    // A method of the object itself (`acquire()`): it may set the member.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      Root R = rootOf(MC->getImplicitObjectArgument());
      if (M && !M->isConst() && R.This && !R.First && !M->isStatic()) {
        const FunctionDecl *Def = M->getDefinition();
        if (!Def || !Def->hasBody() || Depth >= 3) {
          Overwritten = true;
        } else if (Visited.insert(Def).second) {
          CopyFinder Inner(nullptr, F);
          Inner.Depth = Depth + 1;
          Inner.Visited = Visited;
          Inner.TraverseStmt(Def->getBody());
          Overwritten |= Inner.Overwritten || Inner.At.isValid();
        }
      }
    }
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || C->getNumArgs() < 2)
      return true;
    switch (FD->getBuiltinID()) {
    case Builtin::BImemcpy:
    case Builtin::BImemmove:
    case Builtin::BI__builtin_memcpy:
    case Builtin::BI__builtin_memmove:
      if (intoThis(C->getArg(0), true) && fromSource(C->getArg(1), true)) {
        At = C->getBeginLoc();
        return true;
      }
      break;
    default:
      break;
    }
    return true;
  }
  /// Anything else that may write the member (a re-acquire into &F,
  /// SecInvalidateHandle(&F), `F = Duplicate(F)`): the copy is not kept.
  bool VisitCallExprWrites(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    const FunctionProtoType *Proto =
        FD ? FD->getType()->getAs<FunctionProtoType>() : nullptr;
    unsigned First = isa<CXXOperatorCallExpr>(C) && FD && isa<CXXMethodDecl>(FD);
    for (unsigned I = First; I < C->getNumArgs(); ++I) {
      QualType T;
      if (Proto && I - First < Proto->getNumParams())
        T = Proto->getParamType(I - First);
      if ((T.isNull() || writablePointerOrRef(T)) && intoThis(C->getArg(I), true))
        Overwritten = true;
    }
    return true;
  }
  bool Overwritten = false;
  unsigned Depth = 0;
  std::set<const FunctionDecl *> Visited;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  SourceLocation DelegatedAt;

private:
  /// `F`, `this->F`, `F.dwLower`; with Whole, also `this` (memcpy of all).
  bool intoThis(const Expr *E, bool Whole) const {
    Root R = rootOf(E);
    return R.This && (R.First == F || (Whole && !R.First));
  }
  bool fromSource(const Expr *E, bool Whole) const {
    Root R = rootOf(copiedValue(E));
    return R.Var == Src && (R.First == F || (Whole && !R.First));
  }
  const ParmVarDecl *Src;
  const FieldDecl *F;
};

/// How a copy operation copies a member.
struct CopyWay {
  bool Copies = false;
  SourceLocation Loc;
  bool UserWritten = false;
  std::string How; ///< "implicit" / "defaulted" for the others
  const CXXMethodDecl *Op = nullptr; ///< the operation that copies
};

class OwnerCopies {
public:
  explicit OwnerCopies(TUAnalysis &TU)
      : TU(TU), Ctx(TU.context()), SM(Ctx.getSourceManager()), Q(Ctx) {}

  std::vector<Finding> run();

  const OwnerInfo *ownerInfo(const CXXRecordDecl *RD);
  CopyWay copies(const CXXMethodDecl *Op, const MemberRelease &H,
                 unsigned Depth = 0);
  void constructSite(const CXXConstructExpr *CE, CopyRole Role,
                     std::string CopyName, std::string Function);
  void assignSite(const CallExpr *C);

private:
  bool inSystemHeader(SourceLocation L) const {
    return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
  }
  void locateRelease(const FunctionDecl *Dtor, MemberRelease &H);
  bool copyReleases(const CXXMethodDecl *Op, const OwnerInfo &O,
                    const MemberRelease &H);
  void report(const Expr *Src, const CXXMethodDecl *Op, SourceLocation At,
              CopyRole Role, std::string CopyName, std::string Function);

  TUAnalysis &TU;
  ASTContext &Ctx;
  const SourceManager &SM;
  Quote Q;
  llvm::DenseMap<const CXXRecordDecl *, std::unique_ptr<OwnerInfo>> Owners;
  std::set<std::pair<unsigned, std::string>> Reported;
  std::vector<Finding> Out;
};

bool releasedOnSomeExit(const KeyEffect &E) {
  for (const ExitOutcome &X : E.Outcomes)
    if (X.What == Outcome::Released || X.What == Outcome::ReleasedReset)
      return true;
  return false;
}

const OwnerInfo *OwnerCopies::ownerInfo(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  auto It = Owners.find(RD);
  if (It != Owners.end())
    return It->second.get();
  auto &Slot = Owners[RD];
  if (inSystemHeader(RD->getLocation()))
    return nullptr;
  const CXXDestructorDecl *D = RD->getDestructor();
  const FunctionDecl *Dtor = D ? D->getDefinition() : nullptr;
  // A destructor defined in another TU: what it releases is not known.
  if (!Dtor || !Dtor->hasBody() || !TU.touchesSspi(Dtor))
    return nullptr;
  const FunctionSummary &Sum = TU.summaryFor(Dtor);
  if (Sum.Opaque)
    return nullptr;
  auto Info = std::make_unique<OwnerInfo>();
  Info->Dtor = Dtor;
  for (const auto &KV : Sum.Effects) {
    const AccessPath &K = KV.first;
    const KindTraits &T = kindTraits(KV.second.Kind);
    if (!K.rootIsThis() || K.size() < 3 ||
        K.word(1) != AccessPath::DerefTag || !K.fieldAt(2) ||
        K.isImpersonation() || !T.SecondRelease ||
        !releasedOnSomeExit(KV.second))
      continue;
    MemberRelease H;
    H.Key = K;
    H.Kind = KV.second.Kind;
    locateRelease(Dtor, H);
    Info->Members.push_back(std::move(H));
  }
  if (Info->Members.empty())
    return nullptr;
  // In the order the destructor releases them.
  std::stable_sort(Info->Members.begin(), Info->Members.end(),
                   [&](const MemberRelease &A, const MemberRelease &B) {
                     return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                   });
  Slot = std::move(Info);
  return Slot.get();
}

void OwnerCopies::locateRelease(const FunctionDecl *Dtor, MemberRelease &H) {
  CallList CL;
  CL.TraverseStmt(Dtor->getBody());
  const UserApi *User = TU.options().User.get();
  for (const CallExpr *C : CL.Calls) {
    if (auto A = classifyCall(C, User)) {
      const ApiInfo &I = *A->Info;
      bool Pointer = I.shape() == ApiShape::ReleasePointer;
      if ((!I.releases() && !Pointer) || I.HandleArg < 0 ||
          static_cast<unsigned>(I.HandleArg) >= C->getNumArgs())
        continue;
      const Expr *Arg = C->getArg(I.HandleArg);
      auto P = Pointer ? lvaluePath(Arg, nullptr) : pointeePath(Arg, nullptr);
      if (P && *P == H.Key) {
        H.Loc = C->getBeginLoc();
        return;
      }
      continue;
    }
    const FunctionDecl *Callee = C->getDirectCallee();
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (!Def || !Def->hasBody() || !TU.touchesSspi(Def) ||
        isa<CXXOperatorCallExpr>(C))
      continue;
    const FunctionSummary &S = TU.summaryFor(Def);
    if (S.Opaque)
      continue;
    for (const auto &KV : S.Effects) {
      const AccessPath &CK = KV.first;
      if (!releasedOnSomeExit(KV.second) || CK.size() < 2 ||
          CK.word(1) != AccessPath::DerefTag)
        continue;
      std::optional<AccessPath> Base;
      if (CK.rootIsThis()) {
        const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
        const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
        if (!Obj)
          continue;
        Base = Obj->getType()->isPointerType() ? pointeePath(Obj, nullptr)
                                               : lvaluePath(Obj, nullptr);
      } else if (const auto *PD =
                     dyn_cast_or_null<ParmVarDecl>(CK.rootDecl())) {
        unsigned Idx = PD->getFunctionScopeIndex();
        if (PD->getDeclContext() != Def || Idx >= C->getNumArgs())
          continue;
        const Expr *Arg = C->getArg(Idx);
        Base = PD->getType()->isReferenceType() ? lvaluePath(Arg, nullptr)
                                                : pointeePath(Arg, nullptr);
      }
      if (Base && Base->append(CK, 2) == H.Key) {
        H.Loc = C->getBeginLoc();
        H.Via = Def->getNameAsString();
        return;
      }
    }
  }
  H.Loc = Dtor->getLocation();
}

CopyWay OwnerCopies::copies(const CXXMethodDecl *Op, const MemberRelease &H,
                            unsigned Depth) {
  CopyWay W;
  W.Op = Op;
  if (!Op || Op->isDeleted() || Depth > 2)
    return W;
  const CXXRecordDecl *RD = Op->getParent();
  const FieldDecl *F = H.Key.fieldAt(2);
  if (Op->isImplicit() || Op->isDefaulted()) {
    W.How = Op->isImplicit() ? "implicit" : "defaulted";
    W.Loc = Op->isImplicit() ? RD->getLocation() : Op->getLocation();
    const auto *Owner = dyn_cast<CXXRecordDecl>(F->getParent());
    if (Owner && Owner->getCanonicalDecl() != RD->getCanonicalDecl()) {
      // A member of a base: the base's own copy operation copies it.
      for (const CXXBaseSpecifier &B : RD->bases()) {
        const CXXRecordDecl *BD = B.getType()->getAsCXXRecordDecl();
        if (!BD || !BD->hasDefinition() ||
            (BD->getCanonicalDecl() != Owner->getCanonicalDecl() &&
             !BD->isDerivedFrom(Owner)))
          continue;
        BD = BD->getDefinition();
        const CXXMethodDecl *BaseOp = nullptr;
        bool Assign = isa<CXXMethodDecl>(Op) && !isa<CXXConstructorDecl>(Op);
        if (Assign) {
          for (const CXXMethodDecl *M : BD->methods())
            if (M->isCopyAssignmentOperator() &&
                M->getParamDecl(0)->getType()->isReferenceType() &&
                M->getParamDecl(0)->getType().getNonReferenceType().isConstQualified())
              BaseOp = M;
        } else {
          for (const CXXConstructorDecl *C : BD->ctors())
            if (C->isCopyConstructor() &&
                C->getParamDecl(0)->getType().getNonReferenceType().isConstQualified())
              BaseOp = C;
        }
        // Not declared: implicit, declared lazily, copies.
        if (!BaseOp) {
          W.Copies = true;
          return W;
        }
        CopyWay BW = copies(BaseOp, H, Depth + 1);
        if (!BW.Copies)
          return W;
        if (!BW.UserWritten)
          BW.How = W.How, BW.Loc = W.Loc, BW.Op = Op;
        return BW;
      }
      return W;
    }
    W.Copies = true;
    return W;
  }
  // Written by the user: from its source parameter, member-wise.
  if (Op->getNumParams() < 1 || !Op->hasBody())
    return W;
  const ParmVarDecl *Src = Op->getParamDecl(0);
  // By value (copy-and-swap): the copy is the argument's construction.
  if (!Src->getType()->isReferenceType())
    return W;
  if (F->getParent()->getCanonicalDecl() != RD->getCanonicalDecl())
    return W;
  HandOver HO(Src);
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Op);
  if (Ctor)
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (I->isWritten() && I->getInit())
        HO.TraverseStmt(I->getInit());
  HO.TraverseStmt(Op->getBody());
  if (HO.Found)
    return W;
  W.UserWritten = true;
  CopyFinder CF(Src, F);
  CF.TraverseStmt(Op->getBody());
  if (Ctor && !CF.Overwritten)
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (I->isWritten() && I->getMember() == F) {
        Root R = rootOf(copiedValue(I->getInit()));
        if (R.Var == Src && R.First == F) {
          W.Copies = true;
          W.Loc = I->getSourceLocation();
          return W;
        }
      }
  // Copied, then replaced (`_pCert = CertDuplicateCertificateContext(
  // _pCert)`, a re-acquire into it): the copy holds a handle of its own.
  if (CF.Overwritten)
    return W;
  if (CF.At.isValid()) {
    W.Copies = true;
    W.Loc = CF.At;
    return W;
  }
  if (CF.Delegated) {
    CopyWay D = copies(CF.Delegated, H, Depth + 1);
    if (D.Copies) {
      W.Copies = true;
      W.Loc = CF.DelegatedAt;
    }
  }
  return W;
}

/// Whether the copy's destructor still releases H once the user-written copy
/// operation has set the object's flags: `owns_(false)` in a copy
/// constructor makes the copy's destructor skip the release.
bool OwnerCopies::copyReleases(const CXXMethodDecl *Op, const OwnerInfo &O,
                               const MemberRelease &H) {
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Op);
  if (!Ctor || Op->isImplicit() || Op->isDefaulted())
    return true;
  EntryFacts Facts;
  for (const CXXCtorInitializer *I : Ctor->inits()) {
    const FieldDecl *F = I->getMember();
    if (!I->isWritten() || !F || !I->getInit() ||
        !F->getType()->isIntegralOrEnumerationType())
      continue;
    Expr::EvalResult R;
    const Expr *V = copiedValue(I->getInit());
    if (V && !V->isValueDependent() && V->EvaluateAsInt(R, Ctx) &&
        R.Val.getInt().isRepresentableByInt64())
      Facts.Scalars.push_back(
          {AccessPath::thisObject().field(F), R.Val.getInt().getExtValue(),
           false});
  }
  if (Facts.Scalars.empty())
    return true;
  Facts.Handles.push_back({H.Key, H.Kind});
  const FunctionSummary &S = TU.summaryFor(O.Dtor, Facts);
  if (S.Opaque)
    return true;
  auto It = S.Effects.find(H.Key);
  return It == S.Effects.end() ? false : releasedOnSomeExit(It->second);
}

void OwnerCopies::constructSite(const CXXConstructExpr *CE, CopyRole Role,
                                std::string CopyName, std::string Function) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor || !Ctor->isCopyConstructor() || CE->isElidable() ||
      CE->getNumArgs() < 1)
    return;
  report(CE->getArg(0), Ctor, CE->getArg(0)->getBeginLoc(), Role,
         std::move(CopyName), std::move(Function));
}

void OwnerCopies::assignSite(const CallExpr *C) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(C->getDirectCallee());
  if (!M || !M->isCopyAssignmentOperator() || M->getNumParams() != 1 ||
      !M->getParamDecl(0)->getType()->isReferenceType())
    return;
  const Expr *Obj = nullptr, *Src = nullptr;
  SourceLocation At;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C)) {
    if (OC->getNumArgs() != 2)
      return;
    Obj = OC->getArg(0);
    Src = OC->getArg(1);
    At = OC->getOperatorLoc();
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    if (MC->getNumArgs() != 1)
      return;
    Obj = MC->getImplicitObjectArgument();
    Src = MC->getArg(0);
    At = MC->getExprLoc();
  } else {
    return;
  }
  std::string ObjText = Q.text(Obj->IgnoreImplicit());
  // `a = a`: nothing is duplicated.
  if (ObjText == Q.text(Src->IgnoreImplicit()))
    return;
  report(Src, M, At, CopyRole::Named, ObjText, "");
}

void OwnerCopies::report(const Expr *Src, const CXXMethodDecl *Op,
                         SourceLocation At, CopyRole Role,
                         std::string CopyName, std::string Function) {
  const CXXRecordDecl *RD = Op->getParent();
  const OwnerInfo *O = ownerInfo(RD);
  if (!O || inSystemHeader(At))
    return;
  for (const MemberRelease &H : O->Members) {
    CopyWay W = copies(Op, H);
    if (!W.Copies || !copyReleases(W.Op, *O, H))
      continue;
    SourceLocation L = Q.loc(At);
    std::string Name = H.Key.str();
    if (!Reported.insert({L.getRawEncoding(), Name}).second)
      return;
    const Expr *S = Src->IgnoreImplicit();
    bool Temporary = Src->isPRValue() || isa<MaterializeTemporaryExpr>(Src);
    bool Rvalue = !Src->IgnoreImplicit()->isLValue() ||
                  Src->isXValue() || Temporary;
    Finding F;
    F.Kind = FindingKind::DoubleRelease;
    F.What = Event::CopiedOwner;
    F.Handle = H.Kind;
    F.Loc = L;
    F.Key = H.Key;
    F.HandleName = Name;
    F.Owner = RD->getNameAsString();
    F.Source = Q.text(S);
    F.Releaser = O->Dtor->getNameAsString();
    bool Assign = !isa<CXXConstructorDecl>(Op);
    if (Rvalue) {
      PathNote N;
      N.Loc = Q.loc(S->getBeginLoc());
      N.Kind = NoteKind::RvalueCopied;
      N.Text = F.Source;
      N.Owner = F.Owner;
      N.Flag = Assign;
      F.Notes.push_back(std::move(N));
    }
    PathNote C;
    C.Loc = Q.loc(W.Loc);
    C.Kind = NoteKind::CopiedBy;
    C.Handle = H.Kind;
    C.Subject = Name;
    C.Text = Assign ? "copy assignment operator" : "copy constructor";
    C.Text2 = W.How;
    C.Owner = F.Owner;
    C.Flag = W.UserWritten;
    F.Notes.push_back(std::move(C));
    PathNote R1;
    R1.Loc = Q.loc(H.Loc);
    R1.Kind = NoteKind::ReleasedWhenDestroyed;
    R1.Handle = H.Kind;
    R1.Subject = Name;
    R1.Text = H.Via;
    R1.Owner = F.Releaser;
    R1.Other = F.Source;
    // std::move(a) copies a: it is a that is destroyed later.
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (Call->isCallToStdMove() && Call->getNumArgs() == 1)
        R1.Other = Q.text(Call->getArg(0)->IgnoreImplicit());
    R1.Role = Temporary ? CopyRole::Temporary : CopyRole::Named;
    PathNote R2 = R1;
    R2.Flag = true;
    R2.Other = CopyName;
    R2.Function = Function;
    R2.Role = Role;
    F.Notes.push_back(std::move(R1));
    F.Notes.push_back(std::move(R2));
    Out.push_back(std::move(F));
    return;
  }
}

/// Every copy site of the TU outside system headers and uninstantiated
/// templates, with what the copy is (a variable, a parameter, ...).
class SiteFinder : public RecursiveASTVisitor<SiteFinder> {
public:
  SiteFinder(OwnerCopies &OC, const SourceManager &SM) : OC(OC), SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (!isa<TranslationUnitDecl>(D)) {
      SourceLocation L = D->getLocation();
      if (L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L)))
        return true;
      // A template's pattern: only its instantiations are code.
      if (const auto *DC = dyn_cast<DeclContext>(D))
        if (DC->isDependentContext())
          return true;
      if (isa<VarDecl>(D) && D->isTemplated())
        return true;
    }
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool TraverseTypeLoc(TypeLoc) { return true; }
  bool TraverseType(QualType) { return true; }

  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *I = VD->getInit())
      name(I, {CopyRole::Named, VD->getNameAsString(), ""});
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *R) {
    const Expr *V = R->getRetValue();
    if (!V)
      return true;
    // A named local the return constructs in place (NRVO): no copy.
    const VarDecl *NRVO = R->getNRVOCandidate();
    if (NRVO && NRVO->isNRVOVariable()) {
      if (const auto *CE = dyn_cast<CXXConstructExpr>(V->IgnoreImplicit()))
        Elided.insert(CE);
      return true;
    }
    name(V, {CopyRole::Returned, "", ""});
    return true;
  }
  bool VisitCXXNewExpr(CXXNewExpr *N) {
    if (const Expr *I = N->getInitializer())
      name(I, {CopyRole::Anonymous, "", ""});
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (FD) {
      unsigned Shift = isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(FD);
      for (unsigned I = Shift; I < C->getNumArgs(); ++I)
        if (I - Shift < FD->getNumParams())
          name(C->getArg(I),
               {CopyRole::Parameter,
                FD->getParamDecl(I - Shift)->getNameAsString(),
                FD->getNameAsString()});
    }
    OC.assignSite(C);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (Ctor && !Ctor->isCopyOrMoveConstructor())
      for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams();
           ++I)
        name(CE->getArg(I),
             {CopyRole::Parameter, Ctor->getParamDecl(I)->getNameAsString(),
              Ctor->getNameAsString()});
    if (Elided.count(CE))
      return true;
    Named N{CopyRole::Anonymous, "", ""};
    auto It = Names.find(CE);
    if (It != Names.end())
      N = It->second;
    OC.constructSite(CE, N.Role, N.Name, N.Function);
    return true;
  }

private:
  struct Named {
    CopyRole Role;
    std::string Name, Function;
  };
  void name(const Expr *E, Named N) {
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E->IgnoreImplicit()))
      Names[CE] = std::move(N);
  }
  OwnerCopies &OC;
  const SourceManager &SM;
  llvm::DenseMap<const CXXConstructExpr *, Named> Names;
  llvm::DenseSet<const CXXConstructExpr *> Elided;
};

std::vector<Finding> OwnerCopies::run() {
  SiteFinder SF(*this, SM);
  SF.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::move(Out);
}

} // namespace

std::vector<Finding> findOwnerCopies(TUAnalysis &TU) {
  if (!TU.context().getLangOpts().CPlusPlus)
    return {};
  return OwnerCopies(TU).run();
}

void OwnerCopiesClient::afterTU(TUAnalysis &TU) {
  for (Finding &F : findOwnerCopies(TU))
    TU.addFinding(std::move(F));
}

} // namespace analysis
} // namespace sspi
