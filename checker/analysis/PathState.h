//===- PathState.h - The abstract state along one path -----------*- C++
//-*-===//
//
// A path state maps handles (access paths) to a typestate, status variables
// to the call whose result they hold, status symbols (one per calling site)
// to the set of status classes still possible, and local pointers to what they
// point to. The note trail is a witness only: it is not part of equality, so
// two paths that differ only in how they got here merge.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_PATHSTATE_H
#define SSPI_TIDY_ANALYSIS_PATHSTATE_H

#include "../model/UserApi.h"
#include "AccessPath.h"
#include "Finding.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace clang {
class CFGBlock;
class CallExpr;
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

/// Handle typestate. An untracked handle has no entry.
enum class HState : uint8_t {
  Pending,  ///< created if the call's status says so; not yet known
  Live,     ///< exists and must be released
  Released, ///< released on this path
  Escaped,  ///< ownership left this function; never reported
  Absent,   ///< known not to hold a handle (failed create, reset)
};

struct HandleInfo {
  model::HandleKind Kind = model::HandleKind::Context;
  HState State = HState::Absent;
  HandleBits Bits = HandleBits::Unknown;
  /// The creating call (or helper call); also the status symbol while
  /// Pending. Null when the handle came from outside (parameter, global).
  const clang::CallExpr *Origin = nullptr;
  model::StatusMask Created = 0; ///< Pending: statuses that create it
  model::StatusMask Maybe = 0;   ///< Pending: statuses that may create it
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

  // Witness data, not part of equality.
  std::string Name;        ///< source name at creation
  std::string CreatedBy;   ///< API or helper name for the note
  unsigned TrailStart = 0; ///< trail sequence number at creation
  unsigned ReleaseSeq = 0; ///< trail sequence number at release
  AccessPath Cred;         ///< a context: the credential it came from

  bool sameAbstract(const HandleInfo &O) const {
    return std::tie(Kind, State, Bits, Origin, Created, Maybe, ReleaseSite,
                    ReleasedIncoming, MaybeReleased, StatusTested,
                    CredFreedAt) ==
           std::tie(O.Kind, O.State, O.Bits, O.Origin, O.Created, O.Maybe,
                    O.ReleaseSite, O.ReleasedIncoming, O.MaybeReleased,
                    O.StatusTested, O.CredFreedAt);
  }
};

struct TrailNote {
  unsigned Seq;
  PathNote Note;
  /// A branch whose condition was about a status or a handle: always shown.
  bool AboutHandles = false;
  /// Otherwise the branch, the successor taken and the one not taken; the
  /// note is shown only when that choice matters for the finding.
  const clang::CFGBlock *Branch = nullptr;
  const clang::CFGBlock *Taken = nullptr;
  const clang::CFGBlock *NotTaken = nullptr;
  /// When set, the note explains only findings about this handle.
  AccessPath OnlyFor;
};

/// A map shared between the states forked from one another until one of
/// them changes it (copy on write): the solver copies states at every
/// branch and keeps a copy of each state per block, and most blocks do not
/// touch the handles. Lookups never copy; only mutate(), operator[] and
/// erase() do, and only while the map is shared.
template <class K, class V> class CowMap {
  using Map = std::map<K, V>;
  std::shared_ptr<Map> P;
  static const Map &none() {
    static const Map E;
    return E;
  }

public:
  using const_iterator = typename Map::const_iterator;
  using value_type = typename Map::value_type;

  const Map &get() const { return P ? *P : none(); }
  /// The map for changing; copies it first if another state shares it.
  /// Iterators from before a mutate() call must not be used after it.
  Map &mutate() {
    if (!P)
      P = std::make_shared<Map>();
    else if (P.use_count() > 1)
      P = std::make_shared<Map>(*P);
    return *P;
  }

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  const_iterator find(const K &Key) const { return get().find(Key); }
  size_t count(const K &Key) const { return get().count(Key); }
  size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }

  template <class Pred> bool anyOf(Pred P) const {
    for (const value_type &KV : get())
      if (P(KV))
        return true;
    return false;
  }
  /// Applies F to the entries P holds for; copies the map only if there is
  /// one (most calls change nothing, and the map may be shared).
  template <class Pred, class Fn> void updateIf(Pred P, Fn F) {
    if (!anyOf(P))
      return;
    for (value_type &KV : mutate())
      if (P(KV))
        F(KV);
  }
  /// Erases the entries P holds for; copies the map only if there is one.
  template <class Pred> void eraseIf(Pred P) {
    if (!anyOf(P))
      return;
    Map &M = mutate();
    for (auto It = M.begin(); It != M.end();)
      It = P(*It) ? M.erase(It) : std::next(It);
  }

  V &operator[](const K &Key) { return mutate()[Key]; }
  /// Erases Key; returns the number of elements erased.
  size_t erase(const K &Key) {
    if (!count(Key))
      return 0;
    return mutate().erase(Key);
  }
};

struct PathState {
  CowMap<AccessPath, HandleInfo> Handles;
  std::map<const clang::VarDecl *, Sym> StatusVars;
  /// The same for fields (`nego->status = QueryContextAttributes(...)`).
  std::map<AccessPath, Sym> StatusFields;
  std::map<Sym, model::StatusMask> Syms;
  /// Local pointers (variables, fields of local structs) known to point
  /// at a tracked object: `ph = &ctx`, `desc.pBuffers = bufs`.
  std::map<AccessPath, AccessPath> Aliases;

  void forgetAliases(const AccessPath &Prefix) {
    for (auto It = Aliases.begin(); It != Aliases.end();)
      It = It->first.startsWith(Prefix) ? Aliases.erase(It) : std::next(It);
  }
  /// Local integer/bool variables and fields of local structs holding a
  /// known constant (`first = TRUE`, `s.have_ctx = 0`): flags that guard
  /// handle operations.
  std::map<AccessPath, int64_t> ConstVars;
  /// Integers this path found non-zero (`if (fast)` taken).
  std::set<AccessPath> NonZero;

  void forgetConsts(const AccessPath &Prefix) {
    for (auto It = ConstVars.begin(); It != ConstVars.end();)
      It = It->first.startsWith(Prefix) ? ConstVars.erase(It) : std::next(It);
    for (auto It = NonZero.begin(); It != NonZero.end();)
      It = It->startsWith(Prefix) ? NonZero.erase(It) : std::next(It);
  }
  /// The arm taken by the last `c ? K1 : K2` with constant arms, until the
  /// block that evaluates it ends (so `return ok ? 0 : -1` is a constant).
  const clang::Expr *CondOp = nullptr;
  bool CondArm = false;
  bool CondOpSeen = false;
  const clang::Stmt *ExitStmt = nullptr;      ///< the return taken, if any
  const clang::CFGBlock *ExitBlock = nullptr; ///< its block (witness only)
  /// What the function returns on this path: a status symbol and the
  /// classes it may still have, or a constant's class.
  Sym ReturnedSym = nullptr;
  model::StatusMask ReturnedMask = model::AllStatus;

  // Witness only. The branch notes of the path, newest first, as a list
  // shared between the states forked from one another: copying a state
  // (which the solver does at every branch) costs one pointer, not a copy
  // of the notes. Only the newest MaxTrail notes are ever read.
  struct TrailNode {
    TrailNote Note;
    std::shared_ptr<const TrailNode> Prev;
  };
  std::shared_ptr<const TrailNode> TrailHead;
  unsigned NextSeq = 0;
  static constexpr size_t MaxTrail = 64;

  /// The newest MaxTrail notes, oldest first.
  std::vector<std::reference_wrapper<const TrailNote>> trail() const {
    std::vector<std::reference_wrapper<const TrailNote>> Out;
    for (const TrailNode *N = TrailHead.get(); N && Out.size() < MaxTrail;
         N = N->Prev.get())
      Out.push_back(std::cref(N->Note));
    std::reverse(Out.begin(), Out.end());
    return Out;
  }
  /// Restricts the newest note to findings about K.
  void restrictLastNote(const AccessPath &K) {
    if (!TrailHead)
      return;
    auto N = std::make_shared<TrailNode>(*TrailHead);
    N->Note.OnlyFor = K;
    TrailHead = std::move(N);
  }

  bool operator==(const PathState &O) const {
    if (Handles.size() != O.Handles.size())
      return false;
    for (auto I = Handles.begin(), J = O.Handles.begin(); I != Handles.end();
         ++I, ++J)
      if (I->first != J->first || !I->second.sameAbstract(J->second))
        return false;
    return StatusVars == O.StatusVars && StatusFields == O.StatusFields &&
           Syms == O.Syms && Aliases == O.Aliases && ConstVars == O.ConstVars &&
           NonZero == O.NonZero && CondOp == O.CondOp && CondArm == O.CondArm &&
           ExitStmt == O.ExitStmt && ReturnedSym == O.ReturnedSym &&
           ReturnedMask == O.ReturnedMask;
  }

  void addNote(clang::SourceLocation Loc, std::string Msg,
               bool AboutHandles = true,
               const clang::CFGBlock *Branch = nullptr,
               const clang::CFGBlock *Taken = nullptr,
               const clang::CFGBlock *NotTaken = nullptr) {
    TrailHead = std::make_shared<const TrailNode>(
        TrailNode{{NextSeq++,
                   {Loc, std::move(Msg)},
                   AboutHandles,
                   Branch,
                   Taken,
                   NotTaken,
                   AccessPath()},
                  std::move(TrailHead)});
  }

  model::StatusMask symMask(Sym S) const {
    auto It = Syms.find(S);
    return It == Syms.end() ? model::AllStatus : It->second;
  }
};

} // namespace analysis
} // namespace sspi

#endif
