//===- SspiApi.cpp - The SSPI tables and call recognition -----------------===//
#include "SspiApi.h"
#include "UserApi.h"
#include "WinApi.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <vector>

using namespace clang;

namespace sspi {
namespace model {

const OpTraits &opTraits(ApiOp Op) {
  static const OpTraits Table[] = {
#define SSPI_OP(Op, Kind, Shape, Creates, Releases, Created, Maybe)            \
  {HandleKind::Kind, ApiShape::Shape, Creates, Releases, {Created, Maybe}},
#include "ApiOps.def"
  };
  return Table[static_cast<unsigned>(Op)];
}

const KindTraits &kindTraits(HandleKind K) {
  static const KindTraits Table[] = {
#define SSPI_HANDLE_KIND(Id, Noun, CreatedVerb, ReleasedVerb, ReleaseApi,      \
                         PointerValued, SecondRelease, LeakCheck, UserAcquire, \
                         UserRelease)                                          \
  {Noun,          CreatedVerb,   ReleasedVerb,       ReleaseApi,               \
   PointerValued, SecondRelease, ApiOp::UserAcquire, ApiOp::UserRelease},
#include "HandleKinds.def"
  };
  return Table[static_cast<unsigned>(K)];
}

namespace {

struct Tables {
  // Rows are owned here; the maps point into them.
  std::vector<ApiInfo> Rows;
  llvm::StringMap<size_t> ByName;
  llvm::StringMap<size_t> ByTypedef;

  static void words(llvm::StringRef S,
                    llvm::SmallVectorImpl<llvm::StringRef> &Out) {
    S.split(Out, ' ', -1, /*KeepEmpty=*/false);
  }

  void add(ApiInfo I, llvm::StringRef Aliases, llvm::StringRef Typedefs) {
    size_t Idx = Rows.size();
    Rows.push_back(I);
    ByName[I.Name] = Idx;
    llvm::SmallVector<llvm::StringRef, 4> W;
    words(Aliases, W);
    for (llvm::StringRef N : W)
      ByName[N] = Idx;
    W.clear();
    words(Typedefs, W);
    for (llvm::StringRef T : W)
      ByTypedef[T] = Idx;
  }

  Tables() {
#define SSPI_API(Canonical, Op, Handle, Cred, InCtx, Req, OutBufs, Flags,      \
                 Aliases, Typedefs)                                            \
  {                                                                            \
    ApiInfo I{#Canonical, ApiOp::Op, Handle};                                  \
    I.CredArg = Cred;                                                          \
    I.InputCtxArg = InCtx;                                                     \
    I.ContextReqArg = Req;                                                     \
    I.OutputBuffersArg = OutBufs;                                              \
    I.FlagsArg = Flags;                                                        \
    add(I, Aliases, Typedefs);                                                 \
  }
#include "SspiApi.def"
  }
};

const Tables &tables() {
  static const Tables T;
  return T;
}

// The first typedef in the sugar of T, or "" (PFN typedefs are pointers, so
// look through one level of pointer too).
llvm::StringRef typedefName(QualType T) {
  for (int Depth = 0; Depth < 4 && !T.isNull(); ++Depth) {
    if (const auto *TT = T->getAs<TypedefType>())
      return TT->getDecl()->getName();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    else
      break;
  }
  return "";
}

std::optional<ApiCall> classifyDirect(const CallExpr *Call,
                                      const FunctionDecl *FD,
                                      const UserApi *User) {
  if (User && !User->empty())
    if (const ApiInfo *I = User->lookup(*FD))
      return ApiCall{I, Call, I->Name, I->Name.str()};
  if (!FD->getIdentifier())
    return std::nullopt;
  // Only the C functions from the SDK; a C++ method of the same name in a
  // user class is something else.
  if (llvm::isa<CXXMethodDecl>(FD))
    return std::nullopt;
  if (const ApiInfo *I = lookupFunction(FD->getName()))
    return ApiCall{I, Call, FD->getName(), FD->getName().str()};
  return std::nullopt;
}

} // namespace

const ApiInfo *lookupFunction(llvm::StringRef Name) {
  const Tables &T = tables();
  auto It = T.ByName.find(Name);
  return It == T.ByName.end() ? nullptr : &T.Rows[It->second];
}

const ApiInfo *lookupFnTypedef(llvm::StringRef TypedefName) {
  const Tables &T = tables();
  auto It = T.ByTypedef.find(TypedefName);
  return It == T.ByTypedef.end() ? nullptr : &T.Rows[It->second];
}

std::optional<ApiCall> classifyCall(const CallExpr *Call, const UserApi *User) {
  if (!Call)
    return std::nullopt;
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return classifyDirect(Call, FD, User);
  // Indirect: pFuncs->DeleteSecurityContext(...), (*pfn)(...), pfn(...).
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *UO = llvm::dyn_cast<UnaryOperator>(Callee))
    if (UO->getOpcode() == UO_Deref)
      Callee = UO->getSubExpr()->IgnoreParenImpCasts();
  const ValueDecl *VD = nullptr;
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(Callee))
    VD = ME->getMemberDecl();
  else if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(Callee))
    VD = DRE->getDecl();
  if (!VD || !VD->getIdentifier())
    return std::nullopt;
  llvm::StringRef TD = typedefName(VD->getType());
  if (const ApiInfo *I = lookupFnTypedef(TD)) {
    // Table members carry the API's own name; user pointers get the type.
    std::string Display =
        lookupFunction(VD->getName())
            ? VD->getName().str()
            : "'" + VD->getName().str() + "' (of type " + TD.str() + ")";
    return ApiCall{I, Call, VD->getName(), Display};
  }
  if (const auto *FD = llvm::dyn_cast<FieldDecl>(VD))
    if (isFunctionTableRecord(FD->getParent()))
      if (const ApiInfo *I = lookupFunction(FD->getName()))
        return ApiCall{I, Call, FD->getName(), FD->getName().str()};
  return std::nullopt;
}

CreationOutcome creationOutcome(const ApiInfo &Info) {
  if (Info.UserDeclared)
    return {Info.UserCreated, 0};
  return opTraits(Info.Op).Outcome;
}

namespace {
struct AttributeTable {
  struct Row {
    uint64_t Value;
    bool Credential;
    llvm::SmallVector<llvm::StringRef, 2> Members;
  };
  std::vector<Row> Rows;
  llvm::StringSet<> AllMembers;
  AttributeTable() {
#define SSPI_ATTRIBUTE(V, N, Cred, Names)                                      \
  {                                                                            \
    Row R{V, Cred, {}};                                                        \
    llvm::StringRef(Names).split(R.Members, ' ', -1, false);                   \
    Rows.push_back(R);                                                         \
  }
#include "Attributes.def"
    AllMembers.insert("pvBuffer");
    for (const Row &R : Rows)
      for (llvm::StringRef M : R.Members)
        AllMembers.insert(M);
  }
};
const AttributeTable &attributes() {
  static const AttributeTable T;
  return T;
}
} // namespace

llvm::ArrayRef<llvm::StringRef> allocatedMembers(uint64_t Attribute,
                                                 bool Credential) {
  for (const AttributeTable::Row &R : attributes().Rows)
    if (R.Value == Attribute && R.Credential == Credential)
      return R.Members;
  return {};
}

bool isPackageAllocatedMember(llvm::StringRef Name) {
  return attributes().AllMembers.count(Name) != 0;
}

} // namespace model
} // namespace sspi
