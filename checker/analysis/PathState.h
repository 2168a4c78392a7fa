//===- PathState.h - The abstract state along one path ----------*- C++ -*-===//
//
// Typestate of a tracked handle (HState), per path:
//
//                 creating call
//   (untracked) ----------------> Pending --- its status tested: a creating
//                                  |  |  \    class only --> Live
//                                  |  |   \-- no creating class --> Absent
//                                  |  | use (the code assumed success)
//                                  |  v
//     a parameter's or a      +---> Live ------- release --------> Released
//     global's handle, or a   |      |  \                            |
//     shutdown entry's seed --+      |   \-- lost: scope end, return, |
//                                    |       overwrite (a finding)   |
//     unknown call, store, return    v                               v
//     to the caller ----------->  Escaped (never reported)   release again:
//                                                            double release;
//     SecInvalidateHandle, zeroing ----------> Absent        use: use after
//                                                            release
//
// Pending with a status nobody can test any more stays silent (the
// documentation's maybe-owned cases). Impersonations, package buffers and
// auth identities follow the same diagram (HandleKinds.def).
//
// A PathState is made of components, each with its own equality,
// forget-by-prefix, forget-dead and join, declared in one place below:
// Handles (typestates), StatusVars/StatusFields (where a call's status is
// kept), Syms (the status classes still possible per call site), Aliases
// (local pointers), Scalars (flags with known values), the exit facts and
// the note trail. The trail and each handle's HandleWitness part are
// witness data: how the path got here, never part of equality or joins.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_PATHSTATE_H
#define SSPI_TIDY_ANALYSIS_PATHSTATE_H

#include "../model/UserApi.h"
#include "AccessPath.h"
#include "CowMap.h"
#include "Finding.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace clang {
class CFGBlock;
class CallExpr;
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace sspi {
namespace analysis {

/// A status symbol: the calling site whose result it is. Sites, not visits,
/// so that loops reach a fixpoint (each visit overwrites the site's symbol).
using Sym = const clang::CallExpr *;

/// What the bits of a SecHandle are known to hold, independent of ownership.
enum class HandleBits : uint8_t { Unknown, Invalid /* -1/-1 */, Zero };

/// Handle typestate (the diagram above). An untracked handle has no entry.
enum class HState : uint8_t {
  Pending,  ///< created if the call's status says so; not yet known
  Live,     ///< exists and must be released
  Released, ///< released on this path
  Escaped,  ///< ownership left this function; never reported
  Absent,   ///< known not to hold a handle (failed create, reset)
};

/// How a path got to a handle's state: names and positions for notes.
struct HandleWitness {
  std::string Name;        ///< source name at creation
  std::string CreatedBy;   ///< API or helper name for the note
  unsigned TrailStart = 0; ///< trail sequence number at creation
  unsigned ReleaseSeq = 0; ///< trail sequence number at release
};

/// A tracked handle: the abstract fields (this struct's own) and its
/// witness (the base).
struct HandleInfo : HandleWitness {
  model::HandleKind Kind = model::HandleKind::Context;
  HState State = HState::Absent;
  HandleBits Bits = HandleBits::Unknown;
  /// The creating call (or helper call); also the status symbol while
  /// Pending. Null when the handle came from outside (parameter, global).
  const clang::CallExpr *Origin = nullptr;
  model::StatusMask Created = 0; ///< Pending: statuses that create it
  model::StatusMask Maybe = 0;   ///< Pending: statuses that may create it
  /// Of Created, the call's normal results (ISC/ASC's first-leg
  /// SEC_I_CONTINUE_NEEDED): a tested status that may still be one of them
  /// means the path holds the handle (isUsuallyOwned).
  model::StatusMask Usual = 0;
  /// Live because of Usual (for the note that says so).
  bool OwnedIfUsual = false;
  /// The release call, for notes.
  const clang::Stmt *ReleaseSite = nullptr;
  /// Set when this function released a handle it did not create (so a
  /// summary can say "releases the caller's handle").
  bool ReleasedIncoming = false;
  /// Released while it was only maybe created: never a double release or a
  /// use after release.
  bool MaybeReleased = false;
  /// A test of the creating status left it Pending (for an impersonation:
  /// the code did look at the result).
  bool StatusTested = false;
  /// Created through a SecurityFunctionTable (or *_FN pointer): it dies
  /// with the DLL that the table came from.
  bool ViaTable = false;
  /// A context whose credential was freed while it was live: reported as
  /// wrong order when the context is deleted afterwards.
  const clang::Stmt *CredFreedAt = nullptr;
  /// A context: the credential it was made from (empty: unknown).
  AccessPath Cred;
  /// Seeded live from the caller's state at the call (EntryFacts), so that
  /// the summary reports what happens to the caller's handle. Fixed for a
  /// whole run: not part of the abstract fields.
  bool FromCaller = false;

  /// The abstract fields, for equality: every field above, none of the
  /// witness.
  auto abstract() const {
    return std::tie(Kind, State, Bits, Origin, Created, Maybe, Usual,
                    OwnedIfUsual, ReleaseSite, ReleasedIncoming, MaybeReleased,
                    StatusTested, ViaTable, CredFreedAt, Cred);
  }
  bool sameAbstract(const HandleInfo &O) const {
    return abstract() == O.abstract();
  }
  /// Still holds something that must be released.
  bool isLiveOrPending() const {
    return State == HState::Live || State == HState::Pending;
  }
};

/// A known fact about an integer (or pointer) lvalue: a constant, or only
/// "non-zero" (`if (fast)` taken).
struct ScalarFact {
  int64_t Value = 0;
  bool NonZeroOnly = false;
  friend bool operator==(const ScalarFact &A, const ScalarFact &B) {
    return A.Value == B.Value && A.NonZeroOnly == B.NonZeroOnly;
  }
  friend bool operator!=(const ScalarFact &A, const ScalarFact &B) {
    return !(A == B);
  }
};

/// A component keyed by K: a std::map with the operations every component
/// of a state offers.
template <class K, class V> struct FactMap : std::map<K, V> {
  using std::map<K, V>::map;
  /// Drops the entries whose key lies under Prefix (access-path keys).
  void forgetPrefix(const AccessPath &Prefix) {
    for (auto It = this->begin(); It != this->end();)
      It = It->first.startsWith(Prefix) ? this->erase(It) : std::next(It);
  }
  /// Drops the entries whose key Dead(key) says no later statement reads.
  template <class Pred> void forgetDead(const Pred &Dead) {
    for (auto It = this->begin(); It != this->end();)
      It = Dead(It->first) ? this->erase(It) : std::next(It);
  }
  /// The join of two paths: what both know alike.
  void keepCommon(const FactMap &O) {
    for (auto It = this->begin(); It != this->end();) {
      auto J = O.find(It->first);
      It = J == O.end() || J->second != It->second ? this->erase(It)
                                                   : std::next(It);
    }
  }
};

struct PathState {
  // ---- Components (abstract) ---------------------------------------------
  CowMap<AccessPath, HandleInfo> Handles;
  /// A local variable holds the status of this call site.
  FactMap<const clang::VarDecl *, Sym> StatusVars;
  /// The same for fields (`nego->status = QueryContextAttributes(...)`).
  FactMap<AccessPath, Sym> StatusFields;
  /// The classes a call site's status may still have (absent: any).
  FactMap<Sym, model::StatusMask> Syms;
  /// Local pointers (variables, fields of local structs) known to point
  /// at a tracked object: `ph = &ctx`, `desc.pBuffers = bufs`.
  FactMap<AccessPath, AccessPath> Aliases;
  /// Local integer/bool variables and fields of local structs holding a
  /// known constant (`first = TRUE`, `s.have_ctx = 0`), flags that guard
  /// handle operations; and integers this path found non-zero.
  FactMap<AccessPath, ScalarFact> Scalars;
  /// The arm taken by the last `c ? K1 : K2` with constant arms, until the
  /// block that evaluates it ends (so `return ok ? 0 : -1` is a constant).
  const clang::Expr *CondOp = nullptr;
  bool CondArm = false;
  bool CondOpSeen = false;
  /// Exit facts: the return taken, and what the function returns on this
  /// path (a status symbol and the classes it may still have, or a
  /// constant's class).
  const clang::Stmt *ExitStmt = nullptr;
  Sym ReturnedSym = nullptr;
  model::StatusMask ReturnedMask = model::AllStatus;

  // ---- Witness -------------------------------------------------------------
  const clang::CFGBlock *ExitBlock = nullptr; ///< the return's block
  /// Set once the state is a join (the solver's budget): what the join
  /// dropped, so that a later branch that reads it marks the path
  /// Uncertain (its trail may no longer describe one path).
  struct JoinWitness {
    std::set<AccessPath> Dropped; ///< facts and handles the join dropped
    std::set<Sym> Widened;        ///< status symbols whose masks it united
  };
  std::shared_ptr<const JoinWitness> Joined;
  /// A branch since the join read what the join dropped: findings made on
  /// this path are not reported (they are counted).
  bool Uncertain = false;
  struct TrailNote {
    unsigned Seq;
    PathNote Note;
    /// A branch whose condition was about a status or a handle: always
    /// shown.
    bool AboutHandles = false;
    /// Otherwise the branch, the successor taken and the one not taken;
    /// the note is shown only when that choice matters for the finding.
    const clang::CFGBlock *Branch = nullptr;
    const clang::CFGBlock *Taken = nullptr;
    const clang::CFGBlock *NotTaken = nullptr;
    /// When set, the note explains only findings about this handle.
    AccessPath OnlyFor;
  };
  /// The branch notes of the path, newest first, as a list shared between
  /// the states forked from one another: copying a state (which the solver
  /// does at every branch) costs one pointer, not a copy of the notes. Only
  /// the newest MaxTrail notes are ever read.
  struct TrailNode {
    TrailNote Note;
    std::shared_ptr<const TrailNode> Prev;
  };
  std::shared_ptr<const TrailNode> TrailHead;
  unsigned NextSeq = 0;
  static constexpr size_t MaxTrail = 64;

  // ---- Operations declared once --------------------------------------------
  /// Equality over the abstract components.
  bool operator==(const PathState &O) const;
  bool operator!=(const PathState &O) const { return !(*this == O); }

  /// What a callee that receives Prefix (or a store through it) may change:
  /// known flags and kept statuses under it. (Handles under it escape:
  /// escapeHandles.)
  void forgetFactsUnder(const AccessPath &Prefix);
  /// Marks every tracked handle under Prefix that is not Absent Escaped.
  void escapeHandles(const AccessPath &Prefix);
  /// A variable's instance ends or starts anew: its handles (reported by
  /// the caller first), status binding, aliases and flags.
  void forgetVariable(const clang::VarDecl *VD, bool KeepImpersonations);
  /// Drops what no later statement can observe. Dead says whether a local
  /// variable is dead at this point.
  void forgetDead(const std::function<bool(const clang::VarDecl *)> &Dead);
  /// Joins O into this state. Facts they disagree on are dropped, status
  /// masks are united; with WidenHandles, a handle whose typestates differ
  /// (or that only one of them tracks) becomes Escaped (never reported),
  /// otherwise both must have the same handles (sameHandles). The witness
  /// stays this state's; what was dropped is recorded in Joined.
  void join(const PathState &O, bool WidenHandles = false);
  /// Both paths hold the same handles in the same typestates.
  bool sameHandles(const PathState &O) const;
  /// The handles of O or of this state whose typestates differ (or that
  /// only one tracks) become Escaped; their keys go to Dropped.
  void widenHandles(const PathState &O, std::set<AccessPath> &Dropped);
  /// How many handles the two states hold differently.
  unsigned handleDistance(const PathState &O) const;

  /// Flags.
  std::optional<int64_t> constant(const AccessPath &P) const {
    auto It = Scalars.find(P);
    if (It == Scalars.end() || It->second.NonZeroOnly)
      return std::nullopt;
    return It->second.Value;
  }
  bool knownNonZero(const AccessPath &P) const {
    auto It = Scalars.find(P);
    return It != Scalars.end() && It->second.NonZeroOnly;
  }
  void setConstant(const AccessPath &P, int64_t V) { Scalars[P] = {V, false}; }
  void setNonZero(const AccessPath &P) { Scalars[P] = {0, true}; }

  model::StatusMask symMask(Sym S) const {
    auto It = Syms.find(S);
    return It == Syms.end() ? model::AllStatus : It->second;
  }
  /// A status symbol some later test can still read.
  bool readable(Sym Sy) const;
  /// A Pending handle whose status was tested and may still be one of its
  /// creating call's normal results: the path holds it.
  bool isUsuallyOwned(const HandleInfo &H) const {
    model::StatusMask M = symMask(H.Origin);
    return H.State == HState::Pending && H.Origin && M != model::AllStatus &&
           (M & H.Usual) != 0;
  }
  /// The handle exists after the function returns on this path: live, or
  /// pending on a status the function hands to its caller untested (`return
  /// st;` after the creating call: on success the caller's object holds it),
  /// or pending on a tested status that may still be a usual creating one
  /// (a first leg's SEC_I_CONTINUE_NEEDED).
  bool heldAfterReturn(const HandleInfo &H) const {
    if (H.State == HState::Live)
      return true;
    if (H.State != HState::Pending || !H.Origin)
      return false;
    return (H.Origin == ReturnedSym && (symMask(H.Origin) & H.Created)) ||
           isUsuallyOwned(H);
  }

  /// The newest MaxTrail notes, oldest first.
  std::vector<std::reference_wrapper<const TrailNote>> trail() const;
  /// Restricts the newest note to findings about K.
  void restrictLastNote(const AccessPath &K);
  void addNote(PathNote Note, bool AboutHandles = true,
               const clang::CFGBlock *Branch = nullptr,
               const clang::CFGBlock *Taken = nullptr,
               const clang::CFGBlock *NotTaken = nullptr);
};

using TrailNote = PathState::TrailNote;

} // namespace analysis
} // namespace sspi

#endif
