//===- UserApi.cpp - A project's own acquire and release functions --------===//
#include "UserApi.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace sspi {
namespace model {

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
    Row R{Fields[0], Kind,
          Acquire,   static_cast<int>(Arg),
          -1,        UserSuccess::FromReturnType};
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

} // namespace

const ApiInfo *UserApi::lookup(const FunctionDecl &FD) const {
  const FunctionDecl *Key = FD.getCanonicalDecl();
  auto It = Resolved.find(Key);
  if (It != Resolved.end())
    return It->second.has_value() ? &It->second.value() : nullptr;
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
    const KindTraits &KT = kindTraits(R.Kind);
    ApiInfo I{R.Name, R.Acquire ? KT.UserAcquire : KT.UserRelease, R.Arg};
    I.UserDeclared = true;
    I.CredArg =
        R.CredArg < static_cast<int>(FD.getNumParams()) ? R.CredArg : -1;
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
  return Slot.has_value() ? &Slot.value() : nullptr;
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
