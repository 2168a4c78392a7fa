//===- SspiTidyModule.cpp - Registers the sspi-* checks
//---------------------===//
#include "checks/ContextBufferLeakCheck.h"
#include "checks/ContextLeakCheck.h"
#include "checks/CredentialFreedBeforeContextCheck.h"
#include "checks/CredentialLeakCheck.h"
#include "checks/DoubleReleaseCheck.h"
#include "checks/ImpersonationNotRevertedCheck.h"
#include "checks/ShutdownWithoutCleanupCheck.h"
#include "checks/UseAfterReleaseCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace sspi {

class SspiTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &F) override {
    F.registerCheck<checks::ContextLeakCheck>("sspi-context-leak");
    F.registerCheck<checks::CredentialLeakCheck>("sspi-credential-leak");
    F.registerCheck<checks::CredentialFreedBeforeContextCheck>(
        "sspi-credential-freed-before-context");
    F.registerCheck<checks::DoubleReleaseCheck>("sspi-double-release");
    F.registerCheck<checks::UseAfterReleaseCheck>("sspi-use-after-release");
    F.registerCheck<checks::ContextBufferLeakCheck>("sspi-context-buffer-leak");
    F.registerCheck<checks::ImpersonationNotRevertedCheck>(
        "sspi-impersonation-not-reverted");
    F.registerCheck<checks::ShutdownWithoutCleanupCheck>(
        "sspi-shutdown-without-cleanup");
  }
};

} // namespace sspi

static clang::tidy::ClangTidyModuleRegistry::Add<sspi::SspiTidyModule>
    X("sspi-module", "Windows SSPI handle lifecycle checks.");

// Referenced by the standalone binary so the registration is linked in.
volatile int SspiTidyModuleAnchorSource = 0;
