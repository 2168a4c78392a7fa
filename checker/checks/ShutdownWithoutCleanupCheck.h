//===- ShutdownWithoutCleanupCheck.h - sspi-shutdown-without-cleanup -*- C++
//-*-===//
#ifndef SSPI_TIDY_CHECKS_SHUTDOWNWITHOUTCLEANUPCHECK_H
#define SSPI_TIDY_CHECKS_SHUTDOWNWITHOUTCLEANUPCHECK_H

#include "SspiFindingCheck.h"

#include <string>
#include <vector>

namespace sspi {
namespace checks {

/// A server or DLL that shuts down (DllMain on DLL_PROCESS_DETACH, atexit
/// handlers, TerminateExtension, a service's stop handler, ShutdownFunctions)
/// while global SSPI handles are still live; and FreeLibrary of the security
/// DLL while handles obtained through its function table are live.
/// See docs/checks/sspi-shutdown-without-cleanup.md.
class ShutdownWithoutCleanupCheck : public SspiFindingCheck {
public:
  ShutdownWithoutCleanupCheck(llvm::StringRef Name,
                              clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void addTUFindings(analysis::TUAnalysis &A,
                     std::vector<const analysis::Finding *> &Out) override;

private:
  std::string ShutdownFunctions;
  std::vector<std::string> Patterns;
};

} // namespace checks
} // namespace sspi

#endif
