//===- Transfer.cpp - The effect of one CFG element on a path -------------===//
#include "Transfer.h"
#include "../model/WinApi.h"
#include "FunctionContext.h"

#include "llvm/Config/llvm-config.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Analysis/CFG.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

namespace {
/// Dispatches one statement of the CFG to its transfer.
class StmtTransfer : public ConstStmtVisitor<StmtTransfer> {
public:
  StmtTransfer(FunctionContext &FC, PathState &S, std::vector<PathState> &Extra,
               Transfer &T,
               void (Transfer::*Decl)(const DeclStmt *, PathState &),
               void (Transfer::*Ret)(const ReturnStmt *, PathState &,
                                     std::vector<PathState> &))
      : FC(FC), S(S), Extra(Extra), T(T), Decl(Decl), Ret(Ret) {}

  void VisitCallExpr(const CallExpr *C) { FC.calls().call(C, S, Extra); }
  void VisitBinaryOperator(const BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      T.assign(BO->getLHS(), BO->getRHS(), BO, S);
    else if (BO->isCompoundAssignmentOp())
      FC.ops().forgetScalar(BO->getLHS(), S);
  }
  void VisitUnaryOperator(const UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      FC.ops().forgetScalar(UO->getSubExpr(), S);
  }
  void VisitDeclStmt(const DeclStmt *DS) { (T.*Decl)(DS, S); }
  void VisitReturnStmt(const ReturnStmt *R) { (T.*Ret)(R, S, Extra); }
  void VisitCXXThrowExpr(const CXXThrowExpr *TE) {
    S.ExitStmt = TE; // handles leak where the exception leaves
    S.ExitBlock = FC.currentBlock();
  }
  void VisitCXXConstructExpr(const CXXConstructExpr *CE) {
    // A constructor that receives a handle (RAII guard) takes it over;
    // std::string(p, n) and std::vector(p, p + n) copy a buffer.
    bool Copies = copiesArguments(CE->getConstructor());
    for (const Expr *Arg : CE->arguments()) {
      FC.ops().escapeArgument(Arg, S);
      if (!Copies)
        FC.ops().escapeBuffer(Arg, S);
    }
  }
  void VisitLambdaExpr(const LambdaExpr *LE) {
    for (const LambdaCapture &Cap : LE->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef)
        if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
          FC.ops().escapePrefix(S, AccessPath::var(VD), VD->getType());
  }

private:
  FunctionContext &FC;
  PathState &S;
  std::vector<PathState> &Extra;
  Transfer &T;
  void (Transfer::*Decl)(const DeclStmt *, PathState &);
  void (Transfer::*Ret)(const ReturnStmt *, PathState &,
                        std::vector<PathState> &);
};
} // namespace

void Transfer::element(const CFGElement &E, PathState &S,
                       std::vector<PathState> &Extra) {
  if (auto LE = E.getAs<CFGLifetimeEnds>()) {
#if LLVM_VERSION_MAJOR < 17
    // Before LLVM 17 the CFG built with lifetime ends has no element for the
    // destructor of a local object: its lifetime end is where it runs.
    if (const VarDecl *VD = LE->getVarDecl())
      if (const auto *RD = VD->getType()->getAsCXXRecordDecl())
        if (RD->hasDefinition() && !RD->hasTrivialDestructor())
          FC.calls().destructor(VD, LE->getTriggerStmt(), S, Extra);
#endif
    lifetimeEnd(LE->getVarDecl(), LE->getTriggerStmt(), S);
    return;
  }
  // A local object's destructor, with the state the object has here.
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    FC.calls().destructor(D->getVarDecl(), D->getTriggerStmt(), S, Extra);
    return;
  }
  if (auto CS = E.getAs<CFGStmt>())
    statement(CS->getStmt(), S, Extra);
}

void Transfer::statement(const Stmt *St, PathState &S,
                         std::vector<PathState> &Extra) {
  if (St == S.CondOp)
    S.CondOpSeen = true;
  StmtTransfer(FC, S, Extra, *this, &Transfer::declaration,
               &Transfer::returnStmt)
      .Visit(St);
}

namespace {
/// The parameter a constructor stores unchanged in a pointer field of the
/// object (`pBuffers = b`, `this->pBuffers = b`, `: pBuffers(b)`, or a base
/// initialised with `SecBufferDesc{SECBUFFER_VERSION, 1, b}`), per field:
/// what small wrapper classes of SecBuffer/SecBufferDesc do.
void storedParameters(
    const CXXConstructorDecl *Ctor,
    llvm::SmallVectorImpl<std::pair<const FieldDecl *, unsigned>> &Out) {
  auto ParamIndex = [&](const Expr *E) -> std::optional<unsigned> {
    const auto *DRE = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())
                        : nullptr;
    const auto *PV = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!PV || PV->getType()->isReferenceType())
      return std::nullopt;
    for (unsigned I = 0; I < Ctor->getNumParams(); ++I)
      if (Ctor->getParamDecl(I) == PV)
        return I;
    return std::nullopt;
  };
  auto Add = [&](const FieldDecl *F, const Expr *E) {
    if (F && F->getType()->isPointerType())
      if (auto I = ParamIndex(E))
        Out.push_back({F, *I});
  };
  for (const CXXCtorInitializer *CI : Ctor->inits()) {
    if (!CI->isWritten())
      continue;
    if (CI->isMemberInitializer()) {
      const Expr *E = CI->getInit();
      if (const auto *PLE = dyn_cast<ParenListExpr>(E))
        E = PLE->getNumExprs() == 1 ? PLE->getExpr(0) : nullptr;
      Add(CI->getMember(), E);
    } else if (CI->isBaseInitializer()) {
      const auto *IL = dyn_cast<InitListExpr>(CI->getInit()->IgnoreImplicit());
      const RecordDecl *RD = CI->getBaseClass()->getAsRecordDecl();
      if (IL && RD) {
        unsigned I = 0;
        for (const FieldDecl *F : RD->fields())
          if (I < IL->getNumInits())
            Add(F, IL->getInit(I++));
      }
    }
  }
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Ctor->getBody());
  if (!Body)
    return;
  for (const Stmt *St : Body->body()) {
    const auto *BO = dyn_cast<BinaryOperator>(St);
    if (!BO || BO->getOpcode() != BO_Assign)
      continue;
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      continue;
    Add(dyn_cast<FieldDecl>(ME->getMemberDecl()), BO->getRHS());
  }
}
} // namespace

void Transfer::declaration(const DeclStmt *DS, PathState &S) {
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD)
      continue;
    // A fresh instance of the variable (loop bodies): forget the old one.
    AccessPath Root = AccessPath::var(VD);
    S.forgetVariable(VD, /*KeepImpersonations=*/false);
    const Expr *Init = VD->getInit();
    if (!Init)
      continue;
    if (VD->getType()->isReferenceType()) {
      if (auto P = FC.eval().lvalue(Init, S))
        S.Aliases[Root] = *P;
      continue;
    }
    // `SecBufferDesc d = {SECBUFFER_VERSION, 1, &buf}`: remember where the
    // pointer fields point.
    if (const auto *IL = dyn_cast<InitListExpr>(Init->IgnoreImplicit()))
      if (const auto *RD = VD->getType()->getAsRecordDecl()) {
        unsigned I = 0;
        for (const FieldDecl *F : RD->fields()) {
          if (I >= IL->getNumInits())
            break;
          const Expr *FI = IL->getInit(I++);
          if (F->getType()->isPointerType())
            if (auto P = FC.eval().pointee(FI, S))
              S.Aliases[Root.field(F)] = *P;
        }
      }
    // `BufferDesc od(&out, 1)` of a small wrapper class defined in the TU:
    // the fields its constructor sets from its parameters.
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
      if (const CXXConstructorDecl *Ctor = CE->getConstructor())
        if (const auto *Def = dyn_cast_or_null<CXXConstructorDecl>(
                Ctor->getDefinition());
            Def && !Def->isImplicit()) {
          llvm::SmallVector<std::pair<const FieldDecl *, unsigned>, 2> Stored;
          storedParameters(Def, Stored);
          for (auto [F, I] : Stored)
            if (I < CE->getNumArgs())
              if (auto P = FC.eval().pointee(CE->getArg(I), S))
                S.Aliases[Root.field(F)] = *P;
        }
    DeclRefExpr Ref(FC.context(), const_cast<VarDecl *>(VD), false,
                    VD->getType().getNonReferenceType(), VK_LValue,
                    VD->getLocation());
    assign(&Ref, Init, DS, S);
  }
}

void Transfer::returnStmt(const ReturnStmt *R, PathState &S,
                          std::vector<PathState> &Extra) {
  // `return st == SEC_E_OK;`: the caller sees 1 or 0 depending on the
  // status, so follow both outcomes (that is what a summary needs).
  if (const Expr *V = R->getRetValue()) {
    const Expr *X = stripCasts(V);
    const auto *BO = dyn_cast<BinaryOperator>(X);
    const auto *UO = dyn_cast<UnaryOperator>(X);
    if ((BO && BO->isComparisonOp()) || (UO && UO->getOpcode() == UO_LNot)) {
      bool D1 = false, D2 = false;
      auto T = FC.assume().assume(X, true, S, D1);
      auto F = FC.assume().assume(X, false, S, D2);
      if (D1 && D2 && T && F) {
        T->ExitStmt = F->ExitStmt = R;
        T->ExitBlock = F->ExitBlock = FC.currentBlock();
        T->ReturnedMask = SC_OtherPositive; // 1
        F->ReturnedMask = SC_Ok;            // 0
        S = std::move(*T);
        Extra.push_back(std::move(*F));
        return;
      }
    }
  }
  S.ExitStmt = R;
  S.ExitBlock = FC.currentBlock();
  const Expr *V = R->getRetValue();
  if (!V)
    return;
  handOver(V, S);
  if (auto Sy = FC.eval().statusRef(V, S)) {
    S.ReturnedSym = *Sy;
    return;
  }
  if (auto C = FC.eval().evalInt(V, S)) {
    S.ReturnedMask = classifyStatus(*C);
    return;
  }
  // Returning a handle (by value, by pointer, or inside a struct) or a
  // buffer hands it to the caller.
  FC.ops().escapeArgument(V, S);
  FC.ops().escapeBuffer(V, S);
  if (const auto *CE = dyn_cast<CXXConstructExpr>(stripCasts(V)))
    for (const Expr *Arg : CE->arguments())
      FC.ops().escapeArgument(Arg, S);
}

void Transfer::handOver(const Expr *V, const PathState &S) {
  if (FC.hooks().empty() || !V->getType()->isPointerType())
    return;
  const RecordDecl *RD = V->getType()->getPointeeType()->getAsRecordDecl();
  if (!RD)
    return;
  // The object a local pointer of this function reaches (`[s, *]`).
  auto P = FC.eval().pointee(V, S);
  const auto *VD = P ? dyn_cast_or_null<VarDecl>(P->rootDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      P->size() != 2 || P->word(1) != AccessPath::DerefTag)
    return;
  for (AnalysisClient *Cl : FC.hooks())
    Cl->onHandOver(FC, S, *P, RD);
}

void Transfer::lifetimeEnd(const VarDecl *VD, const Stmt *Trigger,
                           PathState &S) {
  AccessPath Root = AccessPath::var(VD);
  SourceLocation Where;
  if (S.ExitStmt)
    Where = S.ExitStmt->getBeginLoc();
  else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Trigger))
    Where = CS->getRBracLoc();
  else if (Trigger)
    Where = Trigger->getBeginLoc();
  // An impersonation outlives the variable that named its context.
  if (Where.isValid())
    for (const auto &KV : S.Handles)
      if (KV.first.startsWith(Root) && !KV.first.isImpersonation())
        FC.reporter().reportLost(S, KV.first, KV.second, Where, false);
  S.forgetVariable(VD, /*KeepImpersonations=*/true);
}

// ---------------------------------------------------------------------------
// Assignments.

void Transfer::assign(const Expr *LHS, const Expr *RHS, const Stmt *Site,
                      PathState &S) {
  const Expr *L = LHS->IgnoreParenImpCasts();
  const Expr *R = RHS ? stripCasts(RHS) : nullptr;
  assignStatusAndFlags(L, RHS, S);
  if (L->getType()->isPointerType() && assignPointer(L, RHS, R, Site, S))
    return;
  // Writes to the bits of a handle: SecInvalidateHandle, `h.dwLower = 0`.
  if (auto K = FC.eval().handleBitsRef(L, S)) {
    assignHandleBits(*K, L, RHS, Site, S);
    return;
  }
  if (R && !L->getType()->isPointerType() && assignObject(L, R, Site, S))
    return;
  // Storing a pointer to a handle anywhere but a local alias publishes it.
  if (RHS && (L->getType()->isPointerType() || L->getType()->isReferenceType())) {
    // `*out = s`, `g_sess = s`: the caller (or everyone) gets the object.
    if (auto LP = FC.eval().lvalue(L, S))
      if (LP->isGlobal() || (!LP->isLocallyOwned() && LP->hasDeref() &&
                             isa_and_nonnull<ParmVarDecl>(LP->rootDecl())))
        handOver(RHS, S);
    FC.ops().escapeArgument(RHS, S);
  }
}

void Transfer::assignStatusAndFlags(const Expr *L, const Expr *RHS,
                                    PathState &S) {
  const Eval &E = FC.eval();
  // A status kept in a field.
  if (isa<MemberExpr>(L) && L->getType()->isIntegralOrEnumerationType())
    if (auto P = E.lvalue(L, S)) {
      S.StatusFields.erase(*P);
      if (auto Sy = E.statusRef(RHS, S))
        S.StatusFields[*P] = *Sy;
    }
  // Flags: integers in local variables or fields of local structs, and
  // fields this function sets through a pointer (`conn->isc_flags = ...`:
  // forgotten at the next call that could change them); the bits of a
  // handle are tracked with the handle instead.
  if (L->getType()->isIntegralOrEnumerationType() && !E.handleBitsRef(L, S)) {
    std::optional<int64_t> V = E.evalInt(RHS, S);
    FC.ops().forgetScalar(L, S);
    if (auto P = E.lvalue(L, S))
      if (V &&
          (P->isLocallyOwned() ||
           (isa<MemberExpr>(L) && P->hasDeref() && !P->isGlobal())) &&
          FC.relevance().matters(*P))
        S.setConstant(*P, *V);
  }
  // Status variables; a global one is kept like a field.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && !VD->getType()->isReferenceType()) {
      if (VD->hasLocalStorage()) {
        S.StatusVars.erase(VD);
        if (auto Sy = E.statusRef(RHS, S)) {
          S.StatusVars[VD] = *Sy;
          S.Scalars.forgetPrefix(AccessPath::var(VD));
        }
      } else if (VD->getType()->isIntegralOrEnumerationType()) {
        S.StatusFields.erase(AccessPath::var(VD));
        if (auto Sy = E.statusRef(RHS, S))
          S.StatusFields[AccessPath::var(VD)] = *Sy;
      }
    }
}

bool Transfer::assignPointer(const Expr *L, const Expr *RHS, const Expr *R,
                             const Stmt *Site, PathState &S) {
  const Eval &E = FC.eval();
  if (auto LP = E.lvalue(L, S)) {
    // `c = c->next`: what was reached through the old pointer is another
    // object now (only Live/Pending ones are kept: they still need a
    // release, which the new pointer cannot give).
    AccessPath Through = LP->deref();
    S.Handles.eraseIf([&](const auto &KV) {
      return KV.first.startsWith(Through) && !KV.second.isLiveOrPending();
    });
    // `out.pvBuffer = NULL` while it still holds package memory.
    auto Old = S.Handles.find(*LP);
    bool PointerHandle =
        Old != S.Handles.end() && kindTraits(Old->second.Kind).PointerValued;
    if (PointerHandle && Old->second.State == HState::Released && RHS &&
        isNullPointerConstant(RHS)) {
      S.Handles[*LP].Bits = HandleBits::Zero; // freed, then set to NULL
    } else if (PointerHandle) {
      if (Old->second.State == HState::Live)
        FC.reporter().reportLost(S, *LP, Old->second, Site->getBeginLoc(),
                                 true);
      if (Old->second.isLiveOrPending())
        S.Handles.erase(*LP);
    }
    if (!LP->isLocallyOwned() && RHS)
      FC.ops().escapeBuffer(RHS, S);
    S.Scalars.forgetPrefix(*LP);
    if (RHS && isNullPointerConstant(RHS) && LP->isLocallyOwned() &&
        FC.relevance().matters(*LP))
      S.setConstant(*LP, 0);
  }
  auto LP = E.lvalue(L, S);
  if (!LP || !LP->isLocallyOwned())
    return false;
  bool WasAlias = S.Aliases.erase(*LP) != 0;
  std::optional<AccessPath> P = RHS ? E.pointee(RHS, S) : std::nullopt;
  if (P && !isa<CXXThisExpr>(R))
    S.Aliases[*LP] = *P;
  return WasAlias || P;
}

void Transfer::assignHandleBits(const AccessPath &K, const Expr *L,
                                const Expr *RHS, const Stmt *Site,
                                PathState &S) {
  std::optional<int64_t> V = RHS ? FC.eval().intConstant(RHS) : std::nullopt;
  HandleBits Bits = HandleBits::Unknown;
  if (V && *V == 0)
    Bits = HandleBits::Zero;
  else if (V && (*V == -1 || static_cast<uint64_t>(*V) == ~0ULL))
    Bits = HandleBits::Invalid;
  auto It = S.Handles.find(K);
  if (It == S.Handles.end()) {
    if (Bits != HandleBits::Unknown) {
      HandleInfo H;
      H.State = HState::Absent;
      H.Bits = Bits;
      H.Name = K.str();
      S.Handles[K] = std::move(H);
    }
    return;
  }
  HandleInfo &H = S.Handles.mutate().find(K)->second;
  if (H.State == HState::Live && Bits != HandleBits::Unknown) {
    SourceLocation SL = Site->getBeginLoc();
    // The macro stores dwLower, then dwUpper: reaching the second store
    // with the handle still live means the first was skipped.
    const auto *ME = dyn_cast<MemberExpr>(stripCasts(L));
    bool SecondStore =
        ME && isSecondHandleBitsField(dyn_cast<FieldDecl>(ME->getMemberDecl()));
    if (SecondStore && SL.isMacroID() &&
        FC.quote().macroAt(SL) == InvalidateHandleMacro) {
      PathNote N;
      N.Loc = FC.quote().loc(SL);
      N.Kind = NoteKind::InvalidateTwoStatements;
      S.addNote(std::move(N));
    }
    FC.reporter().reportLost(S, K, H, SL, true);
    H.State = HState::Absent;
    H.Origin = nullptr;
  } else if (H.State == HState::Pending) {
    H.State = HState::Absent;
    H.Origin = nullptr;
  }
  H.Bits = Bits;
}

bool Transfer::assignObject(const Expr *L, const Expr *R, const Stmt *Site,
                            PathState &S) {
  // Whole-handle (or whole-struct) copies: the destination takes over.
  const Eval &E = FC.eval();
  auto LP = E.lvalue(L, S);
  auto RP = E.lvalue(R, S);
  if (LP && isSecHandleType(L->getType()) && (!RP || *RP != *LP)) {
    auto Old = S.Handles.find(*LP);
    if (Old != S.Handles.end() && Old->second.State == HState::Live) {
      FC.reporter().reportLost(S, *LP, Old->second, Site->getBeginLoc(), true);
      HandleInfo &H = S.Handles[*LP];
      H.State = HState::Absent;
      H.Origin = nullptr;
    }
  }
  if (RP) {
    // Move every tracked handle under RP to the same place under LP.
    std::vector<std::pair<AccessPath, HandleInfo>> Moved;
    for (const auto &KV : S.Handles)
      if (KV.first.startsWith(*RP) && KV.second.isLiveOrPending())
        Moved.push_back(KV);
    for (auto &KV : Moved) {
      if (LP && LP->isLocallyOwned()) {
        AccessPath Dest = LP->append(KV.first, RP->size());
        auto Old = S.Handles.find(Dest);
        if (Old != S.Handles.end() && Old->second.State == HState::Live)
          FC.reporter().reportLost(S, Dest, Old->second, Site->getBeginLoc(),
                                   true);
        HandleInfo H = KV.second;
        H.Name = Dest.str();
        S.Handles[Dest] = H;
        S.Handles.erase(KV.first);
      } else {
        S.Handles[KV.first].State = HState::Escaped;
      }
    }
    if (!Moved.empty())
      return true;
  }
  if (isa<InitListExpr>(R) && LP) {
    // `CtxtHandle h = {0}`: the bits are known, no handle is held.
    for (const auto &KV : S.Handles)
      if (KV.first.startsWith(*LP) && KV.second.State == HState::Live)
        FC.reporter().reportLost(S, KV.first, KV.second, Site->getBeginLoc(),
                                 true);
    return true;
  }
  return false;
}

} // namespace analysis
} // namespace sspi
