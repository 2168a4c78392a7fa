//===- Assume.cpp - Narrowing a path by a branch condition ----------------===//
#include "Assume.h"
#include "../model/WinApi.h"
#include "FunctionContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

// ---------------------------------------------------------------------------
// What the body does.

void BodyFacts::scan() {
  struct Finder : RecursiveASTVisitor<Finder> {
    FunctionContext &FC;
    std::set<AccessPath> Created;
    std::set<const ParmVarDecl *> Params;
    explicit Finder(FunctionContext &FC) : FC(FC) {}
    bool VisitCallExpr(CallExpr *C) {
      auto A = FC.classify(C);
      if (!A || static_cast<unsigned>(A->Info->HandleArg) >= C->getNumArgs())
        return true;
      const Expr *H = C->getArg(A->Info->HandleArg);
      auto K =
          passedByValue(H) ? lvaluePath(H, nullptr) : pointeePath(H, nullptr);
      if (!K)
        return true;
      if (A->Info->creates())
        Created.insert(*K);
      if (A->Info->releases())
        if (const auto *PD = dyn_cast_or_null<ParmVarDecl>(K->rootDecl()))
          Params.insert(PD);
      return true;
    }
  } F(FC);
  F.TraverseStmt(FC.function()->getBody());
  Scanned = true;
  CreatedKeys = std::move(F.Created);
  HandleParams = std::move(F.Params);
}

bool BodyFacts::guardsHandleObject(const AccessPath &P) {
  const auto *Parm = dyn_cast_or_null<ParmVarDecl>(P.rootDecl());
  if (!Parm || !P.hasDeref() || isSecHandleType(Parm->getType()))
    return false;
  if (!Scanned)
    scan();
  return HandleParams.count(Parm) != 0;
}

bool BodyFacts::createdHere(const AccessPath &K) {
  if (!Scanned)
    scan();
  return CreatedKeys.count(K) != 0;
}

// ---------------------------------------------------------------------------
// Status comparisons.

void compareMasks(BinaryOperatorKind Op, int64_t C, StatusMask &TrueM,
                  StatusMask &FalseM) {
  TrueM = FalseM = 0;
  for (unsigned Bit = 0; Bit < NumStatusClasses; ++Bit) {
    auto Cls = static_cast<StatusClass>(1 << Bit);
    int64_t Lo, Hi;
    classRange(Cls, Lo, Hi);
    bool SomeTrue = false, SomeFalse = false;
    switch (Op) {
    case BO_EQ:
    case BO_NE: {
      // The wide classes exclude the named codes: `st == SEC_I_CONTINUE_
      // NEEDED` says nothing about "some other positive value".
      bool In = classifyStatus(C) == Cls;
      bool AllEq = In && Lo == Hi;
      SomeTrue = Op == BO_EQ ? In : !AllEq;
      SomeFalse = Op == BO_EQ ? !AllEq : In;
      break;
    }
    case BO_LT:
      SomeTrue = Lo < C;
      SomeFalse = Hi >= C;
      break;
    case BO_LE:
      SomeTrue = Lo <= C;
      SomeFalse = Hi > C;
      break;
    case BO_GT:
      SomeTrue = Hi > C;
      SomeFalse = Lo <= C;
      break;
    case BO_GE:
      SomeTrue = Hi >= C;
      SomeFalse = Lo < C;
      break;
    default:
      SomeTrue = SomeFalse = true;
    }
    if (SomeTrue)
      TrueM |= Cls;
    if (SomeFalse)
      FalseM |= Cls;
  }
}

namespace {
BinaryOperatorKind reverseOp(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return Op;
  }
}

bool compareValues(BinaryOperatorKind Op, int64_t L, int64_t R) {
  switch (Op) {
  case BO_EQ:
    return L == R;
  case BO_NE:
    return L != R;
  case BO_LT:
    return L < R;
  case BO_LE:
    return L <= R;
  case BO_GT:
    return L > R;
  case BO_GE:
    return L >= R;
  default:
    return false;
  }
}

/// S if the condition's value is Value and the branch wants Truth.
std::optional<PathState> decided(bool Value, bool Truth, const PathState &S,
                                 bool &Decided) {
  Decided = true;
  if (Value != Truth)
    return std::nullopt;
  return S;
}
} // namespace

std::optional<PathState> Assume::constrain(Sym Sy, StatusMask Allowed,
                                           const PathState &S, bool &Decided) {
  Decided = true;
  StatusMask M = S.symMask(Sy) & Allowed;
  if (!M)
    return std::nullopt;
  PathState N = S;
  FC.ops().setSymMask(N, Sy, M);
  return N;
}

std::optional<PathState> Assume::assume(const Expr *Cond, bool Truth,
                                        const PathState &S, bool &Decided) {
  Decided = false;
  if (!Cond)
    return S;
  const Expr *E = Cond->IgnoreParens();
  // Peel implicit conversions to bool/int, but not the explicit casts that
  // FAILED()/SUCCEEDED() put around the status (stripCasts handles those).
  while (const auto *ICE = dyn_cast<ImplicitCastExpr>(E))
    E = ICE->getSubExpr()->IgnoreParens();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_LNot)
      return assume(UO->getSubExpr(), !Truth, S, Decided);
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isComparisonOp())
      return comparison(BO, Truth, S, Decided);
    if (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_Comma)
      return assume(BO->getRHS(), Truth, S, Decided);
    return S;
  }
  return bareValue(E, Truth, S, Decided);
}

std::optional<PathState> Assume::signTest(const Expr *X, int64_t C,
                                          BinaryOperatorKind Op, bool Truth,
                                          const PathState &S, bool &Decided) {
  const auto *Sh = dyn_cast<BinaryOperator>(stripCasts(X));
  if (!Sh || Sh->getOpcode() != BO_Shr)
    return std::nullopt;
  auto Amt = FC.eval().intConstant(Sh->getRHS());
  auto Sy = FC.eval().statusRef(Sh->getLHS(), S);
  if (!Amt || *Amt != 31 || !Sy || (Op != BO_EQ && Op != BO_NE))
    return std::nullopt;
  bool NegWhenTrue = (C == 1) == (Op == BO_EQ);
  bool Neg = NegWhenTrue == Truth;
  return constrain(*Sy, Neg ? FailureStatus : SuccessStatus, S, Decided);
}

std::optional<PathState> Assume::comparison(const BinaryOperator *BO,
                                            bool Truth, const PathState &S,
                                            bool &Decided) {
  const Eval &Ev = FC.eval();
  BinaryOperatorKind Op = BO->getOpcode();
  const Expr *L = BO->getLHS(), *R = BO->getRHS();
  std::optional<int64_t> CR = Ev.intConstant(R), CL = Ev.intConstant(L);
  if (CR) {
    if (auto Sy = Ev.statusRef(L, S)) {
      StatusMask TM, FM;
      compareMasks(Op, *CR, TM, FM);
      return constrain(*Sy, Truth ? TM : FM, S, Decided);
    }
    if (auto R2 = signTest(L, *CR, Op, Truth, S, Decided); R2 || Decided)
      return R2;
  } else if (CL) {
    if (auto Sy = Ev.statusRef(R, S)) {
      StatusMask TM, FM;
      compareMasks(reverseOp(Op), *CL, TM, FM);
      return constrain(*Sy, Truth ? TM : FM, S, Decided);
    }
  }
  bool Equality = Op == BO_EQ || Op == BO_NE;
  // `out.cbBuffer != 0`: an empty token means nothing was allocated. The
  // length is unsigned, so `> 0` (`0 <`) is the same test, and `<= 0` the
  // opposite one.
  if ((CR && *CR == 0) || (CL && *CL == 0)) {
    BinaryOperatorKind O = CR ? Op : reverseOp(Op);
    std::optional<bool> NonZeroWhenTrue;
    if (O == BO_NE || O == BO_GT)
      NonZeroWhenTrue = true;
    else if (O == BO_EQ || O == BO_LE)
      NonZeroWhenTrue = false;
    if (NonZeroWhenTrue)
      if (auto N = assumeBufferSize(CR ? L : R, *NonZeroWhenTrue == Truth, S,
                                    Decided);
          Decided)
        return N;
  }
  // Flags with a known value.
  auto VL = CL ? CL : Ev.constValue(L, S);
  auto VR = CR ? CR : Ev.constValue(R, S);
  if (VL && VR && (!CL || !CR))
    return decided(compareValues(Op, *VL, *VR), Truth, S, Decided);
  // Handle validity: h.dwLower != -1, h.dwUpper == 0, ...
  const Expr *Bits = CR ? L : (CL ? R : nullptr);
  std::optional<int64_t> C = CR ? CR : CL;
  if (Bits && C && Equality)
    if (auto K = Ev.handleBitsRef(Bits, S))
      return handleValidity(*K, *C, Op, Truth, S, Decided);
  // Pointer null tests.
  if (Equality && (isNullPointerConstant(L) || isNullPointerConstant(R))) {
    const Expr *Ptr = isNullPointerConstant(L) ? R : L;
    return assumePointer(Ptr, (Op == BO_NE) == Truth, S, Decided);
  }
  return S;
}

std::optional<PathState> Assume::handleValidity(const AccessPath &K, int64_t C,
                                                BinaryOperatorKind Op,
                                                bool Truth, const PathState &S,
                                                bool &Decided) {
  bool CIsInvalid = C == -1 || static_cast<uint64_t>(C) == ~0ULL;
  bool CIsZero = C == 0;
  auto It = S.Handles.find(K);
  std::optional<bool> Equal;
  if (It != S.Handles.end()) {
    const HandleInfo &H = It->second;
    if (H.State == HState::Live && (CIsInvalid || CIsZero))
      Equal = false;
    else if (H.Bits == HandleBits::Invalid && (CIsInvalid || CIsZero))
      Equal = CIsInvalid;
    else if (H.Bits == HandleBits::Zero && (CIsInvalid || CIsZero))
      Equal = CIsZero;
    else if (H.State == HState::Pending && (CIsInvalid || CIsZero)) {
      // A created handle is valid: where the test finds the sentinel, the
      // creating call created nothing.
      Decided = true;
      if ((Op == BO_EQ) != Truth)
        return S;
      PathState N = S;
      HandleInfo &P = N.Handles[K];
      P.State = HState::Absent;
      P.Origin = nullptr;
      P.Bits = CIsInvalid ? HandleBits::Invalid : HandleBits::Zero;
      return N;
    }
  } else if ((isa_and_nonnull<ParmVarDecl>(K.rootDecl()) || K.isGlobal() ||
              K.rootIsThis()) &&
             !FC.body().createdHere(K)) {
    // A handle from outside this function (the caller's, a global, a
    // member) tested before release: summaries describe the case where it
    // is live, which is what callers track.
    if (CIsInvalid || CIsZero)
      Equal = false;
  }
  if (!Equal)
    return S;
  return decided(Op == BO_EQ ? *Equal : !*Equal, Truth, S, Decided);
}

std::optional<PathState> Assume::bareValue(const Expr *E, bool Truth,
                                           const PathState &S, bool &Decided) {
  const Eval &Ev = FC.eval();
  // A bare status (`if (st)`) or pointer (`if (ph)`) or flag (`if (first)`).
  if (auto V = Ev.constValue(E, S))
    return decided(*V != 0, Truth, S, Decided);
  if (auto Sy = Ev.statusRef(E, S)) {
    StatusMask TM, FM;
    compareMasks(BO_NE, 0, TM, FM);
    return constrain(*Sy, Truth ? TM : FM, S, Decided);
  }
  if (E->getType()->isPointerType())
    return assumePointer(E, Truth, S, Decided);
  {
    bool D = false;
    auto N = assumeBufferSize(E, Truth, S, D);
    if (D) {
      Decided = true;
      return N;
    }
  }
  bool Integral = E->getType()->isIntegralOrEnumerationType();
  // `if (fast)` on a local or parameter integer: remember the outcome so
  // that a second test agrees.
  if (Integral)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(stripCasts(E)))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->hasLocalStorage() && !S.StatusVars.count(VD)) {
        AccessPath P = AccessPath::var(VD);
        if (S.knownNonZero(P))
          return decided(true, Truth, S, Decided);
        if (!FC.relevance().matters(P))
          return S;
        PathState N = S;
        if (Truth)
          N.setNonZero(P);
        else
          N.setConstant(P, 0);
        return N;
      }
  // `if (c->have_ctx)` in a helper that releases what `c` holds.
  if (Integral && isa<MemberExpr>(stripCasts(E)))
    if (auto LP = Ev.lvalue(stripCasts(E), S))
      if (!S.Scalars.count(*LP) && FC.objectGuardsHold() &&
          FC.body().guardsHandleObject(*LP))
        return decided(true, Truth, S, Decided);
  if (auto K = Ev.handleBitsRef(E, S)) {
    // `if (h.dwLower)`: non-zero test.
    auto It = S.Handles.find(*K);
    if (It != S.Handles.end()) {
      std::optional<bool> NonZero;
      if (It->second.State == HState::Live)
        NonZero = true;
      else if (It->second.Bits == HandleBits::Zero)
        NonZero = false;
      else if (It->second.Bits == HandleBits::Invalid)
        NonZero = true;
      if (NonZero) {
        Decided = true;
        if (*NonZero != Truth)
          return std::nullopt;
      }
    }
  }
  return S;
}

// ---------------------------------------------------------------------------
// Package buffers and pointers.

namespace {
/// Members and variables that hold package-allocated memory.
bool isPackageBufferLvalue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getIdentifier() &&
           isPackageAllocatedMember(ME->getMemberDecl()->getName());
  QualType T = E->getType();
  return T->isPointerType() &&
         isPackageRecord(T->getPointeeType()->getAsRecordDecl());
}
} // namespace

std::optional<PathState> Assume::assumeBufferSize(const Expr *E, bool NonZero,
                                                  const PathState &S,
                                                  bool &Decided) {
  const auto *ME = dyn_cast<MemberExpr>(stripCasts(E));
  if (!ME || !ME->getMemberDecl()->getIdentifier() ||
      ME->getMemberDecl()->getName() != BufferSizeField)
    return S;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const FieldDecl *Pv = nullptr;
  for (const FieldDecl *G : F->getParent()->fields())
    if (G->getIdentifier() && G->getName() == BufferPointerField)
      Pv = G;
  auto Base = ME->isArrow() ? FC.eval().pointee(ME->getBase(), S)
                            : FC.eval().lvalue(ME->getBase(), S);
  if (!Pv || !Base)
    return S;
  auto It = S.Handles.find(Base->field(Pv));
  if (It == S.Handles.end() || It->second.Kind != HandleKind::ContextBuffer ||
      !It->second.isLiveOrPending())
    return S;
  Decided = true;
  PathState N = S;
  HandleInfo &H = N.Handles[It->first];
  if (NonZero) {
    H.State = HState::Live;
    return N;
  }
  // Nothing was allocated for an empty token (pvBuffer is NULL then).
  H.State = HState::Absent;
  H.Origin = nullptr;
  return N;
}

namespace {
/// `(*pctx != NULL) ? NULL : &new_ctx` ends B: the test chooses between the
/// caller's context and a new local one, so both answers are possible even
/// for a pointer parameter or a handle object the helper guards.
bool choosesNewHandle(const CFGBlock *B) {
  const auto *CO =
      B ? dyn_cast_or_null<ConditionalOperator>(B->getTerminatorStmt())
        : nullptr;
  if (!CO)
    return false;
  const Expr *T = CO->getTrueExpr(), *F = CO->getFalseExpr();
  const Expr *Other = isNullPointerConstant(T)   ? F
                      : isNullPointerConstant(F) ? T
                                                 : nullptr;
  const auto *UO =
      Other ? dyn_cast<UnaryOperator>(Other->IgnoreParenImpCasts()) : nullptr;
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() && isSecHandleType(VD->getType());
}

/// A pointer parameter the function has not reassigned: knownNonNull's
/// "the caller's &handle" rule, not a fact of this path.
bool isUnassignedParameter(const Expr *E, const PathState &S) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE && isa<ParmVarDecl>(DRE->getDecl()) &&
         !S.Aliases.count(AccessPath::var(DRE->getDecl())) &&
         !S.Scalars.count(AccessPath::var(DRE->getDecl()));
}
} // namespace

std::optional<PathState> Assume::assumePointer(const Expr *Ptr, bool NonNull,
                                               const PathState &S,
                                               bool &Decided) {
  bool Choice = choosesNewHandle(FC.currentBlock());
  if (auto NN = FC.eval().knownNonNull(Ptr, S);
      NN && !(Choice && isUnassignedParameter(Ptr, S)))
    return decided(*NN, NonNull, S, Decided);
  auto LP = FC.eval().lvalue(Ptr->IgnoreParenImpCasts(), S);
  if (!LP)
    return S;
  // A package buffer: its pointer is non-NULL exactly when it holds memory.
  auto It = S.Handles.find(*LP);
  if (It != S.Handles.end() && kindTraits(It->second.Kind).PointerValued) {
    HState St = It->second.State;
    if (St == HState::Live || St == HState::Absent ||
        (St == HState::Released && It->second.Bits == HandleBits::Zero))
      return decided(St == HState::Live, NonNull, S, Decided);
    if (St == HState::Pending) {
      Decided = true;
      PathState N = S;
      HandleInfo &H = N.Handles[*LP];
      H.State = NonNull ? HState::Live : HState::Absent;
      if (!NonNull)
        H.Origin = nullptr;
      return N;
    }
  }
  // `if (t->pvBuffer) FreeContextBuffer(t->pvBuffer)` or `if (c->table)`
  // in a helper that releases what `c` holds: the caller tracks the case
  // where the object is set up.
  // The choice of the new-context pointer: remember the answer, so that the
  // code's later `if (*pctx == NULL)` (store the new context) agrees.
  if (Choice && It == S.Handles.end()) {
    PathState N = S;
    N.setConstant(*LP, NonNull ? 1 : 0);
    return N;
  }
  // Not when the function (re)creates the handle the pointer points to
  // (`if (!d->pctx) { d->pctx = calloc(...); InitializeSecurityContext(...,
  // d->pctx, ...); }`): it sets the object up, both answers are its own.
  if (It == S.Handles.end() && !LP->isLocallyOwned() &&
      !FC.body().createdHere(*LP) && !FC.body().createdHere(LP->deref()) &&
      FC.objectGuardsHold() &&
      (isPackageBufferLvalue(Ptr) || FC.body().guardsHandleObject(*LP)))
    return decided(true, NonNull, S, Decided);
  // Remember what this path learnt about a local pointer, so that a second
  // test of it agrees (`if (!table) return; ... if (table) ...`).
  if (LP->isLocallyOwned() && It == S.Handles.end() &&
      FC.relevance().matters(*LP)) {
    PathState N = S;
    N.setConstant(*LP, NonNull ? 1 : 0);
    return N;
  }
  return S;
}

// ---------------------------------------------------------------------------
// Switches.

std::optional<PathState> Assume::caseOfFlag(int64_t V, const Stmt *Label,
                                            const SwitchStmt *Switch,
                                            const PathState &S) {
  // A parameter fixed by the entry point (DllMain's fdwReason).
  if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label)) {
    auto Lo = FC.eval().intConstant(CS->getLHS());
    auto Hi = CS->getRHS() ? FC.eval().intConstant(CS->getRHS()) : Lo;
    if (Lo && Hi && (V < *Lo || V > *Hi))
      return std::nullopt;
    return S;
  }
  for (const SwitchCase *SC = Switch->getSwitchCaseList(); SC;
       SC = SC->getNextSwitchCase())
    if (const auto *CS = dyn_cast<CaseStmt>(SC))
      if (!CS->getRHS())
        if (auto C = FC.eval().intConstant(CS->getLHS()); C && *C == V)
          return std::nullopt; // default is not taken
  return S;
}

std::optional<PathState> Assume::assumeCase(const Expr *Scrutinee,
                                            const Stmt *Label,
                                            const SwitchStmt *Switch,
                                            const PathState &S) {
  const Eval &Ev = FC.eval();
  if (auto V = Ev.constValue(Scrutinee, S))
    return caseOfFlag(*V, Label, Switch, S);
  auto Sy = Ev.statusRef(Scrutinee, S);
  if (!Sy)
    return S;
  StatusMask Allowed = 0;
  if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label)) {
    auto Lo = Ev.intConstant(CS->getLHS());
    auto Hi = CS->getRHS() ? Ev.intConstant(CS->getRHS()) : Lo;
    if (!Lo || !Hi)
      return S;
    int64_t L32 = static_cast<int32_t>(static_cast<uint32_t>(*Lo));
    int64_t H32 = static_cast<int32_t>(static_cast<uint32_t>(*Hi));
    if (L32 == H32) {
      Allowed = classifyStatus(L32);
    } else {
      for (unsigned Bit = 0; Bit < NumStatusClasses; ++Bit) { // GNU range
        auto Cls = static_cast<StatusClass>(1 << Bit);
        int64_t CLo, CHi;
        classRange(Cls, CLo, CHi);
        if (CLo <= H32 && CHi >= L32)
          Allowed |= Cls;
      }
    }
  } else {
    // default: every class except the singletons some case names.
    Allowed = AllStatus;
    for (const SwitchCase *SC = Switch->getSwitchCaseList(); SC;
         SC = SC->getNextSwitchCase()) {
      const auto *CS = dyn_cast<CaseStmt>(SC);
      if (!CS || CS->getRHS())
        continue;
      if (auto V = Ev.intConstant(CS->getLHS())) {
        StatusClass Cls = classifyStatus(*V);
        if (isSingletonClass(Cls))
          Allowed &= ~Cls;
      }
    }
  }
  StatusMask M = S.symMask(*Sy) & Allowed;
  if (!M)
    return std::nullopt;
  PathState N = S;
  FC.ops().setSymMask(N, *Sy, M);
  return N;
}

} // namespace analysis
} // namespace sspi
