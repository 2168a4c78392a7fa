//===- AnalysisHost.h - What an analysis asks of its TU ---------*- C++ -*-===//
//
// A function's analysis needs the summaries of the TU-local functions it
// calls and the options of the run; TUAnalysis provides them through this
// interface (so that the per-function code does not depend on the driver).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ANALYSISHOST_H
#define SSPI_TIDY_ANALYSIS_ANALYSISHOST_H

#include "Owners.h"
#include "Summary.h"

#include "clang/Basic/SourceLocation.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace sspi {
namespace model {
class PointerApis;
class UserApi;
} // namespace model
namespace analysis {

struct AnalysisOptions {
  /// Distinct path states kept per CFG block; past it a new state is joined
  /// into one with the same handle typestates (or, if none, into the
  /// closest one, the handles they disagree on escaping).
  unsigned MaxStatesPerBlock = 64;
  /// Block visits per function, CFG blocks, and milliseconds per function
  /// past which the rest of the function is analysed with one (joined)
  /// state per block.
  unsigned MaxSteps = 100000;
  unsigned MaxBlocks = 20000;
  double MaxMillis = 5000;
  /// Nesting of on-demand callee summaries.
  unsigned MaxSummaryDepth = 16;
  /// Summaries of one function for distinct call facts (EntryFacts).
  unsigned MaxSummaryVariants = 8;
  /// The project's own acquire/release functions (checks' options).
  std::shared_ptr<const model::UserApi> User;
  /// Where the compiler reported errors (file locations, sorted): a
  /// function whose body holds one is not analysed. Empty when unknown.
  std::shared_ptr<const std::vector<clang::SourceLocation>> ErrorLocations;
};

struct FunctionStats {
  std::string Name;
  unsigned Blocks = 0;
  unsigned StatesVisited = 0;
  unsigned MaxStatesInBlock = 0;
  double Millis = 0;
  /// States joined into another past the budget.
  unsigned Joins = 0;
  /// Findings not reported: made on a path that read what a join dropped.
  unsigned Dropped = 0;
  /// Why the solver went over to one state per block ("" if it did not).
  std::string JoinReason;
  bool Skipped = false;
  std::string SkipReason;
};

class AnalysisHost {
public:
  virtual ~AnalysisHost() = default;
  virtual clang::ASTContext &context() = 0;
  virtual const AnalysisOptions &options() const = 0;
  /// True when FD (transitively, inside the TU) calls the SSPI API.
  virtual bool touchesSspi(const clang::FunctionDecl *FD) = 0;
  /// True when FD, which does not touch SSPI, uses its pointer parameter
  /// Param only to read and write fields that cannot hold a handle, to test
  /// the pointer, and to pass it to functions that do the same: then it
  /// cannot release (or take over) a context or credential reached through
  /// it (`buffers_free(c)` next to `c->ctx`).
  virtual bool keepsHandles(const clang::FunctionDecl *FD, unsigned Param) = 0;
  /// The summary of a function defined in this TU (opaque when it cannot be
  /// had: recursion, depth, budget).
  virtual const FunctionSummary &summaryFor(const clang::FunctionDecl *FD) = 0;
  /// The summary of FD for a call that fixes Facts at its entry (constant
  /// arguments, the live handles of the object): FD's paths run from that
  /// state, with no finding of their own. Opaque when it cannot be had
  /// (recursion, depth, budget, too many variants of FD).
  virtual const FunctionSummary &summaryFor(const clang::FunctionDecl *FD,
                                            const EntryFacts &Facts) = 0;
  /// A call of the TU that creates the context at Ctx from the credential at
  /// Cred (InitializeSecurityContext(&X->cred, ..., &X->ctx)), and its
  /// function; both null when there is none.
  virtual MadeFrom madeFrom(const OwnerKey &Ctx, const OwnerKey &Cred) = 0;
  /// The TU's own function pointers that reach SSPI (GetProcAddress), or
  /// null.
  virtual const model::PointerApis *pointerApis() { return nullptr; }
};

} // namespace analysis
} // namespace sspi

#endif
