//===- SspiApi.h - What each SSPI call does to which argument ----*- C++
//-*-===//
//
// The single source of SSPI knowledge for the engine: which functions create,
// use or release credentials and contexts, in which argument, and how a call is
// recognised however the code spells it (A/W names, the generic macro, a
// SecurityFunctionTable member, a variable of one of sspi.h's *_FN typedefs).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_MODEL_SSPIAPI_H
#define SSPI_TIDY_MODEL_SSPIAPI_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CallExpr;
class FunctionDecl;
class Expr;
} // namespace clang

namespace sspi {
namespace model {

/// The two handle kinds. CredHandle and CtxtHandle are the same C type, so
/// the kind comes from the parameter position, never from the type.
enum class HandleKind : uint8_t {
  Credential,
  Context,
  ContextBuffer, ///< memory a package allocated, for FreeContextBuffer
  Impersonation, ///< the thread impersonates a context's client
};

enum class ApiOp : uint8_t {
  AcquireCredentials,   ///< creates a credential in HandleArg on success
  InitializeContext,    ///< ISC: cred arg 0, ctx in arg 1, ctx out HandleArg
  AcceptContext,        ///< ASC: same shape, other positions
  ImportContext,        ///< creates a context in HandleArg on SEC_E_OK
  DeleteContext,        ///< releases the context in HandleArg
  FreeCredentials,      ///< releases the credential in HandleArg
  ExportContext,        ///< uses the context; releases it with DELETE_OLD
  Impersonate,          ///< uses the context; the thread impersonates on OK
  Revert,               ///< uses the context; ends the impersonation
  QueryContextAttrs,    ///< uses the context; some attributes allocate
  QueryCredentialAttrs, ///< uses the credential; SECPKG_CRED_ATTR_NAMES
                        ///< allocates
  UseContext,           ///< any other call that needs a live context
  UseCredential,        ///< any other call that needs a live credential
  FreeContextBuffer,    ///< gives back a package-allocated buffer
  AllocPackageBuffer,   ///< returns a package-allocated buffer in HandleArg
};

/// One row of the API table.
struct ApiInfo {
  llvm::StringRef Name; ///< canonical name (W where A/W exist)
  ApiOp Op;
  int HandleArg;             ///< the handle the call acts on / creates
  int CredArg = -1;          ///< ISC/ASC: the credential used
  int InputCtxArg = -1;      ///< ISC/ASC: the existing context, NULL first
  int OutputBuffersArg = -1; ///< ISC/ASC: PSecBufferDesc pOutput
  int ContextReqArg = -1;    ///< ISC/ASC: fContextReq
  int FlagsArg = -1;         ///< ExportSecurityContext: fFlags
  /// A project's own function declared in the options (UserApi): the
  /// statuses on which it created its handle (creating rows only).
  bool UserDeclared = false;
  uint16_t UserCreated = 0;

  HandleKind kind() const;
  bool creates() const;
  bool releases() const;
};

/// A recognised call.
struct ApiCall {
  const ApiInfo *Info;
  const clang::CallExpr *Call;
  /// The spelling in the source ("InitializeSecurityContextA",
  /// "pFuncs->DeleteSecurityContext") for messages.
  llvm::StringRef SpelledName;
  /// What notes call it: the API name, or "'init' (a DELETE_..._FN)" when a
  /// user-named pointer is called.
  std::string Display;
};

/// Looks a function up by the name a direct call uses (A, W, or no suffix).
const ApiInfo *lookupFunction(llvm::StringRef Name);
/// Looks a function pointer typedef from sspi.h up
/// (DELETE_SECURITY_CONTEXT_FN).
const ApiInfo *lookupFnTypedef(llvm::StringRef TypedefName);

class UserApi;

/// Classifies a call. Returns nothing when it is not an SSPI call. With a
/// UserApi, the project's own acquire/release functions are SSPI calls too.
std::optional<ApiCall> classifyCall(const clang::CallExpr *Call,
                                    const UserApi *User = nullptr);

/// Status value classes. The engine constrains a status symbol to a set of
/// these; the set is exact for the singletons and coarse for the rest.
enum StatusClass : uint16_t {
  SC_Ok = 1 << 0,                    ///< SEC_E_OK (0)
  SC_ContinueNeeded = 1 << 1,        ///< SEC_I_CONTINUE_NEEDED
  SC_CompleteNeeded = 1 << 2,        ///< SEC_I_COMPLETE_NEEDED
  SC_CompleteAndContinue = 1 << 3,   ///< SEC_I_COMPLETE_AND_CONTINUE
  SC_IncompleteCredentials = 1 << 4, ///< SEC_I_INCOMPLETE_CREDENTIALS
  SC_OtherPositive = 1 << 5,         ///< any other value > 0
  SC_IncompleteMessage = 1 << 6,     ///< SEC_E_INCOMPLETE_MESSAGE (< 0)
  SC_OtherNegative = 1 << 7,         ///< any other value < 0
};
using StatusMask = uint16_t;
constexpr StatusMask AllStatus = 0xFF;
constexpr StatusMask SuccessStatus =
    SC_Ok | SC_ContinueNeeded | SC_CompleteNeeded | SC_CompleteAndContinue |
    SC_IncompleteCredentials | SC_OtherPositive;
constexpr StatusMask FailureStatus = SC_IncompleteMessage | SC_OtherNegative;

/// The members of the QueryContextAttributes (or, with Credential,
/// QueryCredentialsAttributes) output structure that the package allocates
/// for this attribute and the caller frees with FreeContextBuffer. Empty for
/// attributes that allocate nothing or that are not documented as such.
llvm::ArrayRef<llvm::StringRef> allocatedMembers(uint64_t Attribute,
                                                 bool Credential);

/// The class of a 32-bit status value.
StatusClass classifyStatus(int64_t Value);
/// True for classes that hold exactly one value.
bool isSingletonClass(StatusClass C);
/// The values a class spans, as a closed interval.
void classRange(StatusClass C, int64_t &Lo, int64_t &Hi);

/// The outcome masks of a creating call: on which statuses the handle exists
/// for sure, and on which it may exist (the rest: nothing was created).
struct CreationOutcome {
  StatusMask Created;
  StatusMask Maybe;
};
CreationOutcome creationOutcome(const ApiInfo &Info);

/// How a user-declared acquire function says that it created its handle.
enum class UserSuccess : uint8_t {
  FromReturnType, ///< void: always; bool/BOOL/pointer: nonzero;
                  ///< SECURITY_STATUS/HRESULT: status >= 0; other: zero
  Status,         ///< a SECURITY_STATUS: created when >= 0
  Zero,           ///< created when the result is 0
  NonZero,        ///< created when the result is not 0 (TRUE, a pointer)
  Always,         ///< created whenever the call returns
};

/// The project's own functions that acquire or release SSPI handles, from
/// the checks' options (AcquireFunctions / ReleaseFunctions). Each entry is
/// `Name:Arg[:Modifier...]`: Name a function (qualified for C++ methods),
/// Arg the 0-based argument that receives (acquire) or holds (release) the
/// handle, as a pointer or by value. Acquire modifiers: a success rule
/// (status, zero, nonzero, always) and, for contexts, `cred=N` for the
/// credential argument the context is made from.
class UserApi {
public:
  /// Adds the entries of one option value. Malformed entries are skipped and
  /// described in Errors.
  void add(llvm::StringRef Spec, HandleKind Kind, bool Acquire,
           std::vector<std::string> &Errors);
  bool empty() const { return Rows.empty(); }
  /// The row for a callee, resolving FromReturnType against its declaration;
  /// null when FD is not declared. The row lives as long as this object.
  const ApiInfo *lookup(const clang::FunctionDecl &FD) const;
  /// The declared release functions of a kind, for messages: "" or
  /// " or CloseContext" (" or A, B" for several).
  std::string releaseSuffix(HandleKind Kind) const;
  /// A stable text of everything declared (cache keys, tests).
  std::string fingerprint() const;

private:
  struct Row {
    std::string Name;
    HandleKind Kind;
    bool Acquire;
    int Arg;
    int CredArg;
    UserSuccess Success;
  };
  std::vector<Row> Rows;
  mutable std::map<const clang::FunctionDecl *, std::optional<ApiInfo>> Resolved;
};

/// Constants used for flags.
constexpr uint64_t ReqAllocateMemory = 0x100; // ISC_/ASC_REQ_ALLOCATE_MEMORY
constexpr uint64_t ExportDeleteOld = 0x2; // SECPKG_CONTEXT_EXPORT_DELETE_OLD

} // namespace model
} // namespace sspi

#endif
