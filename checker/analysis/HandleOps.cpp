//===- HandleOps.cpp - What happens to a handle on a path -----------------===//
#include "HandleOps.h"
#include "../model/WinApi.h"
#include "FunctionContext.h"
#include "Owners.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

void HandleOps::setSymMask(PathState &S, Sym Sy, StatusMask M) {
  S.Syms[Sy] = M;
  resolvePending(S, Sy);
}

void HandleOps::resolvePending(PathState &S, Sym Sy) {
  StatusMask M = S.symMask(Sy);
  S.Handles.updateIf(
      [&](const auto &KV) {
        return KV.second.State == HState::Pending && KV.second.Origin == Sy;
      },
      [&](auto &KV) {
        HandleInfo &H = KV.second;
        if ((M & ~H.Created) == 0)
          H.State = HState::Live;
        else if ((M & (H.Created | H.Maybe)) == 0)
          H.State = HState::Absent;
        else if (M != AllStatus)
          H.StatusTested = true;
      });
}

bool copiesArguments(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD || !MD->getParent()->isInStdNamespace() ||
      !MD->getParent()->getIdentifier())
    return false;
  llvm::StringRef Class = MD->getParent()->getName();
  if (Class != "basic_string" && Class != "vector" &&
      Class != "basic_string_view")
    return false;
  // A std::vector of pointers keeps the pointer it is given (and whoever
  // owns the vector may free it later): that is not a copy of the memory.
  if (const auto *Spec =
          dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
        Spec->getTemplateArgs()[0].getAsType()->isPointerType())
      return false;
  // Constructors and the members that copy their arguments in (iterator
  // ranges included); never `copy`, which writes through its pointer.
  if (isa<CXXConstructorDecl>(MD))
    return true;
  if (MD->getOverloadedOperator() == OO_Equal ||
      MD->getOverloadedOperator() == OO_PlusEqual)
    return true;
  if (!MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("assign", "append", "insert", "push_back", "emplace_back", true)
      .Cases("compare", "find", "rfind", "starts_with", "ends_with", true)
      .Default(false);
}

bool mayHoldHandle(QualType T, unsigned Depth) {
  if (T.isNull() || Depth > 3)
    return false;
  T = T.getCanonicalType();
  if (isSecHandleType(T))
    return true;
  if (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    return mayHoldHandle(AT->getElementType(), Depth + 1);
  if (const auto *PT = T->getAs<PointerType>())
    return mayHoldHandle(PT->getPointeeType(), Depth + 1);
  if (const RecordDecl *RD = T->getAsRecordDecl()) {
    if (!RD->getDefinition())
      return true; // opaque: cannot tell
    for (const FieldDecl *F : RD->getDefinition()->fields())
      if (mayHoldHandle(F->getType(), Depth + 1))
        return true;
  }
  return false;
}

void HandleOps::escapePrefix(PathState &S, const AccessPath &Prefix,
                             QualType ObjectType, bool KeepHandles) {
  if (KeepHandles) {
    S.Handles.updateIf(
        [&](const auto &KV) {
          return KV.first.startsWith(Prefix) &&
                 !model::isContextOrCredential(KV.second.Kind) &&
                 KV.second.State != HState::Absent &&
                 KV.second.State != HState::Escaped;
        },
        [](auto &KV) { KV.second.State = HState::Escaped; });
    S.forgetFactsUnder(Prefix);
    return;
  }
  S.escapeHandles(Prefix);
  // What the caller passed in (or a global) now has an unknown fate: record
  // it, so that this function's summary says so.
  if (!Prefix.isLocallyOwned() && !S.Handles.count(Prefix) &&
      (ObjectType.isNull() || mayHoldHandle(ObjectType))) {
    const auto *VD = dyn_cast_or_null<VarDecl>(Prefix.rootDecl());
    bool Outside = Prefix.rootIsThis() || Prefix.isGlobal() ||
                   (VD && isa<ParmVarDecl>(VD));
    if (Outside) {
      HandleInfo H;
      H.State = HState::Escaped;
      H.Name = Prefix.str();
      S.Handles[Prefix] = std::move(H);
    }
  }
  // A flag (or status) whose address escapes may be changed by the callee.
  S.forgetFactsUnder(Prefix);
}

void HandleOps::escapeArgument(const Expr *Arg, PathState &S,
                               bool KeepHandles) {
  if (!Arg)
    return;
  const Expr *A = Arg->IgnoreParenImpCasts();
  // `c ? NULL : &ctx`: either branch may be what the callee gets.
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(A)) {
    escapeArgument(CO->getTrueExpr(), S);
    escapeArgument(CO->getFalseExpr(), S);
    return;
  }
  if (Arg->getType()->isPointerType() || Arg->getType()->isReferenceType()) {
    // The type before any cast to `void *` says what is handed over.
    QualType T = stripCasts(Arg)->getType();
    QualType Obj = T->isPointerType() ? T->getPointeeType() : T;
    if (auto P = FC.eval().pointee(Arg, S))
      escapePrefix(S, *P, Obj, KeepHandles);
    return;
  }
  // By value: a copy of a handle (or of a struct holding one) moves the
  // responsibility along with it. A scalar (a length, an offset) cannot
  // hold one: its type keeps it out of the summary's record.
  if (auto P = FC.eval().lvalue(Arg, S))
    escapePrefix(S, *P, Arg->getType());
}

void HandleOps::escapeBuffer(const Expr *E, PathState &S) {
  if (!E || !E->getType()->isPointerType())
    return;
  auto B = FC.eval().bufferOf(E, S);
  if (!B)
    return;
  auto It = S.Handles.find(*B);
  if (It != S.Handles.end() && kindTraits(It->second.Kind).PointerValued &&
      It->second.isLiveOrPending())
    S.Handles[*B].State = HState::Escaped;
}

void HandleOps::forgetScalar(const Expr *E, PathState &S) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      S.StatusVars.erase(VD);
  if (auto P = FC.eval().lvalue(E->IgnoreParenImpCasts(), S))
    S.Scalars.forgetPrefix(*P);
}

bool HandleOps::handsOverImpersonation() const {
  // A function whose job is to impersonate (`begin_impersonation`) leaves
  // the thread impersonating on purpose.
  return namesImpersonation(FC.function()->getNameAsString());
}

void HandleOps::checkCredentialFree(PathState &S, const AccessPath &Cred,
                                    const Stmt *Site) {
  // Remembered, and reported when the context is deleted after this point;
  // a context that leaks instead is the leak check's finding.
  S.Handles.updateIf(
      [&](const auto &KV) {
        const HandleInfo &H = KV.second;
        return H.Kind == HandleKind::Context && H.isLiveOrPending() &&
               !H.Cred.empty() && H.Cred == Cred && !H.CredFreedAt &&
               KV.first.isLocallyOwned();
      },
      [&](auto &KV) {
        HandleInfo &H = KV.second;
        H.CredFreedAt = Site;
        PathNote N;
        N.Loc = FC.quote().loc(Site->getBeginLoc());
        N.Kind = NoteKind::CredFreedWhileLive;
        N.Handle = H.Kind;
        N.Subject = H.Name;
        N.Other = Cred.str();
        S.addNote(std::move(N));
      });
}

void HandleOps::checkCleanupOrder(const PathState &S, const AccessPath &Ctx,
                                  const Stmt *Site) {
  std::optional<OwnerKey> CtxK = ownerKey(Ctx, FC.function());
  for (const auto &KV : S.Handles) {
    const HandleInfo &C = KV.second;
    if (C.Kind != HandleKind::Credential || C.State != HState::Released ||
        !C.ReleasedIncoming || C.MaybeReleased || C.Origin || !C.ReleaseSite)
      continue;
    // The context and the credential are fields of one object, or the TU
    // makes the one from the other (globals, or the same object).
    bool SameObject = Ctx.size() >= 2 && KV.first.size() >= 2 &&
                      Ctx.parent() == KV.first.parent() &&
                      Ctx.parent().size() >= 2;
    MadeFrom Maker;
    if (CtxK)
      if (auto CredK = ownerKey(KV.first, FC.function()))
        Maker = FC.host().madeFrom(*CtxK, *CredK);
    bool Globals = Ctx.isGlobal() && KV.first.isGlobal();
    if (!SameObject && !(Maker.Fn && (Globals || Ctx.rootDecl() == KV.first.rootDecl())))
      continue;
    FC.reporter().reportCleanupOrder(S, Ctx, KV.first, C, Site, Maker,
                                     SameObject && CtxK ? CtxK->ownerName()
                                                        : std::string());
    return;
  }
}

void HandleOps::freshStatus(PathState &S, const CallExpr *C) {
  // Every visit of a call produces a fresh status; what referred to an
  // older visit's status describes an older value.
  for (auto It = S.StatusVars.begin(); It != S.StatusVars.end();)
    It = It->second == C ? S.StatusVars.erase(It) : std::next(It);
  for (auto It = S.StatusFields.begin(); It != S.StatusFields.end();)
    It = It->second == C ? S.StatusFields.erase(It) : std::next(It);
  S.Handles.updateIf(
      [&](const auto &KV) {
        return KV.second.State == HState::Pending && KV.second.Origin == C;
      },
      [](auto &KV) { KV.second.Origin = nullptr; }); // stays Pending: silent
  S.Syms[C] = AllStatus;
}

void HandleOps::create(PathState &S, const AccessPath &K, HandleKind Kind,
                       const CallExpr *Origin, CreationOutcome Out,
                       llvm::StringRef By, const Expr *HandleExpr) {
  auto It = S.Handles.find(K);
  bool ReleasedIncoming = false;
  if (It != S.Handles.end()) {
    if (It->second.State == HState::Live && !K.hasIndex())
      FC.reporter().reportLost(S, K, It->second, Origin->getBeginLoc(), true);
    ReleasedIncoming = It->second.ReleasedIncoming;
  }
  HandleInfo H;
  H.Kind = Kind;
  H.State = HState::Pending;
  H.Origin = Origin;
  H.Created = Out.Created;
  H.Maybe = Out.Maybe;
  H.Usual = Out.Usual & Out.Created;
  H.ReleasedIncoming = ReleasedIncoming;
  H.Name = K.str();
  if (HandleExpr) {
    // Prefer the spelling the user wrote when it names the handle directly.
    const Expr *HE = HandleExpr->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(HE))
      if (UO->getOpcode() == UO_AddrOf &&
          !UO->getSubExpr()->getBeginLoc().isMacroID())
        H.Name = FC.quote().text(UO->getSubExpr());
  }
  H.CreatedBy = By.str();
  H.ViaTable = !Origin->getDirectCallee() && FC.classify(Origin);
  H.TrailStart = S.NextSeq;
  S.Handles[K] = std::move(H);
  S.Scalars.forgetPrefix(K);
  if (!S.Syms.count(Origin))
    S.Syms[Origin] = AllStatus;
  // A call that creates whatever it returns (a declared `always` or void
  // acquire function) leaves nothing to test.
  resolvePending(S, Origin);
}

void HandleOps::release(PathState &S, const AccessPath &K, HandleKind Kind,
                        const Stmt *Site) {
  if (Kind == HandleKind::Credential)
    checkCredentialFree(S, K, Site);
  auto MarkReleased = [&](HandleInfo &H) {
    H.State = HState::Released;
    H.ReleaseSite = Site;
    H.ReleaseSeq = S.NextSeq;
  };
  auto It = S.Handles.find(K);
  if (It == S.Handles.end()) {
    if (Kind == HandleKind::Context)
      checkCleanupOrder(S, K, Site);
    HandleInfo H;
    H.Kind = Kind;
    MarkReleased(H);
    H.ReleasedIncoming = true;
    H.Name = K.str();
    S.Handles[K] = std::move(H);
    return;
  }
  HandleInfo &H = S.Handles[K];
  switch (H.State) {
  case HState::Pending:
    H.MaybeReleased = true;
    [[fallthrough]];
  case HState::Live:
    if (H.CredFreedAt && H.State == HState::Live)
      FC.reporter().reportWrongOrder(S, K, H, Site);
    MarkReleased(H);
    break;
  case HState::Absent:
    // Defensive delete of a handle that failed to be created: fine.
    if (!H.Origin) {
      MarkReleased(H);
      H.ReleasedIncoming = true;
      H.MaybeReleased = true;
    }
    break;
  case HState::Released:
    // A reset handle (SecInvalidateHandle, zeroed) is not released again;
    // `a[i]` in a loop is another element each time.
    if (!H.MaybeReleased && H.Bits == HandleBits::Unknown &&
        kindTraits(H.Kind).SecondRelease && !K.hasIndex())
      FC.reporter().reportReleaseMisuse(S, Event::DoubleRelease, K, H, Site,
                                        "");
    break;
  case HState::Escaped:
    // A global that an unknown call may have released (any call it cannot
    // see into makes globals escape) is released here all the same; since
    // the other release is only possible, never a double release.
    if (K.isGlobal()) {
      MarkReleased(H);
      H.MaybeReleased = true;
    }
    break;
  }
}

void HandleOps::use(PathState &S, const AccessPath &K, const CallExpr *Site,
                    llvm::StringRef By) {
  auto It = S.Handles.find(K);
  if (It == S.Handles.end())
    return;
  if (It->second.State == HState::Released && Site && !K.hasIndex() &&
      !It->second.MaybeReleased && It->second.Bits == HandleBits::Unknown) {
    FC.reporter().reportReleaseMisuse(S, Event::UseAfterRelease, K, It->second,
                                      Site, By);
    return;
  }
  // Code that goes on using a handle whose creating status it never checked
  // assumes the creation succeeded (not for a maybe-only creation, such as
  // a leg that may have continued the caller's context).
  if (It->second.State == HState::Pending && It->second.Created) {
    HandleInfo &H = S.Handles[K];
    H.State = HState::Live;
    if (Site) {
      PathNote N;
      N.Loc = FC.quote().loc(Site->getBeginLoc());
      N.Kind = NoteKind::UsedUnchecked;
      N.Handle = H.Kind;
      N.Subject = H.Name;
      S.addNote(std::move(N));
    }
  }
}

} // namespace analysis
} // namespace sspi
