//===- WinApi.cpp - Windows facts outside the SSPI tables -----------------===//
#include "WinApi.h"

#include "llvm/ADT/StringSwitch.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringSet.h"

#include <string>

using namespace clang;

namespace sspi {
namespace model {

bool isSecHandleType(QualType T) {
  if (T.isNull())
    return false;
  const auto *RT = T.getCanonicalType()->getAs<RecordType>();
  if (!RT)
    return false;
  const RecordDecl *RD = RT->getDecl();
  if (RD->getIdentifier() && RD->getName() == "_SecHandle")
    return true;
  // WinPR and other SSPI headers declare an untagged struct: recognise the
  // shape {dwLower, dwUpper}.
  bool Lower = false, Upper = false;
  unsigned N = 0;
  for (const FieldDecl *F : RD->fields()) {
    ++N;
    if (F->getIdentifier()) {
      Lower |= F->getName() == "dwLower";
      Upper |= F->getName() == "dwUpper";
    }
  }
  return N == 2 && Lower && Upper;
}

bool isHandleBitsField(const FieldDecl *F) {
  return F && F->getIdentifier() &&
         (F->getName() == "dwLower" || F->getName() == "dwUpper");
}

bool isSecondHandleBitsField(const FieldDecl *F) {
  return F && F->getIdentifier() && F->getName() == "dwUpper";
}

bool isPackageRecord(const RecordDecl *RD) {
  return RD && RD->getIdentifier() &&
         (RD->getName() == "_SecPkgInfoA" || RD->getName() == "_SecPkgInfoW" ||
          RD->getName() == "_SecHandle");
}

bool isFunctionTableRecord(const RecordDecl *RD) {
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  return N == "_SECURITY_FUNCTION_TABLE_W" || N == "_SECURITY_FUNCTION_TABLE_A";
}

bool isPureLibraryFunction(llvm::StringRef N) {
  static const llvm::StringSet<> Pure = {
      "printf", "fprintf", "sprintf", "snprintf", "vprintf", "vfprintf",
      "vsnprintf", "wprintf", "fwprintf", "swprintf", "_snprintf", "_snwprintf",
      "puts", "fputs", "putchar", "strlen", "wcslen", "strcmp", "wcscmp",
      "strncmp", "wcsncmp", "_stricmp", "_wcsicmp", "strcpy", "wcscpy",
      "strncpy", "wcsncpy", "strcat", "wcscat", "strchr", "strstr", "malloc",
      "calloc", "realloc", "free", "GetLastError", "SetLastError",
      "WSAGetLastError", "Sleep", "OutputDebugStringA", "OutputDebugStringW",
      "lstrlenA", "lstrlenW", "send", "recv", "closesocket", "LocalFree",
      "LocalAlloc", "HeapAlloc", "HeapFree", "GetProcessHeap", "abort", "exit",
      "memcmp", "MultiByteToWideChar", "WideCharToMultiByte",
      // Shutdown paths: kernel32/ws2_32/advapi32 calls that cannot release
      // an SSPI handle.
      "FreeLibrary", "CloseHandle", "DeleteCriticalSection",
      "EnterCriticalSection", "LeaveCriticalSection",
      "InitializeCriticalSection", "DisableThreadLibraryCalls", "SetEvent",
      "ResetEvent", "WaitForSingleObject", "WaitForMultipleObjects",
      "SetServiceStatus", "WSACleanup", "ReportEventA", "ReportEventW",
      "TlsFree", "TlsAlloc", "GetModuleHandleA", "GetModuleHandleW"};
  return Pure.count(N) != 0;
}

std::optional<ZeroFunction> zeroFunction(llvm::StringRef N) {
  if (N == "memset" || N == "__builtin_memset")
    return ZeroFunction{1u};
  if (N == "RtlSecureZeroMemory" || N == "SecureZeroMemory" ||
      N == "RtlZeroMemory" || N == "ZeroMemory" || N == "bzero")
    return ZeroFunction{std::nullopt};
  return std::nullopt;
}

ImpersonationEnd impersonationEnd(llvm::StringRef N, unsigned NumArgs) {
  if (N == "RevertToSelf")
    return ImpersonationEnd::Always;
  if (N == "SetThreadToken" && NumArgs == 2)
    return ImpersonationEnd::IfArgumentsNull;
  return ImpersonationEnd::No;
}

bool isFreeLibrary(llvm::StringRef N) { return N == "FreeLibrary"; }

std::optional<unsigned> freedMemoryArg(llvm::StringRef N) {
  return llvm::StringSwitch<std::optional<unsigned>>(N)
      .Cases("free", "_aligned_free", "LocalFree", "GlobalFree",
             "CoTaskMemFree", 0u)
      .Case("HeapFree", 2u)
      .Default(std::nullopt);
}

namespace {
bool isSecurityDllName(llvm::StringRef S) {
  std::string L = S.lower();
  for (const char *N : {"secur32", "security.dll", "sspicli", "schannel"})
    if (L.find(N) != std::string::npos)
      return true;
  return false;
}
} // namespace

bool loadsSecurityDll(const Expr *E) {
  const auto *C = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenCasts() : E);
  if (!C || !C->getDirectCallee() || !C->getDirectCallee()->getIdentifier() ||
      C->getNumArgs() < 1)
    return false;
  if (!C->getDirectCallee()->getName().starts_with("LoadLibrary"))
    return false;
  const auto *SL = dyn_cast<StringLiteral>(C->getArg(0)->IgnoreParenCasts());
  if (!SL)
    return false;
  if (SL->getCharByteWidth() == 1)
    return isSecurityDllName(SL->getString());
  std::string Narrow;
  for (unsigned I = 0; I < SL->getLength(); ++I)
    Narrow += static_cast<char>(SL->getCodeUnit(I) & 0x7f);
  return isSecurityDllName(Narrow);
}

bool namesImpersonation(llvm::StringRef FunctionName) {
  return FunctionName.lower().find("impersonat") != std::string::npos;
}

bool isDllEntryPoint(llvm::StringRef N, unsigned NumParams) {
  return (N == "DllMain" || N == "DllEntryPoint") && NumParams == 3;
}

bool isIsapiTerminator(llvm::StringRef N) {
  return N == "TerminateExtension" || N == "TerminateFilter";
}

bool registersExitHandler(llvm::StringRef N) {
  return N == "atexit" || N == "_onexit" || N == "at_quick_exit";
}

bool registersServiceHandler(llvm::StringRef N) {
  return N.starts_with("RegisterServiceCtrlHandler");
}

} // namespace model
} // namespace sspi
