//===- LeakChecks.cpp - Handles a path loses ------------------------------===//
//
// sspi-context-leak, sspi-credential-leak, sspi-context-buffer-leak and
// sspi-impersonation-not-reverted: a handle (a context, a credential, memory
// a package allocated, the thread's impersonation of a client) that a path
// loses without releasing it, or overwrites while it is live.
//
//===----------------------------------------------------------------------===//
#include "SspiChecks.h"
#include "Wording.h"

using namespace sspi::analysis;
using namespace sspi::model;

namespace sspi {
namespace checks {

ContextLeakCheck::ContextLeakCheck(llvm::StringRef N,
                                   clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::ContextLeak) {}

llvm::StringRef defaultTeardownFunctions() {
  // Functions given a pointer to an object that owns SSPI handles, whose
  // name says the object's life (or its authentication state) ends.
  return "(^|_)(free|destroy|close|cleanup|release|uninit|dispose|teardown)"
         "(_|$);"
         "(^|[a-z0-9_])(Free|Destroy|Close|Cleanup|Release|Uninit|Dispose|"
         "Teardown)([A-Z_]|$)";
}

namespace {
/// A handle an object owns, left live by a teardown of the object.
std::string ownerMessage(const Finding &F, llvm::StringRef What,
                         llvm::StringRef Never) {
  std::string Handle = What.str() + " " + quoted(F.HandleName);
  if (F.What == Event::OwnerFreed)
    return Handle + " is still live when " + quoted(F.Freed) +
           " is freed" + missingRelease(F);
  return Handle + " is never " + Never.str() + " on this path of " +
         quoted(F.EntryPoint) + ", which tears down its " + quoted(F.Owner) +
         missingRelease(F);
}
} // namespace

std::string ContextLeakCheck::message(const Finding &F) const {
  if (F.What == Event::TeardownLost || F.What == Event::OwnerFreed)
    return ownerMessage(F, "security context", "deleted");
  if (F.What == Event::Overwritten)
    return "security context " + quoted(F.HandleName) +
           " is overwritten while still live; the context it held is never "
           "deleted";
  return "security context " + quoted(F.HandleName) +
         " is never deleted on this path" + missingRelease(F);
}

CredentialLeakCheck::CredentialLeakCheck(llvm::StringRef N,
                                         clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::CredentialLeak) {}

std::string CredentialLeakCheck::message(const Finding &F) const {
  if (F.What == Event::TeardownLost || F.What == Event::OwnerFreed)
    return ownerMessage(F, "credential", "freed");
  if (F.What == Event::Overwritten)
    return "credential " + quoted(F.HandleName) +
           " is overwritten while still live; the credential it held is "
           "never freed";
  return "credential " + quoted(F.HandleName) + " is never freed on this path" +
         missingRelease(F);
}

ContextBufferLeakCheck::ContextBufferLeakCheck(
    llvm::StringRef N, clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::ContextBufferLeak) {}

std::string ContextBufferLeakCheck::message(const Finding &F) const {
  // Package buffers and the other objects a package hands to the caller
  // (HandleKinds.def rows whose LeakCheck is this one).
  const KindTraits &K = kindTraits(F.Handle);
  std::string What = K.Noun.str() + " " + quoted(F.HandleName) + " " +
                     K.CreatedVerb.str() + " by " + F.CreatedBy;
  if (F.What == Event::Overwritten)
    return What + " is overwritten while still allocated" + missingRelease(F);
  return What + " is never " + K.ReleasedVerb.str() + " on this path" +
         missingRelease(F);
}

ImpersonationNotRevertedCheck::ImpersonationNotRevertedCheck(
    llvm::StringRef N, clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::ImpersonationNotReverted) {}

std::string ImpersonationNotRevertedCheck::message(const Finding &F) const {
  return "the thread still impersonates the client of " + quoted(F.HandleName) +
         " on this path" + missingRelease(F);
}

} // namespace checks
} // namespace sspi
