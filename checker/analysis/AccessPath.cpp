//===- AccessPath.cpp - Building access paths from expressions ------------===//
#include "AccessPath.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace sspi {
namespace analysis {

AccessPath AccessPath::var(const ValueDecl *D) {
  AccessPath P;
  P.Words.push_back(reinterpret_cast<uintptr_t>(D));
  return P;
}

AccessPath AccessPath::thisObject() {
  AccessPath P;
  P.Words.push_back(ThisRoot);
  P.Words.push_back(DerefTag);
  return P;
}

AccessPath AccessPath::field(const FieldDecl *F) const {
  AccessPath P = *this;
  P.Words.push_back(reinterpret_cast<uintptr_t>(F));
  return P;
}

AccessPath AccessPath::deref() const {
  AccessPath P = *this;
  P.Words.push_back(DerefTag);
  return P;
}

AccessPath AccessPath::index() const {
  AccessPath P = *this;
  // Arrays are collapsed: a[i][j] and a[*] are one handle.
  if (P.Words.empty() || P.Words.back() != IndexTag)
    P.Words.push_back(IndexTag);
  return P;
}

AccessPath AccessPath::impersonation() const {
  AccessPath P = *this;
  P.Words.push_back(ImpersonationTag);
  return P;
}

AccessPath AccessPath::parent() const {
  AccessPath P = *this;
  if (P.Words.size() > 1)
    P.Words.pop_back();
  return P;
}

AccessPath AccessPath::append(const AccessPath &Suffix, size_t From) const {
  AccessPath P = *this;
  for (size_t I = From; I < Suffix.Words.size(); ++I)
    P.Words.push_back(Suffix.Words[I]);
  return P;
}

const ValueDecl *AccessPath::rootDecl() const {
  if (Words.empty() || Words[0] == ThisRoot)
    return nullptr;
  // Words hold tagged declaration pointers (see AccessPath.h).
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  return reinterpret_cast<const ValueDecl *>(Words[0]);
}

const FieldDecl *AccessPath::fieldAt(size_t I) const {
  if (I == 0 || I >= Words.size() || Words[I] <= ImpersonationTag)
    return nullptr;
  // NOLINTNEXTLINE(performance-no-int-to-ptr): a tagged FieldDecl word
  return reinterpret_cast<const FieldDecl *>(Words[I]);
}

bool AccessPath::hasDeref() const {
  for (size_t I = 1; I < Words.size(); ++I)
    if (Words[I] == DerefTag)
      return true;
  return false;
}

bool AccessPath::hasIndex() const {
  for (size_t I = 1; I < Words.size(); ++I)
    if (Words[I] == IndexTag)
      return true;
  return false;
}

bool AccessPath::startsWith(const AccessPath &Prefix) const {
  if (Prefix.Words.size() > Words.size())
    return false;
  for (size_t I = 0; I < Prefix.Words.size(); ++I)
    if (Words[I] != Prefix.Words[I])
      return false;
  return true;
}

bool AccessPath::isLocallyOwned() const {
  const auto *VD = llvm::dyn_cast_or_null<VarDecl>(rootDecl());
  if (!VD || llvm::isa<ParmVarDecl>(VD) || !VD->hasLocalStorage() ||
      VD->getType()->isReferenceType())
    return false;
  return !hasDeref();
}

bool AccessPath::isGlobal() const {
  const auto *VD = llvm::dyn_cast_or_null<VarDecl>(rootDecl());
  return VD && VD->hasGlobalStorage();
}

std::string AccessPath::str() const {
  std::string S;
  bool PendingDeref = false;
  if (rootIsThis()) {
    S = "this";
  } else if (const ValueDecl *D = rootDecl()) {
    S = D->getName().str();
  }
  bool SkipThis = rootIsThis();
  for (size_t I = 1; I < Words.size(); ++I) {
    uintptr_t W = Words[I];
    if (W == DerefTag) {
      if (PendingDeref)
        S.insert(0, "*");
      PendingDeref = true;
      continue;
    }
    if (W == ImpersonationTag)
      continue;
    if (W == IndexTag) {
      if (PendingDeref)
        PendingDeref = false; // p[i] already dereferences p
      S += "[]";
      continue;
    }
    // NOLINTNEXTLINE(performance-no-int-to-ptr): a tagged FieldDecl word
    const auto *F = reinterpret_cast<const FieldDecl *>(W);
    if (PendingDeref && SkipThis) {
      S = F->getName().str();
    } else {
      S += PendingDeref ? "->" : ".";
      S += F->getName().str();
    }
    SkipThis = false;
    PendingDeref = false;
  }
  if (PendingDeref)
    S = "*" + S;
  return S;
}

const Expr *stripCasts(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParens();
    if (const auto *CE = llvm::dyn_cast<CastExpr>(Next)) {
      // Keep array decay: it changes what the expression designates.
      if (CE->getCastKind() == CK_ArrayToPointerDecay)
        return Next;
      Next = CE->getSubExpr();
    } else if (const auto *EWC = llvm::dyn_cast<ExprWithCleanups>(Next)) {
      Next = EWC->getSubExpr();
    } else if (const auto *MTE =
                   llvm::dyn_cast<MaterializeTemporaryExpr>(Next)) {
      Next = MTE->getSubExpr();
    }
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isNullPointerConstant(const Expr *E) {
  if (!E)
    return false;
  const Expr *S = stripCasts(E);
  if (llvm::isa<CXXNullPtrLiteralExpr>(S) || llvm::isa<GNUNullExpr>(S))
    return true;
  if (const auto *IL = llvm::dyn_cast<IntegerLiteral>(S))
    return IL->getValue() == 0;
  return false;
}

static std::optional<AccessPath> declPath(const ValueDecl *D) {
  if (!D)
    return std::nullopt;
  if (!llvm::isa<VarDecl>(D) && !llvm::isa<FieldDecl>(D))
    return std::nullopt;
  AccessPath P = AccessPath::var(D);
  // A reference designates what it is bound to; for a parameter that is the
  // caller's object, like a pointer parameter.
  if (D->getType()->isReferenceType())
    return P.deref();
  return P;
}

std::optional<AccessPath> lvaluePath(const Expr *E, const AliasLookup &Al) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParens();
  if (const auto *CE = llvm::dyn_cast<CastExpr>(E)) {
    if (CE->getCastKind() == CK_NoOp ||
        CE->getCastKind() == CK_LValueToRValue ||
        CE->getCastKind() == CK_BitCast ||
        CE->getCastKind() == CK_LValueBitCast ||
        // `out.pvBuffer` of `struct Buffer : SecBuffer`: the base's fields
        // are the object's.
        CE->getCastKind() == CK_UncheckedDerivedToBase ||
        CE->getCastKind() == CK_DerivedToBase)
      return lvaluePath(CE->getSubExpr(), Al);
    return std::nullopt;
  }
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    if (VD->getType()->isReferenceType() && Al)
      if (auto Target = Al(AccessPath::var(VD)))
        return Target;
    return declPath(VD);
  }
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E)) {
    const auto *FD = llvm::dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return std::nullopt;
    std::optional<AccessPath> Base = ME->isArrow()
                                         ? pointeePath(ME->getBase(), Al)
                                         : lvaluePath(ME->getBase(), Al);
    if (!Base)
      return std::nullopt;
    return Base->field(FD);
  }
  if (const auto *ASE = llvm::dyn_cast<ArraySubscriptExpr>(E)) {
    auto Base = pointeePath(ASE->getBase(), Al);
    if (!Base)
      return std::nullopt;
    return Base->index();
  }
  if (const auto *UO = llvm::dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointeePath(UO->getSubExpr(), Al);
    return std::nullopt;
  }
  if (const auto *MTE = llvm::dyn_cast<MaterializeTemporaryExpr>(E))
    return lvaluePath(MTE->getSubExpr(), Al);
  return std::nullopt;
}

std::optional<AccessPath> pointeePath(const Expr *E, const AliasLookup &Al) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParens();
  if (const auto *CE = llvm::dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_ArrayToPointerDecay: {
      auto Arr = lvaluePath(CE->getSubExpr(), Al);
      if (!Arr)
        return std::nullopt;
      return Arr->index();
    }
    case CK_LValueToRValue:
      break; // reading a pointer variable: handled below
    case CK_NoOp:
    case CK_BitCast:
    case CK_UncheckedDerivedToBase:
    case CK_DerivedToBase:
      return pointeePath(CE->getSubExpr(), Al);
    default:
      return std::nullopt;
    }
    // Reading a pointer-valued lvalue: where it points if known.
    const Expr *Sub = CE->getSubExpr()->IgnoreParens();
    auto Ptr = lvaluePath(Sub, Al);
    if (!Ptr)
      return std::nullopt;
    if (Al)
      if (auto Target = Al(*Ptr))
        return Target;
    return Ptr->deref();
  }
  if (const auto *UO = llvm::dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf)
      return lvaluePath(UO->getSubExpr(), Al);
    return std::nullopt;
  }
  if (llvm::isa<CXXThisExpr>(E))
    return AccessPath::thisObject();
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
    // A pointer glvalue that was not loaded (C++ reference to pointer etc.).
    if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType()->isPointerType()) {
        if (Al)
          if (auto Target = Al(AccessPath::var(VD)))
            return Target;
        return AccessPath::var(VD).deref();
      }
  }
  return std::nullopt;
}

} // namespace analysis
} // namespace sspi
