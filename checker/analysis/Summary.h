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
#include <tuple>
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

/// What a call fixes about the callee's entry state: known values of its
/// integer parameters (`close_auth(&ctx, TRUE)`), and for a member call or
/// a destructor, the caller's live handles and known flags in the object
/// (`this->cred_`). Keys are the callee's access paths. A summary computed
/// for these facts describes the callee's paths as this call runs them.
struct EntryFacts {
  struct Scalar {
    AccessPath Path;
    int64_t Value = 0;
    bool NonZeroOnly = false; ///< only "non-zero" is known
    auto key() const { return std::tie(Path, Value, NonZeroOnly); }
  };
  struct Live {
    AccessPath Path;
    model::HandleKind Kind;
    auto key() const { return std::tie(Path, Kind); }
  };
  std::vector<Scalar> Scalars;
  std::vector<Live> Handles;
  bool empty() const { return Scalars.empty() && Handles.empty(); }
  friend bool operator<(const EntryFacts &A, const EntryFacts &B) {
    auto Keys = [](const EntryFacts &F) {
      std::vector<std::tuple<AccessPath, int64_t, bool>> S;
      std::vector<std::pair<AccessPath, int>> H;
      for (const Scalar &X : F.Scalars)
        S.emplace_back(X.Path, X.Value, X.NonZeroOnly);
      for (const Live &X : F.Handles)
        H.emplace_back(X.Path, static_cast<int>(X.Kind));
      return std::make_pair(S, H);
    };
    return Keys(A) < Keys(B);
  }
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
