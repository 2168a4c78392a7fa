//===- CallTransfer.cpp - The effect of a call on a path ------------------===//
#include "CallTransfer.h"
#include "../model/WinApi.h"
#include "FunctionContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <algorithm>

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

namespace {
/// What a callee can change: what pointers reach and globals, never the
/// caller's own variables and parameters (`verbose`, `s.have_ctx`).
bool reachableByCallee(const AccessPath &P) {
  return P.hasDeref() || P.isGlobal();
}
} // namespace

void CallTransfer::call(const CallExpr *C, PathState &S,
                        std::vector<PathState> &Extra) {
  if (auto A = FC.classify(C)) {
    FC.api().call(*A, S);
    return;
  }
  for (AnalysisClient *Cl : FC.hooks())
    Cl->onCall(FC, C, S);
  if (endsImpersonations(C, S))
    return;
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee) {
    unknownCall(C, S, false);
    return;
  }
  if (Callee->getIdentifier() && zeroing(C, Callee->getName(), S))
    return;
  if (const FunctionDecl *Def = Callee->getDefinition()) {
    if (FC.host().touchesSspi(Def)) {
      const FunctionSummary &Sum = FC.host().summaryFor(Def);
      if (!Sum.Opaque) {
        const FunctionSummary &At = summaryAt(C, Def, Sum, S);
        // Summaries say nothing of flags: those set through a pointer may
        // have changed.
        S.Scalars.forgetDead(reachableByCallee);
        FC.summaries().call(C, Def, At, S, Extra);
        return;
      }
    }
  }
  // A function of this TU that does not touch SSPI: what it cannot reach
  // of its pointer arguments stays as it is (AnalysisHost::keepsHandles).
  const FunctionDecl *Def = Callee->getDefinition();
  unknownCall(C, S,
              Callee->getIdentifier() &&
                  isPureLibraryFunction(Callee->getName()),
              Def && Def->getBody() && !FC.host().touchesSspi(Def) ? Def
                                                                  : nullptr);
}

namespace {
/// Some handle's fate differs between the callee's exits in a way its
/// return value does not explain to the caller (released on some paths,
/// created on some): then what the call fixes may decide it.
bool dependsOnPath(const FunctionSummary &Sum) {
  for (const auto &KV : Sum.Effects) {
    StatusMask Rel = 0, Other = 0;
    for (const ExitOutcome &X : KV.second.Outcomes)
      (X.What == Outcome::Released || X.What == Outcome::ReleasedReset
           ? Rel
           : Other) |= X.ReturnMask;
    if (Rel && Other)
      return true;
  }
  return false;
}
} // namespace

void CallTransfer::objectFacts(const AccessPath &Object, const PathState &S,
                               EntryFacts &F) const {
  auto InCallee = [&](const AccessPath &K) {
    return AccessPath::thisObject().append(K, Object.size());
  };
  for (const auto &KV : S.Handles)
    if (KV.first.startsWith(Object) && KV.first != Object &&
        KV.second.State == HState::Live && !KV.first.isImpersonation())
      F.Handles.push_back({InCallee(KV.first), KV.second.Kind});
  for (const auto &KV : S.Scalars)
    if (KV.first.startsWith(Object) && KV.first != Object)
      F.Scalars.push_back(
          {InCallee(KV.first), KV.second.Value, KV.second.NonZeroOnly});
}

const FunctionSummary &CallTransfer::summaryAt(const CallExpr *C,
                                               const FunctionDecl *Def,
                                               const FunctionSummary &Generic,
                                               const PathState &S) {
  if (!dependsOnPath(Generic))
    return Generic;
  EntryFacts F;
  // Integer parameters whose argument this path knows (`TRUE`, a flag).
  unsigned N = std::min<unsigned>(C->getNumArgs(), Def->getNumParams());
  const Eval &E = FC.eval();
  for (unsigned I = 0; I < N; ++I) {
    const ParmVarDecl *P = Def->getParamDecl(I);
    if (!P->getType()->isIntegralOrEnumerationType())
      continue;
    AccessPath PK = AccessPath::var(P);
    if (auto V = E.evalInt(C->getArg(I), S))
      F.Scalars.push_back({PK, *V, false});
    else if (auto L = E.lvalue(stripCasts(C->getArg(I)), S);
             L && S.knownNonZero(*L))
      F.Scalars.push_back({PK, 0, true});
  }
  // A member call: the object's live handles and flags.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
    if (const Expr *Obj = MC->getImplicitObjectArgument()) {
      auto Base = Obj->getType()->isPointerType() ? E.pointee(Obj, S)
                                                  : E.lvalue(Obj, S);
      if (Base)
        objectFacts(*Base, S, F);
    }
  if (F.empty())
    return Generic;
  const FunctionSummary &Spec = FC.host().summaryFor(Def, F);
  return Spec.Opaque ? Generic : Spec;
}

void CallTransfer::destructor(const VarDecl *VD, const Stmt *Trigger,
                              PathState &S, std::vector<PathState> &Extra) {
  if (!VD || VD->getType()->isReferenceType())
    return;
  const CXXRecordDecl *RD = VD->getType()->getAsCXXRecordDecl();
  const CXXDestructorDecl *D = RD ? RD->getDestructor() : nullptr;
  const FunctionDecl *Def = D ? D->getDefinition() : nullptr;
  if (!Def || !FC.host().touchesSspi(Def))
    return;
  AccessPath Object = AccessPath::var(VD);
  const FunctionSummary *Sum = &FC.host().summaryFor(Def);
  // Decided with the object's state here: its live handles are live when
  // the destructor tests them, its known flags hold.
  EntryFacts F;
  objectFacts(Object, S, F);
  if (!Sum->Opaque && !F.empty()) {
    const FunctionSummary &Spec = FC.host().summaryFor(Def, F);
    if (!Spec.Opaque)
      Sum = &Spec;
  }
  const Stmt *Site = S.ExitStmt ? S.ExitStmt : Trigger;
  if (Sum->Opaque || !Site) {
    // A destructor we cannot follow may release what the object holds.
    FC.ops().escapePrefix(S, Object, VD->getType());
    return;
  }
  FC.summaries().destructor(Object, Site, Def, *Sum, S, Extra);
}

bool CallTransfer::endsImpersonations(const CallExpr *C, PathState &S) {
  const FunctionDecl *Callee = C->getDirectCallee();
  ImpersonationEnd IE =
      Callee && Callee->getIdentifier()
          ? impersonationEnd(Callee->getName(), C->getNumArgs())
          : ImpersonationEnd::No;
  bool Ends = IE == ImpersonationEnd::Always ||
              (IE == ImpersonationEnd::IfArgumentsNull &&
               llvm::all_of(C->arguments(), [](const Expr *A) {
                 return isNullPointerConstant(A);
               }));
  if (!Ends)
    return false;
  // The thread's own token back: every impersonation on it ends.
  S.Handles.updateIf(
      [](const auto &KV) {
        return KV.second.Kind == HandleKind::Impersonation &&
               KV.second.isLiveOrPending();
      },
      [](auto &KV) { KV.second.State = HState::Released; });
  return true;
}

bool CallTransfer::zeroing(const CallExpr *C, llvm::StringRef N, PathState &S) {
  auto ZF = zeroFunction(N);
  if (!ZF || C->getNumArgs() < 1)
    return false;
  auto K = FC.eval().pointee(C->getArg(0), S);
  std::optional<int64_t> V =
      !ZF->ValueArg ? std::optional<int64_t>(0)
      : *ZF->ValueArg < C->getNumArgs()
          ? FC.eval().intConstant(C->getArg(*ZF->ValueArg))
          : std::nullopt;
  if (!K || !V || *V != 0)
    return false;
  for (auto &KV : S.Handles.mutate()) {
    if (!KV.first.startsWith(*K))
      continue;
    if (KV.second.State == HState::Live)
      FC.reporter().reportLost(S, KV.first, KV.second, C->getBeginLoc(), true);
    if (KV.second.isLiveOrPending()) {
      KV.second.State = HState::Absent;
      KV.second.Origin = nullptr;
    }
    KV.second.Bits = HandleBits::Zero;
  }
  if (!S.Handles.count(*K) &&
      isSecHandleType(
          C->getArg(0)->IgnoreParenImpCasts()->getType()->getPointeeType())) {
    HandleInfo H;
    H.State = HState::Absent;
    H.Bits = HandleBits::Zero;
    H.Name = K->str();
    S.Handles[*K] = std::move(H);
  }
  return true;
}

void CallTransfer::unknownCall(const CallExpr *C, PathState &S, bool Pure,
                               const FunctionDecl *Keeper) {
  const FunctionProtoType *Proto = nullptr;
  const FunctionDecl *Callee = C->getDirectCallee();
  if (Callee) // also a member function (its callee expression has no type)
    Proto = Callee->getType()->getAs<FunctionProtoType>();
  else if (QualType CT = C->getCallee()->getType(); !CT.isNull()) {
    if (const auto *PT = CT->getAs<PointerType>())
      CT = PT->getPointeeType();
    Proto = CT->getAs<FunctionProtoType>();
  }
  // `s += p` as a member operator: argument 0 is the object.
  unsigned Shift =
      isa<CXXOperatorCallExpr>(C) && isa_and_nonnull<CXXMethodDecl>(Callee)
          ? 1
          : 0;
  bool Copies = copiesArguments(Callee);
  for (unsigned I = 0; I < C->getNumArgs(); ++I) {
    const Expr *Arg = C->getArg(I);
    FC.ops().escapeArgument(Arg, S,
                            Keeper && I >= Shift &&
                                FC.host().keepsHandles(Keeper, I - Shift));
    // A package buffer handed over as a plain pointer may be freed (or kept)
    // by the callee; `const void *` (send, memcpy, logging) only reads it,
    // and so do the copying members of std::basic_string and std::vector.
    bool ReadOnly = Pure || Copies;
    if (Proto && I >= Shift && I - Shift < Proto->getNumParams()) {
      QualType PT = Proto->getParamType(I - Shift);
      if (PT->isPointerType() && PT->getPointeeType().isConstQualified())
        ReadOnly = true;
    }
    // `keep.push_back(p)` binds p to a `void *const &`: the pointer itself.
    const Expr *Passed = Arg->IgnoreParens();
    if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(Passed))
      Passed = MTE->getSubExpr();
    if (!ReadOnly)
      FC.ops().escapeBuffer(Passed, S);
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
    if (const Expr *Obj = MC->getImplicitObjectArgument()) {
      if (Obj->getType()->isPointerType())
        FC.ops().escapeArgument(Obj, S);
      else if (auto P = FC.eval().lvalue(Obj, S))
        FC.ops().escapePrefix(S, *P, Obj->getType());
    }
  if (Pure)
    return;
  // It may also change what pointers reach and what globals hold: the
  // flags set through a pointer and the statuses kept in globals.
  S.Scalars.forgetDead(reachableByCallee);
  S.StatusFields.forgetDead([](const AccessPath &P) { return P.isGlobal(); });
  // An unknown function may release or re-create what globals hold.
  S.Handles.updateIf(
      [](const auto &KV) {
        return KV.first.isGlobal() && KV.second.State != HState::Absent &&
               KV.second.State != HState::Escaped;
      },
      [](auto &KV) { KV.second.State = HState::Escaped; });
}

} // namespace analysis
} // namespace sspi
