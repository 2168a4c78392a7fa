//===- SspiApi.h - What each SSPI call does to which argument ---*- C++ -*-===//
//
// The SSPI knowledge of the engine, as tables: SspiApi.def has one row per
// function (names, typedefs, argument positions), ApiOps.def one row per
// operation (the handle kind it acts on, how the engine transfers it, its
// creation outcome), HandleKinds.def one row per kind of tracked object
// (nouns, verbs, release API, policies). classifyCall recognises a call
// however the code spells it: A/W names, the generic macro, a
// SecurityFunctionTable member, a variable of one of sspi.h's *_FN typedefs,
// a project's own declared function (UserApi.h).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_MODEL_SSPIAPI_H
#define SSPI_TIDY_MODEL_SSPIAPI_H

#include "Status.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class ValueDecl;
} // namespace clang

namespace sspi {
namespace model {

/// What the engine tracks. CredHandle and CtxtHandle are the same C type,
/// so the kind comes from the parameter position, never from the type.
enum class HandleKind : uint8_t {
#define SSPI_HANDLE_KIND(Id, ...) Id,
#include "HandleKinds.def"
};

enum class ApiOp : uint8_t {
#define SSPI_OP(Op, ...) Op,
#include "ApiOps.def"
};

/// How the engine transfers a call of an op (analysis/ApiTransfer.cpp).
enum class ApiShape : uint8_t {
  CreateOut,       ///< creates the object its handle argument points to
  Handshake,       ///< ISC/ASC: first or later leg, output buffers
  Release,         ///< releases the SecHandle its argument points to
  ReleasePointer,  ///< gives back the pointer it receives
  Export,          ///< ExportSecurityContext: DELETE_OLD releases
  Impersonate,     ///< the thread impersonates the context's client
  Revert,          ///< ends that impersonation
  QueryAttributes, ///< uses the handle; some attributes allocate
  Use,             ///< needs a live handle
};

struct OpTraits {
  HandleKind Kind; ///< the kind of the handle argument
  ApiShape Shape;
  bool CreatesHandle;  ///< creates a SecHandle in its handle argument
  bool ReleasesHandle; ///< releases the SecHandle in its handle argument
  CreationOutcome Outcome;
};
const OpTraits &opTraits(ApiOp Op);

struct KindTraits {
  llvm::StringRef Noun;         ///< "security context"
  llvm::StringRef CreatedVerb;  ///< "created" (here by X)
  llvm::StringRef ReleasedVerb; ///< "deleted"
  llvm::StringRef ReleaseApi;   ///< "DeleteSecurityContext"
  /// A pointer the package allocated, keyed by the place that holds it.
  bool PointerValued;
  /// A second release on one path is reported.
  bool SecondRelease;
  ApiOp UserAcquire, UserRelease;
};
const KindTraits &kindTraits(HandleKind K);

/// One row of the API table (or a project's own declared function).
struct ApiInfo {
  llvm::StringRef Name; ///< canonical name (W where A/W exist)
  ApiOp Op;
  int HandleArg;             ///< the handle the call acts on / creates
  int CredArg = -1;          ///< ISC/ASC: the credential used
  int InputCtxArg = -1;      ///< ISC/ASC: the existing context, NULL first
  int ContextReqArg = -1;    ///< ISC/ASC: fContextReq
  int OutputBuffersArg = -1; ///< ISC/ASC: PSecBufferDesc pOutput
  int FlagsArg = -1;         ///< ExportSecurityContext: fFlags
  /// A project's own function declared in the options (UserApi): the
  /// statuses on which it created its handle (creating rows only).
  bool UserDeclared = false;
  StatusMask UserCreated = 0;

  HandleKind kind() const { return opTraits(Op).Kind; }
  ApiShape shape() const { return opTraits(Op).Shape; }
  bool creates() const { return opTraits(Op).CreatesHandle; }
  bool releases() const { return opTraits(Op).ReleasesHandle; }
};

/// A recognised call.
struct ApiCall {
  const ApiInfo *Info;
  const clang::CallExpr *Call;
  /// The spelling in the source ("InitializeSecurityContextA",
  /// "pFuncs->DeleteSecurityContext") for messages.
  llvm::StringRef SpelledName;
  /// What notes call it: the API name, or "'init' (of type
  /// DELETE_SECURITY_CONTEXT_FN)" when a user-named pointer is called.
  std::string Display;
};

/// Looks a function up by the name a direct call uses (A, W, or no suffix).
const ApiInfo *lookupFunction(llvm::StringRef Name);
/// Looks a function pointer typedef from sspi.h up
/// (DELETE_SECURITY_CONTEXT_FN).
const ApiInfo *lookupFnTypedef(llvm::StringRef TypedefName);

class UserApi;

/// The SSPI functions a TU reaches through function-pointer variables or
/// fields of its own types (`static pfnISC pISC;`, declared by a macro):
/// the pointer is assigned from `GetProcAddress(h,
/// "InitializeSecurityContextA")` somewhere in the TU, or its name ends with
/// an SSPI name and its type is that function's (`pInitializeSecurityContextA`
/// of a typedef that repeats sspi.h's prototype). One per TU; it caches what
/// it has resolved.
class PointerApis {
public:
  explicit PointerApis(clang::ASTContext &Ctx);
  ~PointerApis();
  /// The function a call through VD reaches (its API name in Name), or null.
  const ApiInfo *lookup(const clang::ValueDecl *VD, llvm::StringRef &Name) const;

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

/// Classifies a call. Returns nothing when it is not an SSPI call. With a
/// UserApi, the project's own acquire/release functions are SSPI calls too;
/// with PointerApis, calls through the TU's own function pointers.
std::optional<ApiCall> classifyCall(const clang::CallExpr *Call,
                                    const UserApi *User = nullptr,
                                    const PointerApis *Pointers = nullptr);

/// The creation outcome of a creating row (Attributes.def, ApiOps.def, or
/// the declared success rule of a project's own function).
CreationOutcome creationOutcome(const ApiInfo &Info);

/// What the package hands out for a QueryContextAttributes (or, with
/// Credential, QueryCredentialsAttributes) attribute: objects of Kind, at
/// the listed members of the output structure, or (Whole) the output itself
/// (a PCCERT_CONTEXT). Nothing for attributes that allocate nothing or that
/// are not documented as such.
struct AttributeAllocation {
  HandleKind Kind = HandleKind::ContextBuffer;
  llvm::ArrayRef<llvm::StringRef> Members;
  bool Whole = false;
  bool empty() const { return !Whole && Members.empty(); }
};
AttributeAllocation allocatedMembers(uint64_t Attribute, bool Credential);
/// A member some attribute allocates (`sUserName`), or `pvBuffer`.
bool isPackageAllocatedMember(llvm::StringRef Name);

/// Constants used for flags.
constexpr uint64_t ReqAllocateMemory = 0x100; // ISC_/ASC_REQ_ALLOCATE_MEMORY
constexpr uint64_t ExportDeleteOld = 0x2; // SECPKG_CONTEXT_EXPORT_DELETE_OLD

inline bool isContextOrCredential(HandleKind K) {
  return K == HandleKind::Context || K == HandleKind::Credential;
}

} // namespace model
} // namespace sspi

#endif
