//===- Summary.h - A helper's effect on its callers -------------*- C++ -*-===//
//
// A summary lists, for each handle the function can reach from outside
// (through a parameter, `this`, or a global), what each of its exit paths did
// to it, together with the statuses the function returns on that path. The
// caller replays it: a helper that deletes on every path is a release; one
// that deletes on some paths splits the caller's path; one that acquires and
// reports success through its return value is a creating call.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_SUMMARY_H
#define SSPI_TIDY_ANALYSIS_SUMMARY_H

#include "../model/SspiApi.h"
#include "AccessPath.h"

#include "clang/Basic/SourceLocation.h"
#include <map>
#include <vector>

namespace sspi {
namespace analysis {

enum class Outcome : uint8_t {
  Untouched,
  Released,
  ReleasedReset, ///< released, then invalidated or set to NULL
  Created,
  MaybeCreated,
  Escaped
};

struct ExitOutcome {
  model::StatusMask ReturnMask; ///< statuses returned on these paths
  Outcome What;
  clang::SourceLocation ExitLoc; ///< a return where this outcome holds
};

struct KeyEffect {
  model::HandleKind Kind = model::HandleKind::Context;
  std::vector<ExitOutcome> Outcomes;
};

struct FunctionSummary {
  /// True when the function could not be summarised (budget, recursion, no
  /// body): calls to it are treated as calls to an unknown function.
  bool Opaque = true;
  /// Keyed by the callee's access path (rooted at a ParmVarDecl, `this`, or
  /// a global variable).
  std::map<AccessPath, KeyEffect> Effects;
};

} // namespace analysis
} // namespace sspi

#endif
