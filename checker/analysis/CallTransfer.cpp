//===- CallTransfer.cpp - The effect of a call on a path ------------------===//
#include "CallTransfer.h"
#include "../model/WinApi.h"
#include "FunctionContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

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
        FC.summaries().call(C, Def, Sum, S, Extra);
        return;
      }
    }
  }
  unknownCall(C, S,
              Callee->getIdentifier() &&
                  isPureLibraryFunction(Callee->getName()));
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

void CallTransfer::unknownCall(const CallExpr *C, PathState &S, bool Pure) {
  const FunctionProtoType *Proto = nullptr;
  if (QualType CT = C->getCallee()->getType(); !CT.isNull()) {
    if (const auto *PT = CT->getAs<PointerType>())
      CT = PT->getPointeeType();
    Proto = CT->getAs<FunctionProtoType>();
  }
  for (unsigned I = 0; I < C->getNumArgs(); ++I) {
    const Expr *Arg = C->getArg(I);
    FC.ops().escapeArgument(Arg, S);
    // A package buffer handed over as a plain pointer may be freed (or kept)
    // by the callee; `const void *` (send, memcpy, logging) only reads it.
    bool ReadOnly = Pure;
    if (Proto && I < Proto->getNumParams()) {
      QualType PT = Proto->getParamType(I);
      if (PT->isPointerType() && PT->getPointeeType().isConstQualified())
        ReadOnly = true;
    }
    if (!ReadOnly)
      FC.ops().escapeBuffer(Arg, S);
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
