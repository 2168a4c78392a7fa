//===- SummaryBuilder.cpp - A function's effect on its callers ------------===//
//
// For every handle the function can reach from outside (rooted at a
// parameter, `this`, or a global), the outcome of each exit path with the
// statuses the function returns there. A Pending handle whose creating
// status is the returned value is split by class: the classes that create
// it are Created, the others Untouched.
//
//===----------------------------------------------------------------------===//
#include "FunctionContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

namespace {
class SummaryBuilder {
public:
  SummaryBuilder(const FunctionDecl *FD, bool HandsOverImpersonation)
      : FD(FD), HandsOver(HandsOverImpersonation) {
    Sum.Opaque = false;
  }

  bool reachable(const AccessPath &K) const {
    if (K.rootIsThis() || K.isGlobal())
      return true;
    const auto *P = dyn_cast_or_null<ParmVarDecl>(K.rootDecl());
    return P && P->getDeclContext() == FD;
  }

  void add(const AccessPath &K, HandleKind Kind, StatusMask M, Outcome O,
           SourceLocation L) {
    if (!M)
      return;
    KeyEffect &E = Sum.Effects[K];
    E.Kind = Kind;
    for (ExitOutcome &X : E.Outcomes)
      if (X.What == O) {
        X.ReturnMask |= M;
        return;
      }
    E.Outcomes.push_back({M, O, L});
  }

  /// What one exit path did to a key it tracks.
  void outcome(const PathState &S, const AccessPath &K, const HandleInfo &H,
               StatusMask RM, SourceLocation L) {
    switch (H.State) {
    case HState::Escaped:
      return add(K, H.Kind, RM, Outcome::Escaped, L);
    case HState::Released:
      return add(K, H.Kind, RM,
                 !H.ReleasedIncoming             ? Outcome::Untouched
                 : H.Bits != HandleBits::Unknown ? Outcome::ReleasedReset
                                                 : Outcome::Released,
                 L);
    case HState::Absent:
      return add(K, H.Kind, RM, Outcome::Untouched, L);
    case HState::Live:
      // An impersonation reported here already: the caller is not told
      // twice.
      if (H.Kind == HandleKind::Impersonation && S.ReturnedSym != H.Origin &&
          !HandsOver)
        return add(K, H.Kind, RM, Outcome::Untouched, L);
      return add(K, H.Kind, RM,
                 H.ReleasedIncoming ? Outcome::Escaped : Outcome::Created, L);
    case HState::Pending:
      if (H.ReleasedIncoming)
        return add(K, H.Kind, RM, Outcome::Escaped, L);
      if (H.Origin && H.Origin == S.ReturnedSym) {
        add(K, H.Kind, RM & H.Created, Outcome::Created, L);
        add(K, H.Kind, RM & H.Maybe, Outcome::MaybeCreated, L);
        add(K, H.Kind, RM & ~(H.Created | H.Maybe), Outcome::Untouched, L);
        return;
      }
      return add(K, H.Kind, RM, Outcome::MaybeCreated, L);
    }
  }

  FunctionSummary Sum;

private:
  const FunctionDecl *FD;
  bool HandsOver;
};
} // namespace

FunctionSummary FunctionContext::buildSummary() const {
  SummaryBuilder B(FD, Ops.handsOverImpersonation());
  // Keys first, so that every exit path speaks about every key.
  std::map<AccessPath, HandleKind> Keys;
  for (const PathState &S : ExitStates)
    for (const auto &KV : S.Handles)
      if (B.reachable(KV.first))
        Keys.emplace(KV.first, KV.second.Kind);
  for (const PathState &S : ExitStates) {
    StatusMask RM = S.ReturnedSym ? S.symMask(S.ReturnedSym) : S.ReturnedMask;
    SourceLocation L =
        S.ExitStmt ? Q.loc(S.ExitStmt->getBeginLoc()) : Q.loc(FD->getEndLoc());
    for (const auto &KK : Keys) {
      auto It = S.Handles.find(KK.first);
      if (It == S.Handles.end())
        B.add(KK.first, KK.second, RM, Outcome::Untouched, L);
      else
        B.outcome(S, KK.first, It->second, RM, L);
    }
  }
  return std::move(B.Sum);
}

} // namespace analysis
} // namespace sspi
