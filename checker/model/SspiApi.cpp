//===- SspiApi.cpp - The SSPI API table and call recognition
//---------------===//
#include "SspiApi.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringMap.h"

using namespace clang;

namespace sspi {
namespace model {

HandleKind ApiInfo::kind() const {
  switch (Op) {
  case ApiOp::AcquireCredentials:
  case ApiOp::FreeCredentials:
  case ApiOp::UseCredential:
  case ApiOp::QueryCredentialAttrs:
    return HandleKind::Credential;
  case ApiOp::FreeContextBuffer:
  case ApiOp::AllocPackageBuffer:
    return HandleKind::ContextBuffer;
  default:
    return HandleKind::Context;
  }
}

bool ApiInfo::creates() const {
  return Op == ApiOp::AcquireCredentials || Op == ApiOp::InitializeContext ||
         Op == ApiOp::AcceptContext || Op == ApiOp::ImportContext;
}

bool ApiInfo::releases() const {
  return Op == ApiOp::DeleteContext || Op == ApiOp::FreeCredentials;
}

namespace {

// Argument positions come from sspi.h (see shared/sspi-semantics.md §1-§5).
ApiInfo isc(llvm::StringRef N) {
  ApiInfo I{N, ApiOp::InitializeContext, 8};
  I.CredArg = 0;
  I.InputCtxArg = 1;
  I.ContextReqArg = 3;
  I.OutputBuffersArg = 9;
  return I;
}
ApiInfo asc(llvm::StringRef N) {
  ApiInfo I{N, ApiOp::AcceptContext, 5};
  I.CredArg = 0;
  I.InputCtxArg = 1;
  I.ContextReqArg = 3;
  I.OutputBuffersArg = 6;
  return I;
}
ApiInfo exportCtx() {
  ApiInfo I{"ExportSecurityContext", ApiOp::ExportContext, 0};
  I.FlagsArg = 1;
  return I;
}

struct Tables {
  // Rows are owned here; the maps point into them.
  std::vector<ApiInfo> Rows;
  llvm::StringMap<size_t> ByName;
  llvm::StringMap<size_t> ByTypedef;

  void add(ApiInfo I, std::initializer_list<llvm::StringRef> Names,
           std::initializer_list<llvm::StringRef> Typedefs) {
    size_t Idx = Rows.size();
    Rows.push_back(I);
    for (llvm::StringRef N : Names)
      ByName[N] = Idx;
    for (llvm::StringRef T : Typedefs)
      ByTypedef[T] = Idx;
  }

  Tables() {
    Rows.reserve(64);
    add({"AcquireCredentialsHandleW", ApiOp::AcquireCredentials, 7},
        {"AcquireCredentialsHandleW", "AcquireCredentialsHandleA",
         "AcquireCredentialsHandle"},
        {"ACQUIRE_CREDENTIALS_HANDLE_FN_W", "ACQUIRE_CREDENTIALS_HANDLE_FN_A"});
    add(isc("InitializeSecurityContextW"),
        {"InitializeSecurityContextW", "InitializeSecurityContextA",
         "InitializeSecurityContext"},
        {"INITIALIZE_SECURITY_CONTEXT_FN_W",
         "INITIALIZE_SECURITY_CONTEXT_FN_A"});
    add(isc("SaslInitializeSecurityContextW"),
        {"SaslInitializeSecurityContextW", "SaslInitializeSecurityContextA",
         "SaslInitializeSecurityContext"},
        {});
    add(asc("AcceptSecurityContext"), {"AcceptSecurityContext"},
        {"ACCEPT_SECURITY_CONTEXT_FN"});
    add(asc("SaslAcceptSecurityContext"), {"SaslAcceptSecurityContext"}, {});
    add({"ImportSecurityContextW", ApiOp::ImportContext, 3},
        {"ImportSecurityContextW", "ImportSecurityContextA",
         "ImportSecurityContext"},
        {"IMPORT_SECURITY_CONTEXT_FN_W", "IMPORT_SECURITY_CONTEXT_FN_A"});
    add({"DeleteSecurityContext", ApiOp::DeleteContext, 0},
        {"DeleteSecurityContext"}, {"DELETE_SECURITY_CONTEXT_FN"});
    add({"FreeCredentialsHandle", ApiOp::FreeCredentials, 0},
        {"FreeCredentialsHandle", "FreeCredentialHandle"},
        {"FREE_CREDENTIALS_HANDLE_FN"});
    add(exportCtx(), {"ExportSecurityContext"}, {"EXPORT_SECURITY_CONTEXT_FN"});

    struct UseRow {
      llvm::StringRef Name;
      std::initializer_list<llvm::StringRef> Names;
      std::initializer_list<llvm::StringRef> Typedefs;
    };
    const UseRow CtxUses[] = {
        {"MakeSignature", {"MakeSignature"}, {"MAKE_SIGNATURE_FN"}},
        {"VerifySignature", {"VerifySignature"}, {"VERIFY_SIGNATURE_FN"}},
        {"EncryptMessage", {"EncryptMessage"}, {"ENCRYPT_MESSAGE_FN"}},
        {"DecryptMessage", {"DecryptMessage"}, {"DECRYPT_MESSAGE_FN"}},
        {"QueryContextAttributesW",
         {"QueryContextAttributesW", "QueryContextAttributesA",
          "QueryContextAttributes"},
         {"QUERY_CONTEXT_ATTRIBUTES_FN_W", "QUERY_CONTEXT_ATTRIBUTES_FN_A"}},
        {"QueryContextAttributesExW",
         {"QueryContextAttributesExW", "QueryContextAttributesExA",
          "QueryContextAttributesEx"},
         {"QUERY_CONTEXT_ATTRIBUTES_EX_FN_W",
          "QUERY_CONTEXT_ATTRIBUTES_EX_FN_A"}},
        {"SetContextAttributesW",
         {"SetContextAttributesW", "SetContextAttributesA",
          "SetContextAttributes"},
         {"SET_CONTEXT_ATTRIBUTES_FN_W", "SET_CONTEXT_ATTRIBUTES_FN_A"}},
        {"ImpersonateSecurityContext",
         {"ImpersonateSecurityContext"},
         {"IMPERSONATE_SECURITY_CONTEXT_FN"}},
        {"RevertSecurityContext",
         {"RevertSecurityContext"},
         {"REVERT_SECURITY_CONTEXT_FN"}},
        {"ApplyControlToken",
         {"ApplyControlToken"},
         {"APPLY_CONTROL_TOKEN_FN"}},
        {"CompleteAuthToken",
         {"CompleteAuthToken"},
         {"COMPLETE_AUTH_TOKEN_FN"}},
        {"QuerySecurityContextToken",
         {"QuerySecurityContextToken"},
         {"QUERY_SECURITY_CONTEXT_TOKEN_FN"}},
    };
    for (const UseRow &R : CtxUses) {
      ApiOp Op = ApiOp::UseContext;
      if (R.Name == "ImpersonateSecurityContext")
        Op = ApiOp::Impersonate;
      else if (R.Name == "RevertSecurityContext")
        Op = ApiOp::Revert;
      else if (R.Name.starts_with("QueryContextAttributes"))
        Op = ApiOp::QueryContextAttrs;
      add({R.Name, Op, 0}, R.Names, R.Typedefs);
    }

    const UseRow CredUses[] = {
        {"QueryCredentialsAttributesW",
         {"QueryCredentialsAttributesW", "QueryCredentialsAttributesA",
          "QueryCredentialsAttributes"},
         {"QUERY_CREDENTIALS_ATTRIBUTES_FN_W",
          "QUERY_CREDENTIALS_ATTRIBUTES_FN_A"}},
        {"QueryCredentialsAttributesExW",
         {"QueryCredentialsAttributesExW", "QueryCredentialsAttributesExA",
          "QueryCredentialsAttributesEx"},
         {"QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W",
          "QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A"}},
        {"SetCredentialsAttributesW",
         {"SetCredentialsAttributesW", "SetCredentialsAttributesA",
          "SetCredentialsAttributes"},
         {"SET_CREDENTIALS_ATTRIBUTES_FN_W",
          "SET_CREDENTIALS_ATTRIBUTES_FN_A"}},
        {"AddCredentialsW",
         {"AddCredentialsW", "AddCredentialsA", "AddCredentials"},
         {"ADD_CREDENTIALS_FN_W", "ADD_CREDENTIALS_FN_A"}},
    };
    for (const UseRow &R : CredUses)
      add({R.Name,
           R.Name.starts_with("QueryCredentialsAttributes")
               ? ApiOp::QueryCredentialAttrs
               : ApiOp::UseCredential,
           0},
          R.Names, R.Typedefs);

    add({"FreeContextBuffer", ApiOp::FreeContextBuffer, 0},
        {"FreeContextBuffer"}, {"FREE_CONTEXT_BUFFER_FN"});
    add({"QuerySecurityPackageInfoW", ApiOp::AllocPackageBuffer, 1},
        {"QuerySecurityPackageInfoW", "QuerySecurityPackageInfoA",
         "QuerySecurityPackageInfo"},
        {"QUERY_SECURITY_PACKAGE_INFO_FN_W",
         "QUERY_SECURITY_PACKAGE_INFO_FN_A"});
    add({"EnumerateSecurityPackagesW", ApiOp::AllocPackageBuffer, 1},
        {"EnumerateSecurityPackagesW", "EnumerateSecurityPackagesA",
         "EnumerateSecurityPackages"},
        {"ENUMERATE_SECURITY_PACKAGES_FN_W",
         "ENUMERATE_SECURITY_PACKAGES_FN_A"});
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

bool isFunctionTableRecord(const RecordDecl *RD) {
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  return N == "_SECURITY_FUNCTION_TABLE_W" || N == "_SECURITY_FUNCTION_TABLE_A";
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
  if (const FunctionDecl *FD = Call->getDirectCallee()) {
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

llvm::ArrayRef<llvm::StringRef> allocatedMembers(uint64_t Attribute,
                                                 bool Credential) {
  // shared/sspi-semantics.md §4: the SSP allocates the variable-sized
  // members; fixed-size attributes (SIZES, STREAM_SIZES, LIFESPAN, FLAGS...)
  // and ACCESS_TOKEN (not duplicated, must not be freed) are absent.
  static const llvm::StringRef Names[] = {"sUserName"};
  static const llvm::StringRef KeyInfo[] = {"sSignatureAlgorithmName",
                                            "sEncryptAlgorithmName"};
  static const llvm::StringRef Authority[] = {"sAuthorityName"};
  static const llvm::StringRef SessionKey[] = {"SessionKey"};
  static const llvm::StringRef PackageInfo[] = {"PackageInfo"};
  static const llvm::StringRef NativeNames[] = {"sClientName", "sServerName"};
  static const llvm::StringRef CredentialName[] = {"sCredentialName"};
  static const llvm::StringRef Bindings[] = {"Bindings"};
  static const llvm::StringRef Target[] = {"sTargetName"};
  if (Credential)
    return Attribute == 1 ? llvm::ArrayRef<llvm::StringRef>(Names)
                          : llvm::ArrayRef<llvm::StringRef>();
  switch (Attribute) {
  case 1: // SECPKG_ATTR_NAMES
    return Names;
  case 5: // SECPKG_ATTR_KEY_INFO
    return KeyInfo;
  case 6: // SECPKG_ATTR_AUTHORITY
    return Authority;
  case 9: // SECPKG_ATTR_SESSION_KEY
    return SessionKey;
  case 10: // SECPKG_ATTR_PACKAGE_INFO
  case 12: // SECPKG_ATTR_NEGOTIATION_INFO
    return PackageInfo;
  case 13: // SECPKG_ATTR_NATIVE_NAMES
    return NativeNames;
  case 16: // SECPKG_ATTR_CREDENTIAL_NAME
    return CredentialName;
  case 25: // SECPKG_ATTR_UNIQUE_BINDINGS
  case 26: // SECPKG_ATTR_ENDPOINT_BINDINGS
    return Bindings;
  case 27: // SECPKG_ATTR_CLIENT_SPECIFIED_TARGET
    return Target;
  default:
    return {};
  }
}

StatusClass classifyStatus(int64_t V) {
  // SECURITY_STATUS is a 32-bit LONG; normalise (HRESULT)0x80090318 etc.
  int32_t S = static_cast<int32_t>(static_cast<uint32_t>(V));
  switch (static_cast<uint32_t>(S)) {
  case 0x00000000u:
    return SC_Ok;
  case 0x00090312u:
    return SC_ContinueNeeded;
  case 0x00090313u:
    return SC_CompleteNeeded;
  case 0x00090314u:
    return SC_CompleteAndContinue;
  case 0x00090320u:
    return SC_IncompleteCredentials;
  case 0x80090318u:
    return SC_IncompleteMessage;
  default:
    return S > 0 ? SC_OtherPositive : SC_OtherNegative;
  }
}

bool isSingletonClass(StatusClass C) {
  return C != SC_OtherPositive && C != SC_OtherNegative;
}

void classRange(StatusClass C, int64_t &Lo, int64_t &Hi) {
  switch (C) {
  case SC_Ok:
    Lo = Hi = 0;
    return;
  case SC_ContinueNeeded:
    Lo = Hi = 0x00090312;
    return;
  case SC_CompleteNeeded:
    Lo = Hi = 0x00090313;
    return;
  case SC_CompleteAndContinue:
    Lo = Hi = 0x00090314;
    return;
  case SC_IncompleteCredentials:
    Lo = Hi = 0x00090320;
    return;
  case SC_IncompleteMessage:
    Lo = Hi = static_cast<int32_t>(0x80090318u);
    return;
  case SC_OtherPositive:
    Lo = 1;
    Hi = INT32_MAX;
    return;
  case SC_OtherNegative:
    Lo = INT32_MIN;
    Hi = -1;
    return;
  }
}

CreationOutcome creationOutcome(const ApiInfo &Info) {
  if (Info.UserDeclared)
    return {Info.UserCreated, 0};
  switch (Info.Op) {
  case ApiOp::AcquireCredentials:
    // Only SEC_E_OK is documented; >= 0 is treated as success too.
    return {SuccessStatus, 0};
  case ApiOp::ImportContext:
  case ApiOp::AllocPackageBuffer:
  case ApiOp::QueryContextAttrs:
  case ApiOp::QueryCredentialAttrs:
    return {SuccessStatus, 0};
  case ApiOp::Impersonate:
    // SEC_E_OK or an error; "on failure the thread is not impersonating".
    return {SC_Ok, 0};
  case ApiOp::InitializeContext:
  case ApiOp::AcceptContext:
    // SEC_E_INCOMPLETE_MESSAGE on a first call: documented as "succeeded"
    // yet negative; whether a handle exists is unknown (maybe-owned).
    return {SuccessStatus, SC_IncompleteMessage};
  default:
    return {0, 0};
  }
}

// User-declared functions.

void UserApi::add(llvm::StringRef Spec, HandleKind Kind, bool Acquire,
                  std::vector<std::string> &Errors) {
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  Spec.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    // Split on ':' but not inside "::" (qualified C++ names).
    llvm::SmallVector<std::string, 4> Fields;
    std::string Cur;
    for (size_t I = 0; I < Entry.size(); ++I) {
      if (Entry[I] == ':' && I + 1 < Entry.size() && Entry[I + 1] == ':') {
        Cur += "::";
        ++I;
      } else if (Entry[I] == ':') {
        Fields.push_back(llvm::StringRef(Cur).trim().str());
        Cur.clear();
      } else {
        Cur += Entry[I];
      }
    }
    Fields.push_back(llvm::StringRef(Cur).trim().str());
    auto Bad = [&](llvm::StringRef Why) {
      Errors.push_back("'" + Entry.str() + "': " + Why.str());
    };
    unsigned Arg = 0;
    if (Fields.size() < 2 || Fields[0].empty() ||
        llvm::StringRef(Fields[1]).getAsInteger(10, Arg) || Arg > 64) {
      Bad("expected Name:Argument with a 0-based argument number");
      continue;
    }
    Row R{Fields[0], Kind, Acquire, static_cast<int>(Arg), -1,
          UserSuccess::FromReturnType};
    bool Ok = true;
    for (size_t I = 2; I < Fields.size() && Ok; ++I) {
      llvm::StringRef M = Fields[I];
      unsigned Cred = 0;
      if (!Acquire) {
        Bad("release functions take no modifiers");
        Ok = false;
      } else if (M == "status") {
        R.Success = UserSuccess::Status;
      } else if (M == "zero") {
        R.Success = UserSuccess::Zero;
      } else if (M == "nonzero") {
        R.Success = UserSuccess::NonZero;
      } else if (M == "always") {
        R.Success = UserSuccess::Always;
      } else if (Kind == HandleKind::Context && M.consume_front("cred=") &&
                 !M.getAsInteger(10, Cred) && Cred <= 64 && Cred != Arg) {
        R.CredArg = static_cast<int>(Cred);
      } else {
        Bad("unknown modifier '" + Fields[I] +
            "' (expected status, zero, nonzero, always" +
            (Kind == HandleKind::Context ? ", cred=N)" : ")"));
        Ok = false;
      }
    }
    if (Ok)
      Rows.push_back(std::move(R));
  }
}

namespace {
UserSuccess successFromReturnType(const FunctionDecl &FD) {
  QualType T = FD.getReturnType();
  if (T->isVoidType())
    return UserSuccess::Always;
  if (T->isBooleanType() || T->isPointerType())
    return UserSuccess::NonZero;
  for (int Depth = 0; Depth < 8 && !T.isNull(); ++Depth) {
    const auto *TT = T->getAs<TypedefType>();
    if (!TT)
      break;
    llvm::StringRef N = TT->getDecl()->getName();
    if (N == "BOOL" || N == "BOOLEAN")
      return UserSuccess::NonZero;
    if (N == "SECURITY_STATUS" || N == "HRESULT")
      return UserSuccess::Status;
    T = TT->getDecl()->getUnderlyingType();
  }
  return UserSuccess::Zero;
}

ApiOp userOp(HandleKind Kind, bool Acquire) {
  switch (Kind) {
  case HandleKind::Credential:
    return Acquire ? ApiOp::AcquireCredentials : ApiOp::FreeCredentials;
  case HandleKind::ContextBuffer:
    return Acquire ? ApiOp::AllocPackageBuffer : ApiOp::FreeContextBuffer;
  default:
    return Acquire ? ApiOp::ImportContext : ApiOp::DeleteContext;
  }
}
} // namespace

const ApiInfo *UserApi::lookup(const FunctionDecl &FD) const {
  const FunctionDecl *Key = FD.getCanonicalDecl();
  auto It = Resolved.find(Key);
  if (It != Resolved.end())
    return It->second ? &*It->second : nullptr;
  std::optional<ApiInfo> Info;
  std::string Qualified;
  for (const Row &R : Rows) {
    bool Match;
    if (llvm::StringRef(R.Name).contains("::")) {
      if (Qualified.empty())
        Qualified = FD.getQualifiedNameAsString();
      Match = Qualified == R.Name ||
              llvm::StringRef(Qualified).ends_with("::" + R.Name);
    } else {
      Match = FD.getIdentifier() && FD.getName() == R.Name;
    }
    if (!Match || static_cast<unsigned>(R.Arg) >= FD.getNumParams())
      continue;
    ApiInfo I{R.Name, userOp(R.Kind, R.Acquire), R.Arg};
    I.UserDeclared = true;
    I.CredArg = R.CredArg < static_cast<int>(FD.getNumParams()) ? R.CredArg : -1;
    UserSuccess S = R.Success == UserSuccess::FromReturnType
                        ? successFromReturnType(FD)
                        : R.Success;
    switch (S) {
    case UserSuccess::Status:
      I.UserCreated = SuccessStatus;
      break;
    case UserSuccess::Zero:
      I.UserCreated = SC_Ok;
      break;
    case UserSuccess::NonZero:
      I.UserCreated = AllStatus & ~SC_Ok;
      break;
    default:
      I.UserCreated = AllStatus;
      break;
    }
    Info = I;
    break;
  }
  auto &Slot = Resolved[Key];
  Slot = Info;
  return Slot ? &*Slot : nullptr;
}

std::string UserApi::releaseSuffix(HandleKind Kind) const {
  std::string Names;
  for (const Row &R : Rows)
    if (!R.Acquire && R.Kind == Kind)
      Names += (Names.empty() ? "" : ", ") + R.Name;
  return Names.empty() ? "" : " or " + Names;
}

std::string UserApi::fingerprint() const {
  std::string Out;
  for (const Row &R : Rows)
    Out += R.Name + ":" + std::to_string(R.Arg) + ":" +
           std::to_string(static_cast<int>(R.Kind)) + ":" +
           (R.Acquire ? "a" : "r") + ":" +
           std::to_string(static_cast<int>(R.Success)) + ":" +
           std::to_string(R.CredArg) + ";";
  return Out;
}

} // namespace model
} // namespace sspi
