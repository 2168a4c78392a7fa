//===- PathState.cpp - The operations of a path state ---------------------===//
#include "PathState.h"

#include "clang/AST/Decl.h"

using namespace clang;

namespace sspi {
namespace analysis {

bool PathState::sameHandles(const PathState &O) const {
  if (Handles.size() != O.Handles.size())
    return false;
  for (auto I = Handles.begin(), J = O.Handles.begin(); I != Handles.end();
       ++I, ++J)
    if (I->first != J->first || !I->second.sameAbstract(J->second))
      return false;
  return true;
}

void PathState::widenHandles(const PathState &O,
                             std::set<AccessPath> &Dropped) {
  auto Escape = [&](const AccessPath &K, const HandleInfo &From) {
    HandleInfo H = From;
    if (H.State == HState::Escaped)
      return;
    H.State = HState::Escaped;
    Handles[K] = std::move(H);
    Dropped.insert(K);
  };
  std::vector<std::pair<AccessPath, HandleInfo>> Change;
  for (const auto &KV : Handles) {
    auto J = O.Handles.find(KV.first);
    if (J == O.Handles.end() || !J->second.sameAbstract(KV.second))
      Change.push_back(KV);
  }
  for (const auto &KV : O.Handles)
    if (!Handles.count(KV.first))
      Change.push_back(KV);
  for (const auto &KV : Change)
    Escape(KV.first, KV.second);
}

unsigned PathState::handleDistance(const PathState &O) const {
  unsigned N = 0;
  for (const auto &KV : Handles) {
    auto J = O.Handles.find(KV.first);
    N += J == O.Handles.end() || !J->second.sameAbstract(KV.second);
  }
  for (const auto &KV : O.Handles)
    N += !Handles.count(KV.first);
  return N;
}

bool PathState::operator==(const PathState &O) const {
  return sameHandles(O) && StatusVars == O.StatusVars &&
         StatusFields == O.StatusFields && Syms == O.Syms &&
         Aliases == O.Aliases && Scalars == O.Scalars && CondOp == O.CondOp &&
         CondArm == O.CondArm && ExitStmt == O.ExitStmt &&
         ReturnedSym == O.ReturnedSym && ReturnedMask == O.ReturnedMask;
}

void PathState::forgetFactsUnder(const AccessPath &Prefix) {
  Scalars.forgetPrefix(Prefix);
  StatusFields.forgetPrefix(Prefix);
}

void PathState::escapeHandles(const AccessPath &Prefix) {
  Handles.updateIf(
      [&](const auto &KV) {
        return KV.first.startsWith(Prefix) &&
               KV.second.State != HState::Absent &&
               KV.second.State != HState::Escaped;
      },
      [](auto &KV) { KV.second.State = HState::Escaped; });
}

void PathState::forgetVariable(const VarDecl *VD, bool KeepImpersonations) {
  AccessPath Root = AccessPath::var(VD);
  Handles.eraseIf([&](const auto &KV) {
    return KV.first.startsWith(Root) &&
           !(KeepImpersonations && KV.first.isImpersonation());
  });
  StatusVars.erase(VD);
  Aliases.forgetPrefix(Root);
  Scalars.forgetPrefix(Root);
}

bool PathState::readable(Sym Sy) const {
  if (Sy == ReturnedSym)
    return true;
  for (const auto &KV : StatusVars)
    if (KV.second == Sy)
      return true;
  for (const auto &KV : StatusFields)
    if (KV.second == Sy)
      return true;
  return false;
}

void PathState::forgetDead(const std::function<bool(const VarDecl *)> &Dead) {
  auto RootDead = [&](const AccessPath &P) {
    return Dead(dyn_cast_or_null<VarDecl>(P.rootDecl()));
  };
  StatusVars.forgetDead(Dead);
  StatusFields.forgetDead(RootDead);
  Scalars.forgetDead(RootDead);
  Aliases.forgetDead(RootDead);
  // An impersonation whose status nobody can test any more was assumed
  // to have worked (the code goes on as the client).
  auto AssumedDone = [&](const HandleInfo &H) {
    return H.Kind == model::HandleKind::Impersonation &&
           H.State == HState::Pending && !H.StatusTested && !readable(H.Origin);
  };
  // Live handles stay until their scope ends: that is where a leak is
  // reported. A Pending one goes once no test can resolve it any more.
  auto Gone = [&](const std::pair<const AccessPath, HandleInfo> &KV) {
    const HandleInfo &H = KV.second;
    if (AssumedDone(H))
      return false;
    bool Finished = H.State == HState::Released || H.State == HState::Absent ||
                    H.State == HState::Escaped ||
                    (H.State == HState::Pending && !readable(H.Origin));
    return Finished && RootDead(KV.first);
  };
  Handles.updateIf([&](const auto &KV) { return AssumedDone(KV.second); },
                   [](auto &KV) { KV.second.State = HState::Live; });
  // A context whose tested status may still be SEC_I_CONTINUE_NEEDED, once
  // no later test can tell: the path holds it (sspi-semantics 2, stance 3).
  Handles.updateIf(
      [&](const auto &KV) {
        return isUsuallyOwned(KV.second) && !readable(KV.second.Origin) &&
               RootDead(KV.first);
      },
      [](auto &KV) {
        KV.second.State = HState::Live;
        KV.second.OwnedIfUsual = true;
      });
  Handles.eraseIf(Gone);
  Syms.forgetDead([&](Sym Sy) {
    if (readable(Sy))
      return false;
    return !Handles.anyOf([&](const auto &KV) {
      return KV.second.State == HState::Pending && KV.second.Origin == Sy;
    });
  });
}

namespace {
/// Keys of A that B lacks or holds differently.
template <class M, class KeyFn>
void differing(const M &A, const M &B, KeyFn Key, std::set<AccessPath> &Out) {
  for (const auto &KV : A) {
    auto J = B.find(KV.first);
    if (J == B.end() || !(J->second == KV.second))
      Out.insert(Key(KV.first));
  }
}
} // namespace

void PathState::join(const PathState &O, bool WidenHandles) {
  auto W = std::make_shared<JoinWitness>(Joined ? *Joined : JoinWitness());
  if (O.Joined) {
    W->Dropped.insert(O.Joined->Dropped.begin(), O.Joined->Dropped.end());
    W->Widened.insert(O.Joined->Widened.begin(), O.Joined->Widened.end());
  }
  auto Var = [](const VarDecl *VD) { return AccessPath::var(VD); };
  auto Same = [](const AccessPath &P) { return P; };
  differing(StatusVars, O.StatusVars, Var, W->Dropped);
  differing(StatusFields, O.StatusFields, Same, W->Dropped);
  differing(Aliases, O.Aliases, Same, W->Dropped);
  differing(Scalars, O.Scalars, Same, W->Dropped);
  differing(O.StatusVars, StatusVars, Var, W->Dropped);
  differing(O.StatusFields, StatusFields, Same, W->Dropped);
  differing(O.Aliases, Aliases, Same, W->Dropped);
  differing(O.Scalars, Scalars, Same, W->Dropped);
  StatusVars.keepCommon(O.StatusVars);
  StatusFields.keepCommon(O.StatusFields);
  for (auto It = Syms.begin(); It != Syms.end();) {
    auto J = O.Syms.find(It->first);
    if (J == O.Syms.end()) {
      W->Widened.insert(It->first);
      It = Syms.erase(It); // any status on the other path
      continue;
    }
    if (J->second != It->second)
      W->Widened.insert(It->first);
    It->second |= J->second;
    ++It;
  }
  for (const auto &KV : O.Syms)
    if (!Syms.count(KV.first))
      W->Widened.insert(KV.first);
  if (WidenHandles)
    widenHandles(O, W->Dropped);
  Aliases.keepCommon(O.Aliases);
  Scalars.keepCommon(O.Scalars);
  Joined = std::move(W);
  if (CondOp != O.CondOp || CondArm != O.CondArm) {
    CondOp = nullptr;
    CondArm = CondOpSeen = false;
  }
  if (ReturnedSym != O.ReturnedSym)
    ReturnedSym = nullptr;
  ReturnedMask |= O.ReturnedMask;
}

std::vector<std::reference_wrapper<const TrailNote>> PathState::trail() const {
  std::vector<std::reference_wrapper<const TrailNote>> Out;
  for (const TrailNode *N = TrailHead.get(); N && Out.size() < MaxTrail;
       N = N->Prev.get())
    Out.push_back(std::cref(N->Note));
  std::reverse(Out.begin(), Out.end());
  return Out;
}

void PathState::restrictLastNote(const AccessPath &K) {
  if (!TrailHead)
    return;
  auto N = std::make_shared<TrailNode>(*TrailHead);
  N->Note.OnlyFor = K;
  TrailHead = std::move(N);
}

void PathState::addNote(PathNote Note, bool AboutHandles,
                        const CFGBlock *Branch, const CFGBlock *Taken,
                        const CFGBlock *NotTaken) {
  TrailHead = std::make_shared<const TrailNode>(
      TrailNode{{NextSeq++, std::move(Note), AboutHandles, Branch, Taken,
                 NotTaken, AccessPath()},
                std::move(TrailHead)});
}

} // namespace analysis
} // namespace sspi
