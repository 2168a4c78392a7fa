//===- Wording.cpp - How the sspi-* checks say what they found ------------===//
#include "Wording.h"

using namespace sspi::analysis;
using namespace sspi::model;

namespace sspi {
namespace checks {

std::string quoted(llvm::StringRef Name) { return "'" + Name.str() + "'"; }

std::string missingRelease(const Finding &F) {
  return " (missing " + kindTraits(F.Handle).ReleaseApi.str() +
         F.AlsoReleasedBy + ")";
}

namespace {
std::string created(const PathNote &N) {
  const KindTraits &K = kindTraits(N.Handle);
  if (N.Handle == HandleKind::Impersonation)
    return "the thread starts impersonating the client of " +
           quoted(N.Subject) + " here (" + N.Text + ")";
  return K.Noun.str() + " " + quoted(N.Subject) + " " + K.CreatedVerb.str() +
         " here by " + N.Text;
}

std::string ownerCopy(const PathNote &N) {
  std::string Op = N.Text + " of " + quoted(N.Owner);
  if (N.Flag)
    return "the " + Op + " copies " + quoted(N.Subject) + " here";
  return "the " + N.Text2 + " " + Op + " copies " + quoted(N.Subject);
}

std::string destroyedObject(const PathNote &N) {
  switch (N.Role) {
  case CopyRole::Named:
    return quoted(N.Other);
  case CopyRole::Parameter:
    return "parameter " + quoted(N.Other) + " of " + quoted(N.Function);
  case CopyRole::Returned:
    return "the returned object";
  case CopyRole::Temporary:
    return "the temporary " + quoted(N.Other);
  case CopyRole::Anonymous:
    break;
  }
  return "the new object";
}

std::string releasedWhenDestroyed(const PathNote &N) {
  std::string S = quoted(N.Owner) + " " + releaseVerbPresent(N.Handle) + " " +
                  quoted(N.Subject) + " here";
  if (!N.Text.empty())
    S += " (by " + quoted(N.Text) + ")";
  if (N.Flag)
    return S + " again when the copy, " + destroyedObject(N) +
           ", is destroyed";
  return S + " when " + destroyedObject(N) + " is destroyed";
}

std::string released(const PathNote &N) {
  std::string S = quoted(N.Subject) + " " +
                  kindTraits(N.Handle).ReleasedVerb.str() + " here";
  if (!N.Text.empty())
    S += " by " + quoted(N.Text);
  if (N.Flag)
    S += " in an earlier iteration of the loop";
  return S;
}
} // namespace

std::string noteText(const PathNote &N) {
  switch (N.Kind) {
  case NoteKind::Created:
    return created(N);
  case NoteKind::CreatedInOwner: {
    const KindTraits &K = kindTraits(N.Handle);
    return K.Noun.str() + " " + quoted(N.Subject) + " (a field of " +
           quoted(N.Owner) + ") is " + K.CreatedVerb.str() + " here by " +
           N.Text + (N.Other.empty() ? "" : " in " + quoted(N.Other));
  }
  case NoteKind::CreatedOnStatus:
    return created(N) + "; it exists when the call returns " + N.Other +
           " (the usual result of a first call), which this path does not "
           "rule out";
  case NoteKind::CreatedFrom:
    return "security context " + quoted(N.Subject) + " created from " +
           quoted(N.Other) + " here by " + N.Text;
  case NoteKind::Assuming:
    return "assuming " + quoted(N.Text) + (N.Flag ? " is true" : " is false");
  case NoteKind::TakingCase:
    return "taking 'case " + N.Text + ":'";
  case NoteKind::TakingDefault:
    return "taking 'default:'";
  case NoteKind::UsedUnchecked:
    return quoted(N.Subject) +
           " is used here without checking that its creation succeeded";
  case NoteKind::ContinuesHandshake:
    return N.Text + " continues the handshake on " + quoted(N.Subject) +
           "; the context must be deleted even if this fails";
  case NoteKind::HelperKeeps:
    return quoted(N.Text) + " returns without releasing " + quoted(N.Subject) +
           " on some paths";
  case NoteKind::CredFreedWhileLive:
    return "credential " + quoted(N.Other) + " freed here while " +
           quoted(N.Subject) + " is still live";
  case NoteKind::InvalidateTwoStatements:
    return "SecInvalidateHandle expands to two statements; an 'if' without "
           "braces guards only the first";
  case NoteKind::ReleasedHere:
    return released(N);
  case NoteKind::MadeFrom:
    if (!N.Text.empty())
      return quoted(N.Text) + " creates security context " +
             quoted(N.Subject) + " from credential " + quoted(N.Other);
    return "security context " + quoted(N.Subject) + " and credential " +
           quoted(N.Other) + " belong to the same " + quoted(N.Owner);
  case NoteKind::DeletedOnlyHere:
    return quoted(N.Subject) + " is deleted only here, after its credential";
  case NoteKind::Text:
    return N.Text;
  case NoteKind::CopiedBy:
    return ownerCopy(N);
  case NoteKind::ReleasedWhenDestroyed:
    return releasedWhenDestroyed(N);
  case NoteKind::RvalueCopied:
    return quoted(N.Owner) + " has no move " +
           (N.Flag ? "assignment operator" : "constructor") + ": " +
           quoted(N.Text) + " is copied";
  }
  return N.Text;
}

std::string releaseVerbPresent(HandleKind K) {
  // "deleted" -> "deletes", "freed" -> "frees".
  llvm::StringRef V = kindTraits(K).ReleasedVerb;
  return V.drop_back().str() + "s";
}

} // namespace checks
} // namespace sspi
