//===- CredentialOrderCheck.cpp - sspi-credential-freed-before-context ----===//
//
// A credential freed with FreeCredentialsHandle while a security context
// created from it is still live on that path, the context deleted only
// afterwards (FreeCredentialsHandle documents: delete the contexts first).
//
//===----------------------------------------------------------------------===//
#include "SspiChecks.h"
#include "Wording.h"

using namespace sspi::analysis;

namespace sspi {
namespace checks {

CredentialFreedBeforeContextCheck::CredentialFreedBeforeContextCheck(
    llvm::StringRef N, clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::CredentialFreedBeforeContext) {}

std::string CredentialFreedBeforeContextCheck::message(const Finding &F) const {
  return "credential " + quoted(F.CredName) + " is freed while security " +
         "context " + quoted(F.HandleName) +
         " created from it is still live; delete the context first";
}

} // namespace checks
} // namespace sspi
