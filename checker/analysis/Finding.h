//===- Finding.h - What the engine reports: facts, no words -----*- C++ -*-===//
//
// A finding says what happened to which handle, where, and the path that
// explains it, as facts; the check that owns the finding's kind writes the
// message and the notes (checks/Wording.h). FindingKind is produced from the
// registry of checks, checks/SspiChecks.def.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_FINDING_H
#define SSPI_TIDY_ANALYSIS_FINDING_H

#include "../model/SspiApi.h"
#include "AccessPath.h"

#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace sspi {
namespace analysis {

/// One kind per check; each check emits only its own kind.
enum class FindingKind : uint8_t {
#define SSPI_CHECK(Id, ...) Id,
#include "../checks/SspiChecks.def"
};

/// The check that reports a handle of this kind lost (HandleKinds.def).
FindingKind leakFinding(model::HandleKind K);

/// What went wrong.
enum class Event : uint8_t {
  Lost,            ///< a path leaves it live (scope end, return)
  Overwritten,     ///< a new value replaced it while live
  DoubleRelease,   ///< released again on the same path
  UseAfterRelease, ///< passed to an SSPI call after its release
  WrongOrder,      ///< its credential freed while it was live
  ShutdownLive,    ///< live when a shutdown entry point returns
  LibraryUnloaded, ///< its DLL unloaded (FreeLibrary) while live
  TeardownLost,    ///< live at the end of a teardown of its owner object
  OwnerFreed,      ///< live when the memory holding it is freed
  /// Released by one function (UsedBy) without being reset, and again by
  /// its owner's teardown (EntryPoint).
  LifetimeDoubleRelease,
  /// A C++ object whose destructor releases the handle member is copied
  /// with it (analysis/OwnerCopies): the original and the copy release it.
  CopiedOwner,
};

/// The steps of a path, as facts.
enum class NoteKind : uint8_t {
  Created,            ///< Subject created here by Text (Handle says the kind)
  CreatedOnStatus,    ///< the same, held since the status may be Other
  CreatedFrom,        ///< context Subject created from credential Other by Text
  Assuming,           ///< assuming condition Text is Flag (true/false)
  TakingCase,         ///< taking 'case Text:'
  TakingDefault,      ///< taking 'default:'
  UsedUnchecked,      ///< Subject used without checking its creation
  ContinuesHandshake, ///< call Text continues the handshake on Subject
  HelperKeeps,        ///< helper Text returns without releasing Subject
  CredFreedWhileLive, ///< credential Other freed while Subject is live
  InvalidateTwoStatements, ///< SecInvalidateHandle is two statements
  ReleasedHere, ///< Subject released here (by helper Text; Flag: earlier loop)
  DeletedOnlyHere, ///< context Subject deleted only here, after its credential
  /// Context Subject is made from credential Other: by function Text, or
  /// (Text empty) both are fields of the object Flag... of owner Text2.
  MadeFrom,
  /// Subject created here by Text in function Other, which leaves it in
  /// its Owner object.
  CreatedInOwner,
  Text,            ///< Text as written by a client (a check's own words)
  /// Owner's copy operation Text ("copy constructor", "copy assignment
  /// operator") copies handle member Subject; Flag: written by the user
  /// (the note points at the copying code), else implicit or defaulted
  /// (Text2: "implicit" or "defaulted").
  CopiedBy,
  /// Destructor Owner releases Subject here (through helper Text, if not
  /// empty) when object Other is destroyed, Role saying what Other is
  /// (Function: the function of a parameter); Flag: the copy, the second
  /// release.
  ReleasedWhenDestroyed,
  /// Owner has no move constructor (or move assignment, Flag): the rvalue
  /// Text is copied.
  RvalueCopied,
};

/// What the object a ReleasedWhenDestroyed note names is.
enum class CopyRole : uint8_t {
  Named,     ///< a variable or an expression: Other
  Parameter, ///< parameter Other of Function
  Returned,  ///< the object a function returns
  Temporary, ///< a temporary: Other is its expression
  Anonymous, ///< an object with no name (new, a lambda capture, a member)
};

struct PathNote {
  clang::SourceLocation Loc;
  NoteKind Kind = NoteKind::Text;
  model::HandleKind Handle = model::HandleKind::Context;
  bool Flag = false;
  std::string Subject; ///< a handle's source name
  std::string Text;    ///< a quoted condition, an API or helper name
  std::string Other;   ///< a second handle (the credential)
  std::string Owner;   ///< MadeFrom: the owner type both are fields of
  std::string Text2;   ///< CopiedBy: "implicit" or "defaulted"
  std::string Function; ///< ReleasedWhenDestroyed: the parameter's function
  CopyRole Role = CopyRole::Named; ///< ReleasedWhenDestroyed
};

struct Finding {
  FindingKind Kind;
  Event What;
  model::HandleKind Handle;
  clang::SourceLocation Loc;
  /// Identity of the handle (access path, owning declarations included).
  AccessPath Key;
  std::string HandleName; ///< its source name
  std::string CreatedBy;  ///< the API or helper that created it
  std::string UsedBy;     ///< UseAfterRelease: the call that used it
  std::string CredName;   ///< WrongOrder: the credential
  std::string EntryPoint; ///< ShutdownLive, TeardownLost: the function
  /// TeardownLost, OwnerFreed, LifetimeDoubleRelease, CopiedOwner: the
  /// owner type.
  std::string Owner;
  std::string Freed;      ///< OwnerFreed: the freed pointer as written
  /// The project's own declared release functions of its kind, for
  /// "(missing X or Y)": "" or " or CloseContext".
  std::string AlsoReleasedBy;
  std::vector<PathNote> Notes;
  /// CopiedOwner: the expression copied (Source) and the destructor that
  /// releases the handle (Releaser, "~AuthCtx").
  std::string Source;
  std::string Releaser;
};

} // namespace analysis
} // namespace sspi

#endif
