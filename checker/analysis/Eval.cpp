//===- Eval.cpp - What an expression denotes on a path --------------------===//
#include "Eval.h"
#include "../model/WinApi.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace sspi {
namespace analysis {

bool passedByValue(const Expr *Arg) {
  return Arg && model::isSecHandleType(Arg->IgnoreParenImpCasts()->getType());
}

namespace {
AliasLookup aliasesOf(const PathState &S) {
  return [&S](const AccessPath &P) -> std::optional<AccessPath> {
    auto It = S.Aliases.find(P);
    if (It == S.Aliases.end())
      return std::nullopt;
    return It->second;
  };
}
} // namespace

std::optional<AccessPath> Eval::pointee(const Expr *E,
                                        const PathState &S) const {
  return pointeePath(E, aliasesOf(S));
}

std::optional<AccessPath> Eval::lvalue(const Expr *E,
                                       const PathState &S) const {
  return lvaluePath(E, aliasesOf(S));
}

std::optional<AccessPath> Eval::handleArgument(const Expr *Arg,
                                               const PathState &S) const {
  if (!Arg)
    return std::nullopt;
  // A project's own wrapper may take the SecHandle by value.
  return passedByValue(Arg) ? lvalue(Arg, S) : pointee(Arg, S);
}

std::optional<int64_t> Eval::intConstant(const Expr *E) const {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx) || R.Val.getInt().getBitWidth() > 64)
    return std::nullopt;
  // An unsigned 64-bit value keeps its bits ((ULONG_PTR)-1 is -1).
  const llvm::APSInt &V = R.Val.getInt();
  return V.isRepresentableByInt64() ? V.getExtValue()
                                    : static_cast<int64_t>(V.getZExtValue());
}

std::optional<int64_t> Eval::constValue(const Expr *E,
                                        const PathState &S) const {
  if (S.Scalars.empty())
    return std::nullopt;
  const Expr *X = stripCasts(E);
  const auto *UO = dyn_cast<UnaryOperator>(X);
  if (!isa<DeclRefExpr>(X) && !isa<MemberExpr>(X) &&
      !(UO && UO->getOpcode() == UO_Deref)) // `*pctx`
    return std::nullopt;
  auto P = lvalue(X, S);
  if (!P)
    return std::nullopt;
  return S.constant(*P);
}

std::optional<int64_t> Eval::evalInt(const Expr *E, const PathState &S) const {
  if (!E)
    return std::nullopt;
  if (auto V = intConstant(E))
    return V;
  if (auto V = constValue(E, S))
    return V;
  const Expr *X = stripCasts(E);
  if (const auto *CO = dyn_cast<ConditionalOperator>(X))
    if (CO == S.CondOp)
      return intConstant(S.CondArm ? CO->getTrueExpr() : CO->getFalseExpr());
  return constantField(X);
}

std::optional<int64_t> Eval::constantField(const Expr *X) const {
  // `kConfig.isc_flags` of `static const struct config kConfig = {...}`.
  const auto *ME = dyn_cast<MemberExpr>(X);
  const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  const auto *DRE =
      ME && !ME->isArrow() ? dyn_cast<DeclRefExpr>(stripCasts(ME->getBase()))
                           : nullptr;
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!F || !VD || !VD->getType().isConstQualified() || VD->hasLocalStorage())
    return std::nullopt;
  const auto *IL = dyn_cast_or_null<InitListExpr>(
      VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr);
  if (!IL || F->getParent() != VD->getType()->getAsRecordDecl() ||
      F->getFieldIndex() >= IL->getNumInits())
    return std::nullopt;
  return intConstant(IL->getInit(F->getFieldIndex()));
}

std::optional<Sym> Eval::statusRef(const Expr *E, const PathState &S) const {
  if (!E)
    return std::nullopt;
  E = stripCasts(E);
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    if (S.Syms.count(C))
      return C;
    return std::nullopt;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = S.StatusVars.find(VD);
      if (It != S.StatusVars.end())
        return It->second;
      // `g_status = QueryContextAttributes(...)`: a global status.
      if (!VD->hasLocalStorage() && !S.StatusFields.empty()) {
        auto F = S.StatusFields.find(AccessPath::var(VD));
        if (F != S.StatusFields.end())
          return F->second;
      }
    }
    return std::nullopt;
  }
  if (isa<MemberExpr>(E) && !S.StatusFields.empty())
    if (auto P = lvalue(E, S)) {
      auto It = S.StatusFields.find(*P);
      if (It != S.StatusFields.end())
        return It->second;
    }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_Comma)
      return statusRef(BO->getRHS(), S);
  return std::nullopt;
}

std::optional<AccessPath> Eval::handleBitsRef(const Expr *E,
                                              const PathState &S) const {
  E = stripCasts(E);
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME)
    return std::nullopt;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!model::isHandleBitsField(F))
    return std::nullopt;
  if (!model::isSecHandleType(Ctx.getRecordType(F->getParent())))
    return std::nullopt;
  return ME->isArrow() ? pointee(ME->getBase(), S) : lvalue(ME->getBase(), S);
}

std::optional<bool> Eval::knownNonNull(const Expr *E,
                                       const PathState &S) const {
  const Expr *X = E->IgnoreParenImpCasts();
  if (!X->getType()->isPointerType())
    return std::nullopt;
  if (auto V = constValue(X, S))
    return *V != 0;
  if (const auto *UO = dyn_cast<UnaryOperator>(X))
    if (UO->getOpcode() == UO_AddrOf)
      return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    if (S.Aliases.count(AccessPath::var(VD)))
      return true;
    // A handle parameter is the caller's `&handle`: summaries describe the
    // calls that pass a handle, which is what a caller tracks.
    if (isa<ParmVarDecl>(VD))
      return true;
  }
  return std::nullopt;
}

std::optional<AccessPath> Eval::bufferOf(const Expr *E,
                                         const PathState &S) const {
  auto P = pointee(E, S);
  if (!P || P->size() < 2 || P->word(P->size() - 1) != AccessPath::DerefTag)
    return std::nullopt;
  return P->parent();
}

} // namespace analysis
} // namespace sspi
