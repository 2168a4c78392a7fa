//===- SspiTidyModule.cpp - Registers the sspi-* checks ---------------------===//
#include "checks/ContextLeakCheck.h"
#include "checks/CredentialLeakCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace sspi {

class SspiTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &F) override {
    F.registerCheck<checks::ContextLeakCheck>("sspi-context-leak");
    F.registerCheck<checks::CredentialLeakCheck>("sspi-credential-leak");
  }
};

} // namespace sspi

static clang::tidy::ClangTidyModuleRegistry::Add<sspi::SspiTidyModule>
    X("sspi-module", "Windows SSPI handle lifecycle checks.");

// Referenced by the standalone binary so the registration is linked in.
volatile int SspiTidyModuleAnchorSource = 0;
