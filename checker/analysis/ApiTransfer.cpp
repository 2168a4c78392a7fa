//===- ApiTransfer.cpp - SSPI calls, by the shape of their op -------------===//
#include "../model/WinApi.h"
#include "CallTransfer.h"
#include "FunctionContext.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

const Expr *ApiTransfer::arg(const ApiCall &A, int Idx) const {
  return Idx >= 0 && static_cast<unsigned>(Idx) < A.Call->getNumArgs()
             ? A.Call->getArg(Idx)
             : nullptr;
}

void ApiTransfer::call(const ApiCall &A, PathState &S) {
  // fContextReq is the call's input: read it before the outputs are
  // forgotten (the same variable may also receive *pfContextAttr).
  const Expr *ReqE = arg(A, A.Info->ContextReqArg);
  Req = ReqE ? FC.eval().evalInt(ReqE, S) : std::nullopt;
  forgetOutputs(A.Call, S);
  switch (A.Info->shape()) {
  case ApiShape::CreateOut:
    return createOut(A, S);
  case ApiShape::Handshake:
    return handshake(A, S);
  case ApiShape::Release:
    return release(A, S);
  case ApiShape::ReleasePointer:
    return releasePointer(A, S);
  case ApiShape::Export:
    return exportContext(A, S);
  case ApiShape::Impersonate:
    return impersonate(A, S);
  case ApiShape::Revert:
    return revert(A, S);
  case ApiShape::QueryAttributes:
    return queryAttributes(A, S);
  case ApiShape::Use:
    return useHandle(A, S);
  }
}

void ApiTransfer::forgetOutputs(const CallExpr *C, PathState &S) {
  // The call writes its outputs (`cbBuffer`, `pvBuffer`, attributes): what
  // this path knew of them is stale, also behind a descriptor's pBuffers.
  for (const Expr *Arg : C->arguments())
    if (Arg->getType()->isPointerType())
      if (auto P = FC.eval().pointee(Arg, S)) {
        S.Scalars.forgetPrefix(*P);
        for (const auto &KV : S.Aliases)
          if (KV.first.startsWith(*P)) {
            S.Scalars.forgetPrefix(KV.second);
            if (KV.second.size() > 1 &&
                KV.second.word(KV.second.size() - 1) == AccessPath::IndexTag)
              S.Scalars.forgetPrefix(KV.second.parent());
          }
      }
}

std::optional<AccessPath> ApiTransfer::useCredential(const ApiCall &A,
                                                     PathState &S) {
  const Expr *Cred = arg(A, A.Info->CredArg);
  std::optional<AccessPath> CredK =
      Cred ? FC.eval().pointee(Cred, S) : std::nullopt;
  if (CredK)
    FC.ops().use(S, *CredK, A.Call, A.Display);
  return CredK;
}

void ApiTransfer::createOut(const ApiCall &A, PathState &S) {
  const ApiInfo &I = *A.Info;
  FC.ops().freshStatus(S, A.Call);
  // A user-declared context acquire may name the credential it uses.
  std::optional<AccessPath> CredK = useCredential(A, S);
  if (auto K = FC.eval().handleArgument(arg(A, I.HandleArg), S)) {
    FC.ops().create(S, *K, I.kind(), A.Call, creationOutcome(I), A.Display,
                    arg(A, I.HandleArg));
    if (CredK && S.Handles.count(*K))
      S.Handles[*K].Cred = *CredK;
  }
}

namespace {
/// `have ? NULL : &ctx` (or the other way round): the pointer arm.
std::optional<AccessPath> nonNullArm(const AbstractConditionalOperator *CO,
                                     const Eval &E, const PathState &S) {
  if (isNullPointerConstant(CO->getTrueExpr()))
    return E.pointee(CO->getFalseExpr(), S);
  if (isNullPointerConstant(CO->getFalseExpr()))
    return E.pointee(CO->getTrueExpr(), S);
  return std::nullopt;
}

/// First call (no input context), later call (an existing one), or a call
/// that is either depending on how the input was computed.
enum class Leg : uint8_t { First, Later, Either };

Leg legOf(const Expr *In, const Eval &E, const PathState &S,
          std::optional<AccessPath> &InK) {
  if (!In || isNullPointerConstant(In))
    return Leg::First;
  const Expr *InS = In->IgnoreParenImpCasts();
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(InS)) {
    if (!isNullPointerConstant(CO->getTrueExpr()) &&
        !isNullPointerConstant(CO->getFalseExpr()))
      return Leg::Later;
    InK = nonNullArm(CO, E, S); // `first ? NULL : &ctx`
    return Leg::Either;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(InS);
      DRE && isa<VarDecl>(DRE->getDecl()) &&
      !isa<ParmVarDecl>(DRE->getDecl()) &&
      cast<VarDecl>(DRE->getDecl())->hasLocalStorage() &&
      !S.Aliases.count(AccessPath::var(DRE->getDecl())))
    return Leg::Either; // a local `PCtxtHandle p = NULL` set after the first
                        // leg
  InK = E.pointee(In, S);
  return Leg::Later;
}
} // namespace

void ApiTransfer::handshake(const ApiCall &A, PathState &S) {
  const ApiInfo &I = *A.Info;
  const CallExpr *C = A.Call;
  FC.ops().freshStatus(S, C);
  std::optional<AccessPath> CredK = useCredential(A, S);
  createOutputBuffers(A, S);
  const Expr *Out = arg(A, I.HandleArg);
  std::optional<AccessPath> OutK;
  // The path chose the new-context pointer by a test (`(*phCtx != NULL) ?
  // NULL : &newCtx`): the code makes a first call here.
  bool NewContextChosen = false;
  if (Out && !isNullPointerConstant(Out)) {
    // `have ? NULL : &ctx` (Schannel passes NULL on later legs).
    if (const auto *CO =
            dyn_cast<AbstractConditionalOperator>(Out->IgnoreParenImpCasts())) {
      if (CO == S.CondOp) {
        const Expr *Arm = S.CondArm ? CO->getTrueExpr() : CO->getFalseExpr();
        if (!isNullPointerConstant(Arm)) {
          OutK = FC.eval().pointee(Arm, S);
          NewContextChosen = OutK.has_value();
        }
      } else {
        OutK = nonNullArm(CO, FC.eval(), S);
      }
    } else {
      OutK = FC.eval().pointee(Out, S);
    }
  }
  std::optional<AccessPath> InK;
  Leg L = legOf(arg(A, I.InputCtxArg), FC.eval(), S, InK);
  if (L == Leg::Later && NewContextChosen &&
      (!InK || !S.Handles.count(*InK)))
    L = Leg::First; // the input is the caller's, NULL on this path
  if (L != Leg::First && InK) {
    auto It = S.Handles.find(*InK);
    if (L == Leg::Later && It != S.Handles.end() &&
        It->second.State == HState::Released) {
      FC.ops().use(S, *InK, C, A.Display); // a later leg on a deleted context
      return;
    }
    if (It != S.Handles.end() &&
        (It->second.isLiveOrPending() || It->second.State == HState::Escaped)) {
      // Later leg: whatever it returns, the context stays to be deleted.
      if (It->second.State == HState::Live) {
        PathNote N;
        N.Loc = FC.quote().loc(C->getBeginLoc());
        N.Kind = NoteKind::ContinuesHandshake;
        N.Subject = It->second.Name;
        N.Text = A.Display;
        S.addNote(std::move(N));
      }
      FC.ops().use(S, *InK, C, A.Display);
      if (OutK && *OutK != *InK) {
        HandleInfo Moved = S.Handles[*InK];
        Moved.Name = OutK->str();
        S.Handles.erase(*InK);
        S.Handles[*OutK] = Moved;
      }
      return;
    }
  }
  // A later leg on a context this function knows nothing about (a
  // parameter, a field): not ours to track.
  if (L == Leg::Later || !OutK)
    return;
  CreationOutcome Outcome = creationOutcome(I);
  if (L == Leg::Either && InK && !InK->isLocallyOwned()) {
    // `p->have ? &p->ctx : NULL` on the caller's object: this may be a
    // later leg on a context we cannot see. Maybe created, no more.
    Outcome.Maybe |= Outcome.Created;
    Outcome.Created = 0;
  }
  FC.ops().create(S, *OutK, HandleKind::Context, C, Outcome, A.Display, Out);
  if (CredK)
    S.Handles[*OutK].Cred = *CredK;
}

void ApiTransfer::release(const ApiCall &A, PathState &S) {
  if (auto K = FC.eval().handleArgument(arg(A, A.Info->HandleArg), S))
    FC.ops().release(S, *K, A.Info->kind(), A.Call);
}

void ApiTransfer::releasePointer(const ApiCall &A, PathState &S) {
  if (const Expr *B = arg(A, A.Info->HandleArg))
    if (auto K = FC.eval().bufferOf(B, S))
      FC.ops().release(S, *K, A.Info->kind(), A.Call);
}

void ApiTransfer::exportContext(const ApiCall &A, PathState &S) {
  auto K = FC.eval().handleArgument(arg(A, A.Info->HandleArg), S);
  if (!K)
    return;
  const Expr *FlagsE = arg(A, A.Info->FlagsArg);
  std::optional<int64_t> Flags =
      FlagsE ? FC.eval().evalInt(FlagsE, S) : std::nullopt;
  FC.ops().use(S, *K, A.Call, A.Display);
  if (Flags && (*Flags & ExportDeleteOld))
    FC.ops().release(S, *K, HandleKind::Context, A.Call);
  else if (!Flags)
    FC.ops().escapePrefix(S, *K); // maybe released: stay silent
}

void ApiTransfer::impersonate(const ApiCall &A, PathState &S) {
  FC.ops().freshStatus(S, A.Call);
  auto K = FC.eval().handleArgument(arg(A, A.Info->HandleArg), S);
  if (!K)
    return;
  FC.ops().use(S, *K, A.Call, A.Display);
  FC.ops().create(S, K->impersonation(), HandleKind::Impersonation, A.Call,
                  creationOutcome(*A.Info), A.Display, nullptr);
  S.Handles[K->impersonation()].Name =
      S.Handles.count(*K) ? S.Handles.find(*K)->second.Name : K->str();
}

void ApiTransfer::revert(const ApiCall &A, PathState &S) {
  auto K = FC.eval().handleArgument(arg(A, A.Info->HandleArg), S);
  if (!K)
    return;
  FC.ops().use(S, *K, A.Call, A.Display);
  FC.ops().release(S, K->impersonation(), HandleKind::Impersonation, A.Call);
}

void ApiTransfer::queryAttributes(const ApiCall &A, PathState &S) {
  FC.ops().freshStatus(S, A.Call);
  if (auto K = FC.eval().handleArgument(arg(A, A.Info->HandleArg), S))
    FC.ops().use(S, *K, A.Call, A.Display);
  createAttributeBuffers(A, S);
}

void ApiTransfer::useHandle(const ApiCall &A, PathState &S) {
  if (auto K = FC.eval().handleArgument(arg(A, A.Info->HandleArg), S))
    FC.ops().use(S, *K, A.Call, A.Display);
}

namespace {
const FieldDecl *fieldNamed(const RecordDecl *RD, llvm::StringRef Name) {
  if (!RD)
    return nullptr;
  for (const FieldDecl *F : RD->fields())
    if (F->getIdentifier() && F->getName() == Name)
      return F;
  // `struct BufferDesc : SecBufferDesc`: the base's fields.
  if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD); CRD && CRD->hasDefinition())
    for (const CXXBaseSpecifier &B : CRD->bases())
      if (const FieldDecl *F = fieldNamed(B.getType()->getAsRecordDecl(), Name))
        return F;
  return nullptr;
}
} // namespace

void ApiTransfer::createOutputBuffers(const ApiCall &A, PathState &S) {
  const ApiInfo &I = *A.Info;
  // Only when the flag is provably there: without it the caller supplied
  // the memory and must not free it with FreeContextBuffer.
  const Expr *Out = arg(A, I.OutputBuffersArg);
  if (!Out)
    return;
  if (!Req || !(static_cast<uint64_t>(*Req) & ReqAllocateMemory))
    return;
  if (isNullPointerConstant(Out))
    return;
  auto Desc = FC.eval().pointee(Out, S);
  QualType DT = stripCasts(Out)->getType();
  if (!Desc || !DT->isPointerType())
    return;
  const FieldDecl *PBuffers =
      fieldNamed(DT->getPointeeType()->getAsRecordDecl(), DescBuffersField);
  if (!PBuffers)
    return;
  auto Target = S.Aliases.find(Desc->field(PBuffers));
  if (Target == S.Aliases.end())
    return;
  const FieldDecl *PvBuffer =
      fieldNamed(PBuffers->getType()->getPointeeType()->getAsRecordDecl(),
                 BufferPointerField);
  if (!PvBuffer)
    return;
  // Allocation on a failing call is undocumented: maybe-allocated.
  FC.ops().create(S, Target->second.field(PvBuffer), HandleKind::ContextBuffer,
                  A.Call, {SuccessStatus, FailureStatus}, A.Display, nullptr);
}

void ApiTransfer::createAttributeBuffers(const ApiCall &A, PathState &S) {
  const CallExpr *C = A.Call;
  if (C->getNumArgs() < 3)
    return;
  auto Attr = FC.eval().evalInt(C->getArg(1), S);
  if (!Attr)
    return; // a variable attribute: no guess
  AttributeAllocation Alloc = allocatedMembers(
      static_cast<uint64_t>(*Attr), A.Info->kind() == HandleKind::Credential);
  if (Alloc.empty())
    return;
  const Expr *Buf = C->getArg(2);
  QualType BT = stripCasts(Buf)->getType();
  auto Target = FC.eval().pointee(Buf, S);
  if (!Target || !BT->isPointerType())
    return;
  if (Alloc.Whole) {
    // `&pCert`: the PCCERT_CONTEXT variable receives the object.
    if (BT->getPointeeType()->isPointerType())
      FC.ops().create(S, *Target, Alloc.Kind, C, {SuccessStatus, 0}, A.Display,
                      nullptr);
    return;
  }
  const RecordDecl *RD = BT->getPointeeType()->getAsRecordDecl();
  for (llvm::StringRef M : Alloc.Members)
    if (const FieldDecl *F = fieldNamed(RD, M))
      FC.ops().create(S, Target->field(F), Alloc.Kind, C, {SuccessStatus, 0},
                      A.Display, nullptr);
}

} // namespace analysis
} // namespace sspi
