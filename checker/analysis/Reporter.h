//===- Reporter.h - Findings of one function, with their paths --*- C++ -*-===//
//
// Records each finding once per (kind, location, handle), with the notes of
// the path that explains it: the handle's creation, then the trail since,
// filtered by control dependence (a plain branch is shown only when the
// finding depends on it, or when the code the choice skipped touches the
// handle). Produces facts only; the checks write the words.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_REPORTER_H
#define SSPI_TIDY_ANALYSIS_REPORTER_H

#include "Owners.h"
#include "Finding.h"
#include "PathState.h"

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class CFGBlock;
class Stmt;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

class Reporter {
public:
  explicit Reporter(FunctionContext &FC) : FC(FC) {}

  /// A handle lost where the path leaves its scope (or overwritten).
  void reportLost(const PathState &S, const AccessPath &K,
                  const HandleInfo &Info, clang::SourceLocation Where,
                  bool Overwritten);
  /// A second release or a use after release, at Site.
  void reportReleaseMisuse(const PathState &S, Event What, const AccessPath &K,
                           const HandleInfo &H, const clang::Stmt *Site,
                           llvm::StringRef By);
  /// A context deleted after its credential was freed (at the free).
  void reportWrongOrder(const PathState &S, const AccessPath &K,
                        const HandleInfo &H, const clang::Stmt *DeleteSite);
  /// The same in cleanup code, on handles whose state at entry is unknown:
  /// Cred (freed on this path) and Ctx (deleted at DeleteSite) belong to
  /// one object of type Owner, or Maker makes the one from the other.
  void reportCleanupOrder(const PathState &S, const AccessPath &Ctx,
                          const AccessPath &CredKey, const HandleInfo &Cred,
                          const clang::Stmt *DeleteSite,
                          const MadeFrom &Maker,
                          const std::string &Owner);

  /// Reserves (kind, location, handle) for a finding made on S; false if
  /// that finding was made, or when S's notes may not describe one path
  /// (after a join; counted in the statistics).
  bool record(FindingKind Kind, clang::SourceLocation Where,
              const std::string &Name, const PathState &S);
  /// A finding whose location was recorded.
  void add(Finding F) { Findings.push_back(std::move(F)); }
  /// The creation note and the trail since, for a finding at Where.
  std::vector<PathNote> notesFor(const PathState &S, const HandleInfo &Info,
                                 const AccessPath &K,
                                 const clang::CFGBlock *Where) const;
  /// Whether a plain branch explains a finding at Where about K: Where is
  /// control dependent on the choice, or the code skipped by the choice
  /// touches K's variable (TakenSideToo: or the side taken does).
  bool branchMatters(const TrailNote &T, const AccessPath &K,
                     const clang::CFGBlock *Where,
                     bool TakenSideToo = false) const;
  /// A finding about handle H at K, reported at Where: the facts every
  /// finding about a handle has.
  Finding baseFinding(FindingKind Kind, Event What, const AccessPath &K,
                      const HandleInfo &H, clang::SourceLocation Where) const;
  /// The creation note of a handle.
  static PathNote creationNote(const HandleInfo &Info, clang::SourceLocation L);
  /// The same; for a context held because its tested status may still be
  /// SEC_I_CONTINUE_NEEDED, the note says so.
  static PathNote creationNote(const PathState &S, const HandleInfo &Info,
                               clang::SourceLocation L);

  std::vector<Finding> takeFindings() { return std::move(Findings); }
  void clear() { Findings.clear(); }
  /// A client's own run: the engine's findings are not made (the client
  /// reports through add()).
  void setMuted(bool M) { Muted = M; }

private:
  bool skippedCodeTouches(const TrailNote &T, const AccessPath &K,
                          bool TakenSideToo) const;

  FunctionContext &FC;
  bool Muted = false;
  std::vector<Finding> Findings;
  /// Findings already made: (kind, location, handle) once each.
  std::set<std::tuple<int, unsigned, std::string>> Reported;
  std::set<std::tuple<int, unsigned, std::string>> DroppedKeys;
};

} // namespace analysis
} // namespace sspi

#endif
