//===- WinApi.h - Windows facts outside the SSPI tables ---------*- C++ -*-===//
//
// What the engine knows of the Windows API around SSPI: the shape of a
// SecHandle and of SecBuffer, the library functions that cannot touch a
// handle, the functions that zero memory, those that end an impersonation,
// the security DLLs, and the entry points through which a module shuts down.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_MODEL_WINAPI_H
#define SSPI_TIDY_MODEL_WINAPI_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace clang {
class CallExpr;
class Expr;
class FieldDecl;
class QualType;
class RecordDecl;
} // namespace clang

namespace sspi {
namespace model {

/// SecHandle/CredHandle/CtxtHandle (struct _SecHandle), or an untagged
/// struct of the same shape {dwLower, dwUpper} (WinPR declares one).
bool isSecHandleType(clang::QualType T);
/// `dwLower` / `dwUpper` of a SecHandle-shaped record.
bool isHandleBitsField(const clang::FieldDecl *F);
/// The second of the two stores SecInvalidateHandle expands to.
bool isSecondHandleBitsField(const clang::FieldDecl *F);
/// The macro whose expansion invalidates a handle in two statements.
constexpr llvm::StringLiteral InvalidateHandleMacro = "SecInvalidateHandle";

/// SecBuffer / SecBufferDesc member names.
constexpr llvm::StringLiteral BufferSizeField = "cbBuffer";
constexpr llvm::StringLiteral BufferPointerField = "pvBuffer";
constexpr llvm::StringLiteral DescBuffersField = "pBuffers";
/// A record of the package-allocated package lists (SecPkgInfoA/W), or a
/// SecHandle: a pointer to one held in a variable is package memory.
bool isPackageRecord(const clang::RecordDecl *RD);

/// _SECURITY_FUNCTION_TABLE_A/W, whose members are the API.
bool isFunctionTableRecord(const clang::RecordDecl *RD);

/// Library functions that take pointers but neither keep them nor reach
/// SSPI handles through globals: calling them changes nothing we track.
bool isPureLibraryFunction(llvm::StringRef Name);

/// memset-like functions. ZeroArg is the argument holding the fill value
/// (nullopt: the function always zeroes, like ZeroMemory).
struct ZeroFunction {
  std::optional<unsigned> ValueArg;
};
std::optional<ZeroFunction> zeroFunction(llvm::StringRef Name);

/// RevertToSelf() and SetThreadToken(NULL, NULL): the thread's own token
/// back, every impersonation on it ends.
enum class ImpersonationEnd : uint8_t { No, Always, IfArgumentsNull };
ImpersonationEnd impersonationEnd(llvm::StringRef Name, unsigned NumArgs);

/// FreeLibrary(h): unloads a module.
bool isFreeLibrary(llvm::StringRef Name);
/// The argument of a C runtime / Win32 call that frees a block of memory
/// (free(p), HeapFree(heap, flags, p), LocalFree(p), ...).
std::optional<unsigned> freedMemoryArg(llvm::StringRef Name);
/// LoadLibrary*("secur32.dll") and the other DLLs that export the SSPI.
bool loadsSecurityDll(const clang::Expr *E);

/// A function whose name says its job is to impersonate: it leaves the
/// thread impersonating on purpose.
bool namesImpersonation(llvm::StringRef FunctionName);

/// Shutdown entry points (shared/sspi-semantics.md section 8).
bool isDllEntryPoint(llvm::StringRef Name, unsigned NumParams);
constexpr unsigned DllReasonParam = 1, DllReservedParam = 2;
constexpr int64_t DllProcessDetach = 0; ///< DLL_PROCESS_DETACH
bool isIsapiTerminator(llvm::StringRef Name);
/// atexit, _onexit, at_quick_exit: the argument runs at exit.
bool registersExitHandler(llvm::StringRef Name);
/// RegisterServiceCtrlHandler(Ex)(A/W): argument 1 is the control handler,
/// whose parameter 0 is SERVICE_CONTROL_STOP on the way out.
bool registersServiceHandler(llvm::StringRef Name);
constexpr unsigned ServiceHandlerArg = 1, ServiceControlParam = 0;
constexpr int64_t ServiceControlStop = 1; ///< SERVICE_CONTROL_STOP

} // namespace model
} // namespace sspi

#endif
