//===- SummaryTransfer.cpp - TU-local calls, from their summaries ---------===//
//
// A helper that releases on every path is a release; one that releases on
// some paths splits the caller's path (each side constrains the call's
// status to the returns of its side); one that creates and says so through
// its return value is a creating call; anything else escapes. Effects are
// replayed contexts, buffers and impersonations first, credentials last: a
// helper checks its own order when it is analysed.
//
//===----------------------------------------------------------------------===//
#include "CallTransfer.h"
#include "FunctionContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

std::optional<AccessPath>
SummaryTransfer::mapCalleePath(const AccessPath &CK, const CallExpr *C,
                               const FunctionDecl *Callee,
                               const PathState &S) const {
  const Eval &E = FC.eval();
  if (CK.rootIsThis()) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
    if (!MC || !MC->getImplicitObjectArgument())
      return std::nullopt;
    const Expr *Obj = MC->getImplicitObjectArgument();
    auto Base =
        Obj->getType()->isPointerType() ? E.pointee(Obj, S) : E.lvalue(Obj, S);
    if (!Base)
      return std::nullopt;
    // Callee path: [this, deref, rest...]; the object replaces `*this`.
    return Base->append(CK, 2);
  }
  const auto *P = dyn_cast_or_null<ParmVarDecl>(CK.rootDecl());
  if (!P)
    return CK; // a global: the same in the caller
  unsigned Idx = P->getFunctionScopeIndex();
  if (P->getDeclContext() != Callee || Idx >= C->getNumArgs())
    return std::nullopt;
  const Expr *Arg = C->getArg(Idx);
  if (CK.size() >= 2 && CK.word(1) == AccessPath::DerefTag) {
    auto Base =
        P->getType()->isReferenceType() ? E.lvalue(Arg, S) : E.pointee(Arg, S);
    if (!Base)
      return std::nullopt;
    return Base->append(CK, 2);
  }
  auto Base = E.lvalue(Arg, S);
  if (!Base)
    return std::nullopt;
  return Base->append(CK, 1);
}

SummaryTransfer::Outcomes SummaryTransfer::gather(const KeyEffect &Eff) {
  Outcomes O;
  for (const ExitOutcome &X : Eff.Outcomes) {
    switch (X.What) {
    case Outcome::Escaped:
      O.Escaped = true;
      break;
    case Outcome::Released:
      O.Released |= X.ReturnMask;
      O.AllReset = false;
      break;
    case Outcome::ReleasedReset:
      O.Released |= X.ReturnMask;
      break;
    case Outcome::Untouched:
      O.Untouched |= X.ReturnMask;
      break;
    case Outcome::Created:
      O.Created |= X.ReturnMask;
      break;
    case Outcome::MaybeCreated:
      O.MaybeCreated |= X.ReturnMask;
      break;
    }
  }
  return O;
}

void SummaryTransfer::call(const CallExpr *C, const FunctionDecl *Callee,
                           const FunctionSummary &Sum, PathState &S,
                           std::vector<PathState> &Extra) {
  FC.ops().freshStatus(S, C);
  std::string CalleeName = Callee->getNameAsString();
  bool AnySym = false;
  std::vector<const std::pair<const AccessPath, KeyEffect> *> Ordered;
  for (const auto &KV : Sum.Effects)
    if (KV.second.Kind != HandleKind::Credential)
      Ordered.push_back(&KV);
  for (const auto &KV : Sum.Effects)
    if (KV.second.Kind == HandleKind::Credential)
      Ordered.push_back(&KV);
  for (const auto *KVP : Ordered)
    if (auto K = mapCalleePath(KVP->first, C, Callee, S))
      AnySym |= replay(C, CalleeName, *K, KVP->second, S, Extra);
  // The statuses the helper can return at all (a BOOL helper: 0 or 1).
  StatusMask Returns = 0;
  for (const auto &KV : Sum.Effects)
    for (const ExitOutcome &O : KV.second.Outcomes)
      Returns |= O.ReturnMask;
  if (AnySym && Returns) {
    S.Syms[C] = S.symMask(C) & Returns;
    for (auto &Ex : Extra)
      Ex.Syms[C] = Ex.symMask(C) & Returns;
  }
  for (auto &Ex : Extra)
    FC.ops().resolvePending(Ex, C);
  FC.ops().resolvePending(S, C);
}

bool SummaryTransfer::replay(const CallExpr *C, const std::string &CalleeName,
                             const AccessPath &K, const KeyEffect &Eff,
                             PathState &S, std::vector<PathState> &Extra) {
  Outcomes O = gather(Eff);
  if (O.Escaped || (O.Released && (O.Created | O.MaybeCreated))) {
    FC.ops().escapePrefix(S, K);
    if (!S.Handles.count(K)) {
      HandleInfo H;
      H.Kind = Eff.Kind;
      H.State = HState::Escaped;
      H.Name = K.str();
      S.Handles[K] = H;
    }
    return false;
  }
  bool AnySym = false;
  if (O.Released) {
    replayRelease(C, CalleeName, K, Eff, O, S, Extra, AnySym);
    return AnySym;
  }
  if (O.Created | O.MaybeCreated) {
    CreationOutcome Out;
    Out.Created = O.Created & ~O.Untouched & ~O.MaybeCreated;
    Out.Maybe = (O.Created | O.MaybeCreated) & ~Out.Created;
    FC.ops().create(S, K, Eff.Kind, C, Out, "'" + CalleeName + "'", nullptr);
    return true;
  }
  return false;
}

void SummaryTransfer::replayRelease(const CallExpr *C,
                                    const std::string &CalleeName,
                                    const AccessPath &K, const KeyEffect &Eff,
                                    const Outcomes &O, PathState &S,
                                    std::vector<PathState> &Extra,
                                    bool &AnySym) {
  auto Release = [&](PathState &P) {
    FC.ops().release(P, K, Eff.Kind, C);
    // Every releasing path also reset the handle: so is the caller's.
    if (!O.AllReset)
      return;
    auto R = P.Handles.find(K);
    if (R != P.Handles.end() && R->second.State == HState::Released)
      P.Handles[K].Bits = HandleBits::Zero;
  };
  if (!O.Untouched)
    return Release(S);
  auto It = S.Handles.find(K);
  if (It == S.Handles.end() || !It->second.isLiveOrPending()) {
    // Not live here: the helper's releasing paths are guarded (a NULL or
    // validity test), so it does nothing to this handle.
    if (It == S.Handles.end() || It->second.State != HState::Released ||
        It->second.Bits != HandleBits::Unknown || !O.AllReset)
      FC.ops().release(S, K, Eff.Kind, C);
    auto R = S.Handles.find(K);
    if (O.AllReset && R != S.Handles.end() &&
        R->second.State == HState::Released)
      S.Handles[K].Bits = HandleBits::Zero;
    return;
  }
  for (AnalysisClient *Cl : FC.hooks())
    if (Cl->partialReleaseIsRelease(FC, K))
      return Release(S);
  // Released on some of the helper's paths only: follow both.
  PathState Kept = S;
  Kept.Syms[C] = O.Untouched & S.symMask(C);
  PathNote N;
  N.Loc = FC.quote().loc(C->getBeginLoc());
  N.Kind = NoteKind::HelperKeeps;
  N.Handle = It->second.Kind;
  N.Subject = It->second.Name;
  N.Text = CalleeName;
  Kept.addNote(std::move(N));
  Kept.restrictLastNote(K);
  Release(S);
  S.Syms[C] = O.Released & S.symMask(C);
  AnySym = true;
  Extra.push_back(std::move(Kept));
}

} // namespace analysis
} // namespace sspi
