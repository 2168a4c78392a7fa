//===- Reporter.cpp - Findings of one function, with their paths ----------===//
#include "Reporter.h"
#include "FunctionContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

FindingKind leakFinding(HandleKind K) {
  switch (K) {
#define SSPI_HANDLE_KIND(Id, Noun, CreatedVerb, ReleasedVerb, ReleaseApi,      \
                         PointerValued, SecondRelease, LeakCheck, UserAcquire, \
                         UserRelease)                                          \
  case HandleKind::Id:                                                         \
    return FindingKind::LeakCheck;
#include "../model/HandleKinds.def"
  }
  return FindingKind::ContextLeak;
}

bool Reporter::record(FindingKind Kind, SourceLocation Where,
                      const std::string &Name, const PathState &S) {
  auto Key = std::make_tuple(static_cast<int>(Kind),
                             FC.quote().loc(Where).getRawEncoding(), Name);
  if (Reported.count(Key))
    return false;
  // A path whose trail may not be one path (a branch read what a join
  // dropped): the finding is not made here; another path may make it.
  if (S.Uncertain) {
    if (DroppedKeys.insert(Key).second)
      ++FC.stats().Dropped;
    return false;
  }
  Reported.insert(Key);
  return true;
}

Finding Reporter::baseFinding(FindingKind Kind, Event What, const AccessPath &K,
                              const HandleInfo &H, SourceLocation Where) const {
  Finding F;
  F.Kind = Kind;
  F.What = What;
  F.Handle = H.Kind;
  F.Loc = FC.quote().loc(Where);
  F.Key = K;
  F.HandleName = H.Name;
  F.CreatedBy = H.CreatedBy;
  return F;
}

PathNote Reporter::creationNote(const HandleInfo &Info, SourceLocation L) {
  PathNote N;
  N.Loc = L;
  N.Kind = NoteKind::Created;
  N.Handle = Info.Kind;
  N.Subject = Info.Name;
  N.Text = Info.CreatedBy;
  return N;
}

PathNote Reporter::creationNote(const PathState &S, const HandleInfo &Info,
                                SourceLocation L) {
  PathNote N = creationNote(Info, L);
  // Held because the status may still be the call's normal result.
  if (Info.OwnedIfUsual || S.isUsuallyOwned(Info))
    for (unsigned Bit = 0; Bit < NumStatusClasses; ++Bit)
      if (Info.Usual & (1u << Bit)) {
        N.Kind = NoteKind::CreatedOnStatus;
        N.Other = statusClassName(static_cast<StatusClass>(1u << Bit));
        break;
      }
  return N;
}

void Reporter::reportLost(const PathState &S, const AccessPath &K,
                          const HandleInfo &Info, SourceLocation Where,
                          bool Overwritten) {
  if (Muted || (Info.State != HState::Live && !S.isUsuallyOwned(Info)))
    return;
  if (Info.Kind == HandleKind::Impersonation) {
    // Thread state, not memory: reported where the function returns, unless
    // the function hands the impersonation to its caller.
    if (Overwritten || S.ReturnedSym == Info.Origin ||
        FC.ops().handsOverImpersonation())
      return;
  } else if (!K.isLocallyOwned()) {
    return;
  }
  FindingKind Kind = leakFinding(Info.Kind);
  if (!record(Kind, Where, Info.Name, S))
    return;
  Finding F;
  F.Kind = Kind;
  F.What = Overwritten ? Event::Overwritten : Event::Lost;
  F.Handle = Info.Kind;
  F.Loc = FC.quote().loc(Where);
  F.Key = K;
  F.HandleName = Info.Name;
  F.CreatedBy = Info.CreatedBy;
  if (const UserApi *User = FC.user())
    F.AlsoReleasedBy = User->releaseSuffix(Info.Kind);
  const CFGBlock *WhereBlock =
      S.ExitStmt && S.ExitBlock ? S.ExitBlock : FC.currentBlock();
  F.Notes = notesFor(S, Info, K, WhereBlock);
  add(std::move(F));
}

void Reporter::reportReleaseMisuse(const PathState &S, Event What,
                                   const AccessPath &K, const HandleInfo &H,
                                   const Stmt *Site, llvm::StringRef By) {
  if (Muted)
    return;
  FindingKind Kind = What == Event::DoubleRelease
                         ? FindingKind::DoubleRelease
                         : FindingKind::UseAfterRelease;
  SourceLocation Where = Site->getBeginLoc();
  if (!record(Kind, Where, H.Name, S))
    return;
  Finding F = baseFinding(Kind, What, K, H, Where);
  F.UsedBy = By.str();
  // The branches that led to the release, the release, what followed.
  bool ReleaseNoted = false;
  auto AddReleaseNote = [&] {
    if (ReleaseNoted || !H.ReleaseSite)
      return;
    ReleaseNoted = true;
    PathNote N;
    N.Loc = FC.quote().loc(H.ReleaseSite->getBeginLoc());
    N.Kind = NoteKind::ReleasedHere;
    N.Handle = H.Kind;
    N.Subject = H.Name;
    if (const auto *RC = dyn_cast<CallExpr>(H.ReleaseSite))
      if (!FC.classify(RC) && RC->getDirectCallee())
        N.Text = RC->getDirectCallee()->getNameAsString();
    N.Flag = N.Loc == F.Loc; // in an earlier iteration of the loop
    F.Notes.push_back(std::move(N));
  };
  for (const TrailNote &T : S.trail()) {
    if (T.Seq >= H.ReleaseSeq)
      AddReleaseNote();
    if (T.Seq >= H.TrailStart && branchMatters(T, K, FC.currentBlock(), true) &&
        T.Note.Loc != F.Loc)
      F.Notes.push_back(T.Note);
  }
  AddReleaseNote();
  add(std::move(F));
}

void Reporter::reportWrongOrder(const PathState &S, const AccessPath &K,
                                const HandleInfo &H, const Stmt *DeleteSite) {
  if (Muted)
    return;
  SourceLocation Where = H.CredFreedAt->getBeginLoc();
  if (!record(FindingKind::CredentialFreedBeforeContext, Where, H.Name, S))
    return;
  Finding F;
  F.Kind = FindingKind::CredentialFreedBeforeContext;
  F.What = Event::WrongOrder;
  F.Handle = H.Kind;
  F.Loc = FC.quote().loc(Where);
  F.Key = K;
  F.HandleName = H.Name;
  F.CreatedBy = H.CreatedBy;
  F.CredName = H.Cred.str();
  if (H.Origin) {
    PathNote N;
    N.Loc = FC.quote().loc(H.Origin->getBeginLoc());
    N.Kind = NoteKind::CreatedFrom;
    N.Handle = H.Kind;
    N.Subject = H.Name;
    N.Other = F.CredName;
    N.Text = H.CreatedBy;
    F.Notes.push_back(std::move(N));
  }
  for (const TrailNote &T : S.trail())
    if (T.Seq >= H.TrailStart && branchMatters(T, K, FC.currentBlock()) &&
        T.Note.Loc != F.Loc)
      F.Notes.push_back(T.Note);
  PathNote Last;
  Last.Loc = FC.quote().loc(DeleteSite->getBeginLoc());
  Last.Kind = NoteKind::DeletedOnlyHere;
  Last.Handle = H.Kind;
  Last.Subject = H.Name;
  F.Notes.push_back(std::move(Last));
  add(std::move(F));
}

void Reporter::reportCleanupOrder(const PathState &S, const AccessPath &Ctx,
                                  const AccessPath &CredKey,
                                  const HandleInfo &Cred,
                                  const Stmt *DeleteSite,
                                  const MadeFrom &Maker,
                                  const std::string &Owner) {
  if (Muted)
    return;
  SourceLocation Where = Cred.ReleaseSite->getBeginLoc();
  std::string Name = Ctx.str();
  if (!record(FindingKind::CredentialFreedBeforeContext, Where, Name, S))
    return;
  Finding F;
  F.Kind = FindingKind::CredentialFreedBeforeContext;
  F.What = Event::WrongOrder;
  F.Handle = HandleKind::Context;
  F.Loc = FC.quote().loc(Where);
  F.Key = Ctx;
  F.HandleName = Name;
  F.CredName = Cred.Name;
  PathNote Why;
  Why.Loc = Maker.Call ? FC.quote().loc(Maker.Call->getBeginLoc()) : F.Loc;
  Why.Kind = NoteKind::MadeFrom;
  Why.Subject = Name;
  Why.Other = Cred.Name;
  Why.Text = Maker.Fn ? Maker.Fn->getNameAsString() : std::string();
  Why.Owner = Owner;
  F.Notes.push_back(std::move(Why));
  for (const TrailNote &T : S.trail())
    if (T.Seq >= Cred.ReleaseSeq && branchMatters(T, Ctx, FC.currentBlock()) &&
        T.Note.Loc != F.Loc)
      F.Notes.push_back(T.Note);
  PathNote Last;
  Last.Loc = FC.quote().loc(DeleteSite->getBeginLoc());
  Last.Kind = NoteKind::DeletedOnlyHere;
  Last.Handle = HandleKind::Context;
  Last.Subject = Name;
  F.Notes.push_back(std::move(Last));
  add(std::move(F));
}

std::vector<PathNote> Reporter::notesFor(const PathState &S,
                                         const HandleInfo &Info,
                                         const AccessPath &K,
                                         const CFGBlock *Where) const {
  std::vector<PathNote> Notes;
  if (Info.Origin)
    Notes.push_back(
        creationNote(S, Info, FC.quote().loc(Info.Origin->getBeginLoc())));
  for (const TrailNote &T : S.trail())
    if (T.Seq >= Info.TrailStart && branchMatters(T, K, Where))
      Notes.push_back(T.Note);
  return Notes;
}

bool Reporter::branchMatters(const TrailNote &T, const AccessPath &K,
                             const CFGBlock *Where, bool TakenSideToo) const {
  if (!T.OnlyFor.empty())
    return T.OnlyFor == K;
  const CFGPostDomTree *PostDom = FC.postDom();
  if (T.AboutHandles || !T.Branch || !PostDom)
    return true;
  if (Where && T.Taken && PostDom->dominates(Where, T.Taken) &&
      !PostDom->properlyDominates(Where, T.Branch))
    return true; // the finding's point is reached because of this choice
  return skippedCodeTouches(T, K, TakenSideToo);
}

bool Reporter::skippedCodeTouches(const TrailNote &T, const AccessPath &K,
                                  bool TakenSideToo) const {
  const CFGPostDomTree *PostDom = FC.postDom();
  const auto *VD = dyn_cast_or_null<VarDecl>(K.rootDecl());
  // A member (`this->cred_`) is touched where its field is named.
  const FieldDecl *Member = K.rootIsThis() ? K.fieldAt(2) : nullptr;
  if ((!VD && !Member) || !T.NotTaken)
    return false;
  // Does the code the choice skipped (up to where both sides join) touch
  // the handle? Then the choice is why it was not released. For a second
  // release or a use after release, the side taken may be where the first
  // release happened.
  std::vector<const CFGBlock *> Work{T.NotTaken};
  if (TakenSideToo && T.Taken)
    Work.push_back(T.Taken);
  llvm::DenseSet<const CFGBlock *> Visited;
  unsigned Budget = 256;
  auto Touches = [&](const Stmt *St) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(St))
      if (VD && DRE->getDecl() == VD)
        return true;
    if (const auto *ME = dyn_cast<MemberExpr>(St))
      if (Member && ME->getMemberDecl() == Member)
        return true;
    // A global released by a helper of this file counts as touched.
    if (K.isGlobal())
      if (const auto *C = dyn_cast<CallExpr>(St))
        if (const FunctionDecl *Callee = C->getDirectCallee())
          if (const FunctionDecl *Def = Callee->getDefinition())
            if (Def != FC.function() && FC.host().touchesSspi(Def))
              for (const auto &KV : FC.host().summaryFor(Def).Effects)
                if (KV.first.rootDecl() == VD)
                  return true;
    return false;
  };
  while (!Work.empty() && Budget--) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    if (!B || !Visited.insert(B).second || PostDom->dominates(B, T.Branch))
      continue;
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>())
        if (Touches(CS->getStmt()))
          return true;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *SB = Succ.getReachableBlock())
        Work.push_back(SB);
  }
  return false;
}

} // namespace analysis
} // namespace sspi
