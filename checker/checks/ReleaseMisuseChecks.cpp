//===- ReleaseMisuseChecks.cpp - What a path does after a release ---------===//
//
// sspi-double-release and sspi-use-after-release: a second release of what
// the path already released, and an SSPI call on it.
//
//===----------------------------------------------------------------------===//
#include "SspiChecks.h"
#include "Wording.h"

using namespace sspi::analysis;
using namespace sspi::model;

namespace sspi {
namespace checks {

DoubleReleaseCheck::DoubleReleaseCheck(llvm::StringRef N,
                                       clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::DoubleRelease) {}

std::string DoubleReleaseCheck::message(const Finding &F) const {
  const KindTraits &K = kindTraits(F.Handle);
  if (F.What == Event::LifetimeDoubleRelease)
    return K.Noun.str() + " " + quoted(F.HandleName) + " is " +
           K.ReleasedVerb.str() + " twice over the life of its " +
           quoted(F.Owner) + ": " + quoted(F.UsedBy) + " " +
           K.ReleasedVerb.str() + " it without resetting it, and teardown " +
           quoted(F.EntryPoint) + " " + K.ReleasedVerb.str() +
           " it again; invalidate it (SecInvalidateHandle) after the first "
           "release, or test it before the second";
  if (F.What == Event::CopiedOwner)
    return "copy of " + quoted(F.Source) + " duplicates " + K.Noun.str() +
           " " + quoted(F.HandleName) + " that " + quoted(F.Releaser) + " " +
           releaseVerbPresent(F.Handle) + ": both copies " +
           K.ReleasedVerb.drop_back().str() + " it; delete the copy "
           "operations of " + quoted(F.Owner) + " or give it move semantics";
  std::string M = K.Noun.str() + " " + quoted(F.HandleName) + " is " +
                  K.ReleasedVerb.str() + " twice on this path";
  // Memory handed back: say with what.
  if (K.PointerValued)
    M += " (" + K.ReleaseApi.str() + ")";
  return M;
}

UseAfterReleaseCheck::UseAfterReleaseCheck(
    llvm::StringRef N, clang::tidy::ClangTidyContext *Context)
    : SspiFindingCheck(N, Context, FindingKind::UseAfterRelease) {}

std::string UseAfterReleaseCheck::message(const Finding &F) const {
  const KindTraits &K = kindTraits(F.Handle);
  return K.Noun.str() + " " + quoted(F.HandleName) + " is used by " + F.UsedBy +
         " after it was " + K.ReleasedVerb.str();
}

} // namespace checks
} // namespace sspi
