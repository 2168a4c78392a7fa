//===- SspiApi.cpp - The SSPI tables and call recognition -----------------===//
#include "SspiApi.h"
#include "UserApi.h"
#include "WinApi.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <vector>

using namespace clang;

namespace sspi {
namespace model {

const OpTraits &opTraits(ApiOp Op) {
  static const OpTraits Table[] = {
#define SSPI_OP(Op, Kind, Shape, Creates, Releases, Created, Maybe, Usual)     \
  {HandleKind::Kind,                                                           \
   ApiShape::Shape,                                                            \
   Creates,                                                                    \
   Releases,                                                                   \
   {Created, Maybe, Usual}},
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

namespace {
/// `(T)GetProcAddress(h, "Name")` (casts and parentheses around it): Name.
std::optional<llvm::StringRef> procAddressName(const Expr *E) {
  if (!E)
    return std::nullopt;
  const auto *C = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  const FunctionDecl *FD = C ? C->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() || FD->getName() != "GetProcAddress" ||
      C->getNumArgs() != 2)
    return std::nullopt;
  const auto *SL = dyn_cast<StringLiteral>(C->getArg(1)->IgnoreParenCasts());
  if (!SL || !SL->isOrdinary())
    return std::nullopt;
  return SL->getString();
}

/// The variable or field an assignment's left side names.
const ValueDecl *assignedDecl(const Expr *L) {
  L = L->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(L))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(L))
    return ME->getMemberDecl();
  return nullptr;
}

/// Same parameters and result, calling conventions aside (SEC_ENTRY).
bool sameSignature(const ASTContext &Ctx, const FunctionProtoType *A,
                   const FunctionProtoType *B) {
  if (A->getNumParams() != B->getNumParams() ||
      !Ctx.hasSameUnqualifiedType(A->getReturnType(), B->getReturnType()))
    return false;
  for (unsigned I = 0; I < A->getNumParams(); ++I)
    if (!Ctx.hasSameUnqualifiedType(A->getParamType(I), B->getParamType(I)))
      return false;
  return true;
}

const FunctionProtoType *pointeeProto(QualType T) {
  if (T.isNull())
    return nullptr;
  if (const auto *PT = T->getAs<PointerType>())
    return PT->getPointeeType()->getAs<FunctionProtoType>();
  return nullptr;
}
} // namespace

struct PointerApis::Impl {
  ASTContext &Ctx;
  llvm::DenseMap<const ValueDecl *, llvm::StringRef> Loaded;
  mutable llvm::DenseMap<const ValueDecl *,
                         std::pair<const ApiInfo *, llvm::StringRef>>
      Cache;

  mutable bool Scanned = false;

  explicit Impl(ASTContext &C) : Ctx(C) {}

  /// The GetProcAddress assignments of the TU's own code, once, when a
  /// call through an unrecognised pointer first needs them.
  void scan() {
    Scanned = true;
    // Nothing to find in a TU that does not declare GetProcAddress.
    if (Ctx.getTranslationUnitDecl()
            ->lookup(DeclarationName(&Ctx.Idents.get("GetProcAddress")))
            .empty())
      return;
    struct Finder : RecursiveASTVisitor<Finder> {
      Impl &I;
      explicit Finder(Impl &I) : I(I) {}
      void note(const ValueDecl *VD, const Expr *RHS) {
        if (!VD)
          return;
        if (auto N = procAddressName(RHS))
          if (lookupFunction(*N))
            I.Loaded.try_emplace(VD, *N);
      }
      bool VisitBinaryOperator(BinaryOperator *BO) {
        if (BO->getOpcode() == BO_Assign)
          note(assignedDecl(BO->getLHS()), BO->getRHS());
        return true;
      }
      bool VisitVarDecl(VarDecl *VD) {
        note(VD, VD->getInit());
        return true;
      }
    } F(*this);
    const SourceManager &SM = Ctx.getSourceManager();
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (!SM.isInSystemHeader(D->getLocation()))
        F.TraverseDecl(D);
  }

  /// sspi.h's declaration of Name, when the TU has it.
  const FunctionProtoType *sdkType(llvm::StringRef Name) const {
    for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(
             DeclarationName(&Ctx.Idents.get(Name))))
      if (const auto *FD = dyn_cast<FunctionDecl>(D))
        return FD->getType()->getAs<FunctionProtoType>();
    return nullptr;
  }

  std::pair<const ApiInfo *, llvm::StringRef> resolve(const ValueDecl *VD) {
    const FunctionProtoType *Proto = pointeeProto(VD->getType());
    if (!Proto)
      return {nullptr, ""};
    if (!Scanned)
      scan();
    auto Fits = [&](llvm::StringRef Name) {
      const FunctionProtoType *Sdk = sdkType(Name);
      return Sdk && sameSignature(Ctx, Proto, Sdk);
    };
    // Loaded by name: the name says which function it is; the project's
    // prototype may spell the parameters its own way (`void *` for a
    // PSecBufferDesc), but must have as many, or the argument positions are
    // not sspi.h's.
    auto L = Loaded.find(VD);
    if (L != Loaded.end()) {
      const ApiInfo *I = lookupFunction(L->second);
      const FunctionProtoType *Sdk = sdkType(L->second);
      if (I && (!Sdk || Sdk->getNumParams() == Proto->getNumParams()))
        return {I, L->second};
    }
    // `pfnInitializeSecurityContextA pInitializeSecurityContextA;`: the
    // longest SSPI name the variable's name ends with, of that type.
    llvm::StringRef VN = VD->getName();
    llvm::StringRef Best;
    for (const auto &E : tables().ByName) {
      llvm::StringRef N = E.getKey();
      if (N.size() > Best.size() && VN.ends_with(N) && Fits(N))
        Best = N;
    }
    if (!Best.empty())
      return {lookupFunction(Best), Best};
    return {nullptr, ""};
  }
};

PointerApis::PointerApis(ASTContext &Ctx) : P(std::make_unique<Impl>(Ctx)) {}
PointerApis::~PointerApis() = default;

const ApiInfo *PointerApis::lookup(const ValueDecl *VD,
                                   llvm::StringRef &Name) const {
  if (!VD || !VD->getIdentifier())
    return nullptr;
  auto It = P->Cache.find(VD);
  if (It == P->Cache.end())
    It = P->Cache.try_emplace(VD, P->resolve(VD)).first;
  Name = It->second.second;
  return It->second.first;
}

std::optional<ApiCall> classifyCall(const CallExpr *Call, const UserApi *User,
                                    const PointerApis *Pointers) {
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
  llvm::StringRef Api;
  if (const ApiInfo *I = Pointers ? Pointers->lookup(VD, Api) : nullptr)
    return ApiCall{I, Call, VD->getName(),
                   VD->getName() == Api
                       ? Api.str()
                       : "'" + VD->getName().str() + "' (" + Api.str() + ")"};
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
    HandleKind Kind;
    llvm::SmallVector<llvm::StringRef, 2> Members;
  };
  std::vector<Row> Rows;
  llvm::StringSet<> AllMembers;
  AttributeTable() {
#define SSPI_ATTRIBUTE(V, N, Cred, Kind, Names)                                \
  {                                                                            \
    Row R{V, Cred, HandleKind::Kind, {}};                                      \
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

AttributeAllocation allocatedMembers(uint64_t Attribute, bool Credential) {
  for (const AttributeTable::Row &R : attributes().Rows)
    if (R.Value == Attribute && R.Credential == Credential)
      return {R.Kind, R.Members, R.Members.empty()};
  return {};
}

bool isPackageAllocatedMember(llvm::StringRef Name) {
  return attributes().AllMembers.count(Name) != 0;
}

} // namespace model
} // namespace sspi
