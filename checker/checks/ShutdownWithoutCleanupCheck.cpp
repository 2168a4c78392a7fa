//===- ShutdownWithoutCleanupCheck.cpp - sspi-shutdown-without-cleanup
//-----===//
#include "ShutdownWithoutCleanupCheck.h"
#include "../analysis/Engine.h"

namespace sspi {
namespace checks {

namespace {
// Functions with external linkage whose name says the server or module is
// going away. Per-object cleanups (with a pointer or reference parameter)
// are excluded by the engine.
constexpr llvm::StringLiteral DefaultShutdownFunctions =
    "(Stop|Shutdown|Terminate|Unload|Uninit|Uninitialize|Fini|GlobalCleanup)$;"
    "_(stop|shutdown|terminate|unload|uninit|uninitialize|fini)$;"
    "global_cleanup$";
} // namespace

ShutdownWithoutCleanupCheck::ShutdownWithoutCleanupCheck(
    llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(Name, Context,
                       analysis::FindingKind::ShutdownWithoutCleanup),
      ShutdownFunctions(
          Options.get("ShutdownFunctions", DefaultShutdownFunctions).str()) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  llvm::StringRef(ShutdownFunctions).split(Parts, ';', -1, false);
  for (llvm::StringRef P : Parts)
    Patterns.push_back(P.trim().str());
}

void ShutdownWithoutCleanupCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ShutdownFunctions", ShutdownFunctions);
}

void ShutdownWithoutCleanupCheck::addTUFindings(
    analysis::TUAnalysis &A, std::vector<const analysis::Finding *> &Out) {
  for (const analysis::Finding &F : A.shutdownFindings(Patterns))
    Out.push_back(&F);
}

} // namespace checks
} // namespace sspi
