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
  Handles.eraseIf(Gone);
  Syms.forgetDead([&](Sym Sy) {
    if (readable(Sy))
      return false;
    return !Handles.anyOf([&](const auto &KV) {
      return KV.second.State == HState::Pending && KV.second.Origin == Sy;
    });
  });
}

void PathState::join(const PathState &O) {
  StatusVars.keepCommon(O.StatusVars);
  StatusFields.keepCommon(O.StatusFields);
  for (auto It = Syms.begin(); It != Syms.end();) {
    auto J = O.Syms.find(It->first);
    if (J == O.Syms.end()) {
      It = Syms.erase(It); // any status on the other path
      continue;
    }
    It->second |= J->second;
    ++It;
  }
  Aliases.keepCommon(O.Aliases);
  Scalars.keepCommon(O.Scalars);
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
