//===- SspiTidyModule.cpp - Registers the sspi-* checks -------------------===//
#include "checks/SspiChecks.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace sspi {

/// Registers every check of checks/SspiChecks.def.
class SspiTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &F) override {
#define SSPI_CHECK(Id, Name, Class, Cwe, Summary)                              \
  F.registerCheck<checks::Class>(Name);
#include "checks/SspiChecks.def"
  }
};

} // namespace sspi

static clang::tidy::ClangTidyModuleRegistry::Add<sspi::SspiTidyModule>
    X("sspi-module", "Windows SSPI handle lifecycle checks.");

// Referenced by the standalone binary so the registration is linked in.
volatile int SspiTidyModuleAnchorSource = 0;
