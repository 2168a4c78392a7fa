//===- Owners.cpp - Handles held by objects that outlive a function -------===//
#include "Owners.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"

using namespace clang;

namespace sspi {
namespace analysis {

const RecordDecl *pointeeRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD)
    return nullptr;
  RD = RD->getDefinition() ? RD->getDefinition() : RD;
  return cast<RecordDecl>(RD->getCanonicalDecl());
}

bool OwnerKey::ownerIsRecord() const { return Owner && isa<RecordDecl>(Owner); }

const RecordDecl *OwnerKey::record() const {
  return dyn_cast_or_null<RecordDecl>(Owner);
}

std::string OwnerKey::ownerName() const {
  if (const auto *RD = record()) {
    std::string N = RD->getNameAsString();
    // `typedef struct { ... } ctx_t;`: the typedef's name.
    if (N.empty())
      if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
        return TD->getNameAsString();
    if (isa<CXXRecordDecl>(RD) && RD->getASTContext().getLangOpts().CPlusPlus)
      return N.empty() ? "object" : N;
    return std::string(RD->getKindName()) + " " + (N.empty() ? "(unnamed)" : N);
  }
  if (const auto *VD = dyn_cast_or_null<VarDecl>(Owner))
    return VD->getNameAsString();
  return "object";
}

bool OwnerKey::viaPointer() const {
  return !Fields.empty() && Fields.back() == AccessPath::DerefTag;
}

std::optional<OwnerKey> ownerKey(const AccessPath &P, const FunctionDecl *FD) {
  if (P.empty())
    return std::nullopt;
  OwnerKey K;
  size_t From;
  if (P.rootIsThis()) {
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(FD);
    if (!M || P.size() < 3 || P.word(1) != AccessPath::DerefTag)
      return std::nullopt;
    K.Owner = M->getParent()->getCanonicalDecl();
    From = 2;
  } else if (const auto *PD = dyn_cast_or_null<ParmVarDecl>(P.rootDecl())) {
    if (P.size() < 3 || P.word(1) != AccessPath::DerefTag)
      return std::nullopt;
    K.Owner = pointeeRecord(PD->getType());
    if (!K.Owner)
      return std::nullopt;
    From = 2;
  } else if (P.isGlobal()) {
    K.Owner = P.rootDecl();
    From = 1;
  } else {
    return std::nullopt;
  }
  if (P.isImpersonation())
    return std::nullopt;
  return keyFrom(K.Owner, P, From);
}

OwnerKey keyFrom(const Decl *Owner, const AccessPath &P, size_t From) {
  OwnerKey K;
  K.Owner = Owner;
  for (size_t I = From; I < P.size(); ++I)
    K.Fields.push_back(P.word(I));
  return K;
}

AccessPath placeIn(const AccessPath &Base, const OwnerKey &K) {
  AccessPath P = Base;
  for (uintptr_t W : K.Fields) {
    if (W == AccessPath::DerefTag)
      P = P.deref();
    else if (W == AccessPath::IndexTag)
      P = P.index();
    else
      // NOLINTNEXTLINE(performance-no-int-to-ptr): a tagged FieldDecl word
      P = P.field(reinterpret_cast<const FieldDecl *>(W));
  }
  return P;
}

} // namespace analysis
} // namespace sspi
