//===- ShutdownWithoutCleanupCheck.cpp - sspi-shutdown-without-cleanup ----===//
//
// A server or DLL that shuts down (DllMain on DLL_PROCESS_DETACH, atexit
// handlers, TerminateExtension, a service's stop handler, the destructor of
// a static object, ShutdownFunctions) while global SSPI handles are still
// live; and FreeLibrary of the security DLL while handles obtained through
// its function table are live. The analysis: shutdown/ShutdownClient.h.
//
//===----------------------------------------------------------------------===//
#include "SspiChecks.h"
#include "Wording.h"

using namespace sspi::analysis;
using namespace sspi::model;

namespace sspi {
namespace checks {

llvm::StringRef defaultShutdownFunctions() {
  // Functions with external linkage whose name says the server or module is
  // going away. Per-object cleanups (with a pointer or reference parameter)
  // are excluded by the analysis.
  return "(Stop|Shutdown|Terminate|Unload|Uninit|Uninitialize|Fini|"
         "GlobalCleanup)$;"
         "_(stop|shutdown|terminate|unload|uninit|uninitialize|fini)$;"
         "global_cleanup$";
}

ShutdownWithoutCleanupCheck::ShutdownWithoutCleanupCheck(
    llvm::StringRef N, clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::ShutdownWithoutCleanup) {}

std::string ShutdownWithoutCleanupCheck::message(const Finding &F) const {
  bool Ctx = F.Handle == HandleKind::Context;
  std::string Handle =
      kindTraits(F.Handle).Noun.str() + " " + quoted(F.HandleName);
  if (F.What == Event::LibraryUnloaded)
    return "FreeLibrary unloads the security DLL while " + Handle +
           " obtained through its function table is still live; it can no "
           "longer be released";
  return Handle + " is still live when shutdown entry point " +
         quoted(F.EntryPoint) + " returns; " +
         (Ctx ? "delete it with DeleteSecurityContext"
              : "free it with FreeCredentialsHandle") +
         " before the module unloads";
}

} // namespace checks
} // namespace sspi
