//===- Transfer.cpp - Effect of one CFG element or branch on a path state
//--===//
#include "FunctionAnalyzer.h"
#include "../model/WinApi.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace sspi::model;

namespace sspi {
namespace analysis {

bool passedByValue(const Expr *Arg) {
  return Arg && isSecHandleType(Arg->IgnoreParenImpCasts()->getType());
}

namespace {

std::optional<int64_t> intConstant(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

/// Masks of classes with some value satisfying / violating `X op C`.
void compareMasks(BinaryOperatorKind Op, int64_t C, StatusMask &TrueM,
                  StatusMask &FalseM) {
  TrueM = FalseM = 0;
  for (int Bit = 0; Bit < 8; ++Bit) {
    auto Cls = static_cast<StatusClass>(1 << Bit);
    int64_t Lo, Hi;
    classRange(Cls, Lo, Hi);
    bool SomeTrue = false, SomeFalse = false;
    switch (Op) {
    case BO_EQ:
    case BO_NE: {
      // The wide classes exclude the named codes: `st == SEC_I_CONTINUE_
      // NEEDED` says nothing about "some other positive value".
      bool In = classifyStatus(C) == Cls;
      bool AllEq = In && Lo == Hi;
      bool SomeEq = In;
      SomeTrue = Op == BO_EQ ? SomeEq : !AllEq;
      SomeFalse = Op == BO_EQ ? !AllEq : SomeEq;
      break;
    }
    case BO_LT:
      SomeTrue = Lo < C;
      SomeFalse = Hi >= C;
      break;
    case BO_LE:
      SomeTrue = Lo <= C;
      SomeFalse = Hi > C;
      break;
    case BO_GT:
      SomeTrue = Hi > C;
      SomeFalse = Lo <= C;
      break;
    case BO_GE:
      SomeTrue = Hi >= C;
      SomeFalse = Lo < C;
      break;
    default:
      SomeTrue = SomeFalse = true;
    }
    if (SomeTrue)
      TrueM |= Cls;
    if (SomeFalse)
      FalseM |= Cls;
  }
}

BinaryOperatorKind reverseOp(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return Op;
  }
}

} // namespace

// ---------------------------------------------------------------------------
// Small queries.

SourceLocation FunctionAnalyzer::loc(SourceLocation L) const {
  return L.isMacroID() ? SM.getExpansionLoc(L) : L;
}

/// The source range to quote for an expression: its expansion range, but a
/// part of a macro's expansion (a macro argument, or code inside a macro that
/// expands to a whole function) as written, not the invocation around it.
static CharSourceRange quotedRange(SourceRange SR, const SourceManager &SM,
                                   const LangOptions &LO) {
  CharSourceRange R = SM.getExpansionRange(SR);
  SourceLocation B = SR.getBegin(), E = SR.getEnd();
  if (B.isMacroID() && E.isMacroID() &&
      !(Lexer::isAtStartOfMacroExpansion(B, SM, LO) &&
        Lexer::isAtEndOfMacroExpansion(E, SM, LO))) {
    SourceLocation SB = SM.getSpellingLoc(B), SE = SM.getSpellingLoc(E);
    if (SM.getFileID(SB) == SM.getFileID(SE) &&
        !SM.isBeforeInTranslationUnit(SE, SB))
      R = CharSourceRange::getTokenRange(SB, SE);
  }
  return R;
}

std::string FunctionAnalyzer::text(const Stmt *St) const {
  const LangOptions &LO = Ctx.getLangOpts();
  CharSourceRange R = quotedRange(St->getSourceRange(), SM, LO);
  StringRef T = Lexer::getSourceText(R, SM, LO);
  std::string Out;
  Out.reserve(T.size());
  bool Space = false;
  for (char Ch : T) { // one line, single spaces
    if (Ch == '\n' || Ch == '\r' || Ch == '\t' || Ch == ' ') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += Ch;
  }
  if (Out.size() <= 60)
    return Out;
  // Too long for a note: keep the shape, elide call arguments.
  // A condition spelled with a macro (`FAILED(...)`): name the macro.
  if (St->getBeginLoc().isMacroID()) {
    StringRef Macro =
        Lexer::getImmediateMacroName(St->getBeginLoc(), SM, Ctx.getLangOpts());
    if (!Macro.empty() && Out.rfind(Macro.str() + "(", 0) == 0)
      return Macro.str() + "(...)";
  }
  if (const auto *E = dyn_cast<Expr>(St)) {
    if (const auto *PE = dyn_cast<ParenExpr>(E))
      return "(" + text(PE->getSubExpr()) + ")";
    const Expr *X = E->IgnoreImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(X))
      return text(BO->getLHS()) + " " + BO->getOpcodeStr().str() + " " +
             text(BO->getRHS());
    if (const auto *UO = dyn_cast<UnaryOperator>(X))
      if (UO->getOpcode() == UO_LNot)
        return "!" + text(UO->getSubExpr());
    if (const auto *C = dyn_cast<CallExpr>(X)) {
      CharSourceRange Whole = quotedRange(C->getSourceRange(), SM, LO);
      CharSourceRange Callee =
          quotedRange(C->getCallee()->getSourceRange(), SM, LO);
      if (Whole.getBegin() != Callee.getBegin() ||
          Whole.getEnd() != Callee.getEnd())
        return text(C->getCallee()) + "(...)";
    }
  }
  return Out.substr(0, 57) + "...";
}

std::optional<ApiCall> FunctionAnalyzer::classify(const CallExpr *C) const {
  return classifyCall(C, TU.options().User.get());
}

std::optional<AccessPath> FunctionAnalyzer::pointee(const Expr *E,
                                                    const PathState &S) const {
  return pointeePath(E, [&S](const AccessPath &P) -> std::optional<AccessPath> {
    auto It = S.Aliases.find(P);
    if (It == S.Aliases.end())
      return std::nullopt;
    return It->second;
  });
}

std::optional<AccessPath> FunctionAnalyzer::lvalue(const Expr *E,
                                                   const PathState &S) const {
  return lvaluePath(E, [&S](const AccessPath &P) -> std::optional<AccessPath> {
    auto It = S.Aliases.find(P);
    if (It == S.Aliases.end())
      return std::nullopt;
    return It->second;
  });
}

std::optional<int64_t> FunctionAnalyzer::constValue(const Expr *E,
                                                    const PathState &S) const {
  if (S.ConstVars.empty())
    return std::nullopt;
  const Expr *X = stripCasts(E);
  if (!isa<DeclRefExpr>(X) && !isa<MemberExpr>(X))
    return std::nullopt;
  auto P = lvalue(X, S);
  if (!P)
    return std::nullopt;
  auto It = S.ConstVars.find(*P);
  if (It == S.ConstVars.end())
    return std::nullopt;
  return It->second;
}

void FunctionAnalyzer::forgetScalar(const Expr *E, PathState &S) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      S.StatusVars.erase(VD);
  if (auto P = lvalue(E->IgnoreParenImpCasts(), S))
    S.forgetConsts(*P);
}

void FunctionAnalyzer::scanBody() {
  // One pass over the body for what the branch assumptions need: the
  // handles this function creates (by the spelling of the call's handle
  // argument: a lazy `if (!SecIsValidHandle(&g)) Acquire(&g)`), and the
  // parameters through which it releases handles (`conn_close(conn *c)`).
  CreatedKeys.emplace();
  HandleParams.emplace();
  struct Finder : RecursiveASTVisitor<Finder> {
    FunctionAnalyzer &FA;
    explicit Finder(FunctionAnalyzer &FA) : FA(FA) {}
    bool VisitCallExpr(CallExpr *C) {
      auto A = FA.classify(C);
      if (!A || static_cast<unsigned>(A->Info->HandleArg) >= C->getNumArgs())
        return true;
      const Expr *H = C->getArg(A->Info->HandleArg);
      auto K = passedByValue(H) ? lvaluePath(H, nullptr) : pointeePath(H, nullptr);
      if (!K)
        return true;
      if (A->Info->creates())
        FA.CreatedKeys->insert(*K);
      if (A->Info->releases())
        if (const auto *PD = dyn_cast_or_null<ParmVarDecl>(K->rootDecl()))
          FA.HandleParams->insert(PD);
      return true;
    }
  } F(*this);
  F.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
}

bool FunctionAnalyzer::guardsHandleObject(const AccessPath &P) {
  const auto *Parm = dyn_cast_or_null<ParmVarDecl>(P.rootDecl());
  if (!Parm || !P.hasDeref() || isSecHandleType(Parm->getType()))
    return false;
  if (!HandleParams)
    scanBody();
  return HandleParams->count(Parm) != 0;
}

bool FunctionAnalyzer::createdHere(const AccessPath &K) {
  if (!CreatedKeys)
    scanBody();
  return CreatedKeys->count(K) != 0;
}

std::optional<int64_t> FunctionAnalyzer::evalInt(const Expr *E,
                                                 const PathState &S) const {
  if (!E)
    return std::nullopt;
  if (auto V = intConstant(E, Ctx))
    return V;
  if (auto V = constValue(E, S))
    return V;
  const Expr *X = stripCasts(E);
  if (const auto *CO = dyn_cast<ConditionalOperator>(X))
    if (CO == S.CondOp)
      return intConstant(S.CondArm ? CO->getTrueExpr() : CO->getFalseExpr(),
                         Ctx);
  return std::nullopt;
}

std::optional<Sym> FunctionAnalyzer::statusRef(const Expr *E,
                                               const PathState &S) const {
  if (!E)
    return std::nullopt;
  E = stripCasts(E);
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    if (S.Syms.count(C))
      return C;
    return std::nullopt;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = S.StatusVars.find(VD);
      if (It != S.StatusVars.end())
        return It->second;
    }
    return std::nullopt;
  }
  if (isa<MemberExpr>(E) && !S.StatusFields.empty())
    if (auto P = lvalue(E, S)) {
      auto It = S.StatusFields.find(*P);
      if (It != S.StatusFields.end())
        return It->second;
    }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Assign)
      return statusRef(BO->getRHS(), S);
    if (BO->getOpcode() == BO_Comma)
      return statusRef(BO->getRHS(), S);
  }
  return std::nullopt;
}

std::optional<AccessPath>
FunctionAnalyzer::handleBitsRef(const Expr *E, const PathState &S) const {
  E = stripCasts(E);
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME)
    return std::nullopt;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!F || !F->getIdentifier() ||
      !isHandleBitsField(F))
    return std::nullopt;
  if (!isSecHandleType(Ctx.getRecordType(F->getParent())))
    return std::nullopt;
  return ME->isArrow() ? pointee(ME->getBase(), S) : lvalue(ME->getBase(), S);
}

std::optional<bool> FunctionAnalyzer::knownNonNull(const Expr *E,
                                                   const PathState &S) const {
  const Expr *X = E->IgnoreParenImpCasts();
  if (!X->getType()->isPointerType())
    return std::nullopt;
  if (auto V = constValue(X, S))
    return *V != 0;
  if (const auto *UO = dyn_cast<UnaryOperator>(X))
    if (UO->getOpcode() == UO_AddrOf)
      return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    if (S.Aliases.count(AccessPath::var(VD)))
      return true;
    // A handle parameter is the caller's `&handle`: summaries describe the
    // calls that pass a handle, which is what a caller tracks.
    if (isa<ParmVarDecl>(VD))
      return true;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// State updates.

void FunctionAnalyzer::setSymMask(PathState &S, Sym Sy, StatusMask M) {
  S.Syms[Sy] = M;
  resolvePending(S, Sy);
}

void FunctionAnalyzer::resolvePending(PathState &S, Sym Sy) {
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

namespace {
/// Whether an object of type T can contain an SSPI handle (directly, in a
/// field, or behind a pointer field), a few levels deep.
bool mayHoldHandle(QualType T, unsigned Depth = 0) {
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
} // namespace

void FunctionAnalyzer::escapePrefix(PathState &S, const AccessPath &Prefix,
                                    QualType ObjectType) {
  S.Handles.updateIf(
      [&](const auto &KV) {
        return KV.first.startsWith(Prefix) &&
               KV.second.State != HState::Absent &&
               KV.second.State != HState::Escaped;
      },
      [](auto &KV) { KV.second.State = HState::Escaped; });
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
  S.forgetConsts(Prefix);
  for (auto It = S.StatusFields.begin(); It != S.StatusFields.end();)
    It =
        It->first.startsWith(Prefix) ? S.StatusFields.erase(It) : std::next(It);
}

void FunctionAnalyzer::escapeArgument(const Expr *Arg, PathState &S) {
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
    if (auto P = pointee(Arg, S))
      escapePrefix(S, *P, Obj);
    return;
  }
  // By value: a copy of a handle (or of a struct holding one) moves the
  // responsibility along with it. A scalar (a length, an offset) cannot
  // hold one: its type keeps it out of the summary's record.
  if (auto P = lvalue(Arg, S))
    escapePrefix(S, *P, Arg->getType());
}

namespace {
const char *kindNoun(HandleKind K) {
  switch (K) {
  case HandleKind::Context:
    return "security context";
  case HandleKind::Credential:
    return "credential";
  case HandleKind::ContextBuffer:
    return "buffer";
  case HandleKind::Impersonation:
    return "impersonation of";
  }
  return "handle";
}
const char *releasedVerb(HandleKind K) {
  switch (K) {
  case HandleKind::Context:
    return "deleted";
  case HandleKind::Credential:
  case HandleKind::ContextBuffer:
    return "freed";
  case HandleKind::Impersonation:
    return "reverted";
  }
  return "released";
}
} // namespace

bool FunctionAnalyzer::record(FindingKind Kind, SourceLocation Where,
                              const std::string &Name) {
  auto Key = std::make_tuple(static_cast<int>(Kind),
                             loc(Where).getRawEncoding(), Name);
  return Reported.insert(Key).second;
}

void FunctionAnalyzer::reportLost(PathState &S, const AccessPath &K,
                                  const HandleInfo &Info, SourceLocation Where,
                                  bool Overwritten) {
  if (Info.State != HState::Live)
    return;
  if (Info.Kind == HandleKind::Impersonation) {
    // Thread state, not memory: reported where the function returns, unless
    // the function hands the impersonation to its caller.
    if (Overwritten || S.ReturnedSym == Info.Origin || handsOverImpersonation())
      return;
  } else if (!K.isLocallyOwned()) {
    return;
  }
  FindingKind Kind;
  std::string Msg;
  std::string Name = "'" + Info.Name + "'";
  const model::UserApi *User = TU.options().User.get();
  auto Missing = [&](const char *Api) {
    return std::string(" (missing ") + Api +
           (User ? User->releaseSuffix(Info.Kind) : std::string()) + ")";
  };
  switch (Info.Kind) {
  case HandleKind::Context:
    Kind = FindingKind::ContextLeak;
    Msg = Overwritten ? "security context " + Name +
                            " is overwritten while still live; the context it "
                            "held is never deleted"
                      : "security context " + Name +
                            " is never deleted on this path" +
                            Missing("DeleteSecurityContext");
    break;
  case HandleKind::Credential:
    Kind = FindingKind::CredentialLeak;
    Msg = Overwritten ? "credential " + Name +
                            " is overwritten while still live; the credential "
                            "it held is never freed"
                      : "credential " + Name +
                            " is never freed on this path" +
                            Missing("FreeCredentialsHandle");
    break;
  case HandleKind::ContextBuffer:
    Kind = FindingKind::ContextBufferLeak;
    Msg = Overwritten ? "buffer " + Name + " allocated by " + Info.CreatedBy +
                            " is overwritten while still allocated" +
                            Missing("FreeContextBuffer")
                      : "buffer " + Name + " allocated by " + Info.CreatedBy +
                            " is never freed on this path" +
                            Missing("FreeContextBuffer");
    break;
  case HandleKind::Impersonation:
    Kind = FindingKind::ImpersonationNotReverted;
    Msg = "the thread still impersonates the client of " + Name +
          " on this path (missing RevertSecurityContext)";
    break;
  }
  if (!record(Kind, Where, Info.Name))
    return;
  Finding F;
  F.Kind = Kind;
  F.Loc = loc(Where);
  F.Message = std::move(Msg);
  const CFGBlock *WhereBlock =
      S.ExitStmt && S.ExitBlock ? S.ExitBlock : CurBlock;
  F.Notes = notesFor(S, Info, K, WhereBlock);
  Findings.push_back(std::move(F));
}

bool FunctionAnalyzer::handsOverImpersonation() const {
  // A function whose job is to impersonate (`begin_impersonation`) leaves
  // the thread impersonating on purpose.
  return namesImpersonation(FD->getNameAsString());
}

void FunctionAnalyzer::reportReleaseMisuse(PathState &S, FindingKind Kind,
                                           const AccessPath &K,
                                           const HandleInfo &H,
                                           const Stmt *Site,
                                           llvm::StringRef By) {
  SourceLocation Where = Site->getBeginLoc();
  if (!record(Kind, Where, H.Name))
    return;
  Finding F;
  F.Kind = Kind;
  F.Loc = loc(Where);
  std::string Name = "'" + H.Name + "'";
  std::string Verb = releasedVerb(H.Kind);
  if (Kind == FindingKind::DoubleRelease) {
    F.Message = std::string(kindNoun(H.Kind)) + " " + Name + " is " + Verb +
                " twice on this path";
    if (H.Kind == HandleKind::ContextBuffer)
      F.Message += " (FreeContextBuffer)";
  } else {
    F.Message = std::string(kindNoun(H.Kind)) + " " + Name + " is used by " +
                By.str() + " after it was " + Verb;
  }
  // The branches that led to the release, the release, what followed.
  bool ReleaseNoted = false;
  auto AddReleaseNote = [&] {
    if (ReleaseNoted || !H.ReleaseSite)
      return;
    ReleaseNoted = true;
    std::string Note = Name + " " + Verb + " here";
    if (const auto *RC = dyn_cast<CallExpr>(H.ReleaseSite))
      if (!classify(RC) && RC->getDirectCallee())
        Note += " by '" + RC->getDirectCallee()->getNameAsString() + "'";
    if (loc(H.ReleaseSite->getBeginLoc()) == F.Loc)
      Note += " in an earlier iteration of the loop";
    F.Notes.push_back({loc(H.ReleaseSite->getBeginLoc()), Note});
  };
  for (const TrailNote &T : S.trail()) {
    if (T.Seq >= H.ReleaseSeq)
      AddReleaseNote();
    if (T.Seq >= H.TrailStart && branchMatters(T, K, CurBlock, true) &&
        T.Note.Loc != F.Loc)
      F.Notes.push_back(T.Note);
  }
  AddReleaseNote();
  Findings.push_back(std::move(F));
}

void FunctionAnalyzer::checkCredentialFree(PathState &S, const AccessPath &Cred,
                                           const Stmt *Site) {
  // Remembered, and reported when the context is deleted after this point;
  // a context that leaks instead is the leak check's finding.
  S.Handles.updateIf(
      [&](const auto &KV) {
        const HandleInfo &H = KV.second;
        return H.Kind == HandleKind::Context &&
               (H.State == HState::Live || H.State == HState::Pending) &&
               !H.Cred.empty() && H.Cred == Cred && !H.CredFreedAt &&
               KV.first.isLocallyOwned();
      },
      [&](auto &KV) {
        HandleInfo &H = KV.second;
        H.CredFreedAt = Site;
        S.addNote(loc(Site->getBeginLoc()), "credential '" + Cred.str() +
                                                "' freed here while '" +
                                                H.Name + "' is still live");
      });
}

void FunctionAnalyzer::reportWrongOrder(PathState &S, const AccessPath &K,
                                        const HandleInfo &H,
                                        const Stmt *DeleteSite) {
  SourceLocation Where = H.CredFreedAt->getBeginLoc();
  if (!record(FindingKind::CredentialFreedBeforeContext, Where, H.Name))
    return;
  Finding F;
  F.Kind = FindingKind::CredentialFreedBeforeContext;
  F.Loc = loc(Where);
  F.Message = "credential '" + H.Cred.str() +
              "' is freed while security context '" + H.Name +
              "' created from it is still live; delete the context first";
  if (H.Origin)
    F.Notes.push_back({loc(H.Origin->getBeginLoc()),
                       "security context '" + H.Name + "' created from '" +
                           H.Cred.str() + "' here by " + H.CreatedBy});
  for (const TrailNote &T : S.trail())
    if (T.Seq >= H.TrailStart && branchMatters(T, K, CurBlock) &&
        T.Note.Loc != F.Loc)
      F.Notes.push_back(T.Note);
  F.Notes.push_back(
      {loc(DeleteSite->getBeginLoc()), "'" + H.Name +
                                           "' is deleted only here, after its "
                                           "credential"});
  Findings.push_back(std::move(F));
}

void FunctionAnalyzer::freshStatus(PathState &S, const CallExpr *C) {
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

void FunctionAnalyzer::create(PathState &S, const AccessPath &K,
                              HandleKind Kind, const CallExpr *Origin,
                              CreationOutcome Out, llvm::StringRef By,
                              const Expr *HandleExpr) {
  auto It = S.Handles.find(K);
  bool ReleasedIncoming = false;
  if (It != S.Handles.end()) {
    if (It->second.State == HState::Live && !K.hasIndex())
      reportLost(S, K, It->second, Origin->getBeginLoc(), true);
    ReleasedIncoming = It->second.ReleasedIncoming;
  }
  HandleInfo H;
  H.Kind = Kind;
  H.State = HState::Pending;
  H.Origin = Origin;
  H.Created = Out.Created;
  H.Maybe = Out.Maybe;
  H.ReleasedIncoming = ReleasedIncoming;
  H.Name = K.str();
  if (HandleExpr) {
    // Prefer the spelling the user wrote when it names the handle directly.
    const Expr *HE = HandleExpr->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(HE))
      if (UO->getOpcode() == UO_AddrOf &&
          !UO->getSubExpr()->getBeginLoc().isMacroID())
        H.Name = text(UO->getSubExpr());
  }
  H.CreatedBy = By.str();
  H.ViaTable = !Origin->getDirectCallee() && classify(Origin);
  H.TrailStart = S.NextSeq;
  S.Handles[K] = std::move(H);
  S.forgetConsts(K);
  if (!S.Syms.count(Origin))
    S.Syms[Origin] = AllStatus;
  // A call that creates whatever it returns (a declared `always` or void
  // acquire function) leaves nothing to test.
  resolvePending(S, Origin);
}

void FunctionAnalyzer::release(PathState &S, const AccessPath &K,
                               HandleKind Kind, const Stmt *Site) {
  if (Kind == HandleKind::Credential)
    checkCredentialFree(S, K, Site);
  auto It = S.Handles.find(K);
  if (It == S.Handles.end()) {
    HandleInfo H;
    H.Kind = Kind;
    H.State = HState::Released;
    H.ReleaseSite = Site;
    H.ReleaseSeq = S.NextSeq;
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
      reportWrongOrder(S, K, H, Site);
    H.State = HState::Released;
    H.ReleaseSite = Site;
    H.ReleaseSeq = S.NextSeq;
    break;
  case HState::Absent:
    // Defensive delete of a handle that failed to be created: fine.
    if (!H.Origin) {
      H.State = HState::Released;
      H.ReleaseSite = Site;
      H.ReleaseSeq = S.NextSeq;
      H.ReleasedIncoming = true;
      H.MaybeReleased = true;
    }
    break;
  case HState::Released:
    // A reset handle (SecInvalidateHandle, zeroed) is not released again;
    // `a[i]` in a loop is another element each time.
    if (!H.MaybeReleased && H.Bits == HandleBits::Unknown &&
        H.Kind != HandleKind::Impersonation && !K.hasIndex())
      reportReleaseMisuse(S, FindingKind::DoubleRelease, K, H, Site, "");
    break;
  case HState::Escaped:
    break;
  }
}

void FunctionAnalyzer::use(PathState &S, const AccessPath &K,
                           const CallExpr *Site, llvm::StringRef By) {
  auto It = S.Handles.find(K);
  if (It == S.Handles.end())
    return;
  if (It->second.State == HState::Released && Site && !K.hasIndex() &&
      !It->second.MaybeReleased && It->second.Bits == HandleBits::Unknown) {
    reportReleaseMisuse(S, FindingKind::UseAfterRelease, K, It->second, Site,
                        By);
    return;
  }
  // Code that goes on using a handle whose creating status it never checked
  // assumes the creation succeeded (not for a maybe-only creation, such as
  // a leg that may have continued the caller's context).
  if (It->second.State == HState::Pending && It->second.Created) {
    HandleInfo &H = S.Handles[K];
    H.State = HState::Live;
    if (Site)
      S.addNote(loc(Site->getBeginLoc()),
                "'" + H.Name +
                    "' is used here without checking that its creation "
                    "succeeded");
  }
}

// ---------------------------------------------------------------------------
// Elements.

void FunctionAnalyzer::transferElement(const CFGElement &E, PathState &S,
                                       std::vector<PathState> &Extra) {
  if (auto LE = E.getAs<CFGLifetimeEnds>()) {
    onLifetimeEnd(LE->getVarDecl(), LE->getTriggerStmt(), S);
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *St = CS->getStmt();
  if (St == S.CondOp)
    S.CondOpSeen = true;
  if (const auto *C = dyn_cast<CallExpr>(St)) {
    onCall(C, S, Extra);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
    if (BO->getOpcode() == BO_Assign) {
      onAssign(BO->getLHS(), BO->getRHS(), BO, S);
    } else if (BO->isCompoundAssignmentOp()) {
      forgetScalar(BO->getLHS(), S);
    }
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(St)) {
    if (UO->isIncrementDecrementOp())
      forgetScalar(UO->getSubExpr(), S);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD)
        continue;
      // A fresh instance of the variable (loop bodies): forget the old one.
      AccessPath Root = AccessPath::var(VD);
      S.Handles.eraseIf(
          [&](const auto &KV) { return KV.first.startsWith(Root); });
      S.StatusVars.erase(VD);
      S.forgetAliases(Root);
      S.forgetConsts(Root);
      if (const Expr *Init = VD->getInit()) {
        if (VD->getType()->isReferenceType()) {
          if (auto P = lvalue(Init, S))
            S.Aliases[Root] = *P;
          continue;
        }
        // `SecBufferDesc d = {SECBUFFER_VERSION, 1, &buf}`: remember where
        // the pointer fields point.
        if (const auto *IL = dyn_cast<InitListExpr>(Init->IgnoreImplicit()))
          if (const auto *RD = VD->getType()->getAsRecordDecl()) {
            unsigned I = 0;
            for (const FieldDecl *F : RD->fields()) {
              if (I >= IL->getNumInits())
                break;
              const Expr *FI = IL->getInit(I++);
              if (F->getType()->isPointerType())
                if (auto P = pointee(FI, S))
                  S.Aliases[Root.field(F)] = *P;
            }
          }
        DeclRefExpr Ref(Ctx, const_cast<VarDecl *>(VD), false,
                        VD->getType().getNonReferenceType(), VK_LValue,
                        VD->getLocation());
        onAssign(&Ref, Init, DS, S);
      }
    }
    return;
  }
  if (const auto *R = dyn_cast<ReturnStmt>(St)) {
    // `return st == SEC_E_OK;`: the caller sees 1 or 0 depending on the
    // status, so follow both outcomes (that is what a summary needs).
    if (const Expr *V = R->getRetValue()) {
      const Expr *X = stripCasts(V);
      const auto *BO = dyn_cast<BinaryOperator>(X);
      const auto *UO = dyn_cast<UnaryOperator>(X);
      bool Test =
          (BO && BO->isComparisonOp()) || (UO && UO->getOpcode() == UO_LNot);
      bool D1 = false, D2 = false;
      if (Test) {
        auto T = assume(X, true, S, D1);
        auto F = assume(X, false, S, D2);
        if (D1 && D2 && T && F) {
          T->ExitStmt = F->ExitStmt = R;
          T->ExitBlock = F->ExitBlock = CurBlock;
          T->ReturnedMask = SC_OtherPositive; // 1
          F->ReturnedMask = SC_Ok;            // 0
          S = std::move(*T);
          Extra.push_back(std::move(*F));
          return;
        }
      }
    }
    onReturn(R, S);
    return;
  }
  if (const auto *TE = dyn_cast<CXXThrowExpr>(St)) {
    S.ExitStmt = TE; // handles leak where the exception leaves
    S.ExitBlock = CurBlock;
    return;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(St)) {
    // A constructor that receives a handle (RAII guard) takes it over.
    for (const Expr *Arg : CE->arguments()) {
      escapeArgument(Arg, S);
      escapeBuffer(Arg, S);
    }
    return;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(St)) {
    for (const LambdaCapture &Cap : LE->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef)
        if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
          escapePrefix(S, AccessPath::var(VD), VD->getType());
    return;
  }
}

void FunctionAnalyzer::onLifetimeEnd(const VarDecl *VD, const Stmt *Trigger,
                                     PathState &S) {
  AccessPath Root = AccessPath::var(VD);
  SourceLocation Where;
  if (S.ExitStmt)
    Where = S.ExitStmt->getBeginLoc();
  else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Trigger))
    Where = CS->getRBracLoc();
  else if (Trigger)
    Where = Trigger->getBeginLoc();
  // An impersonation outlives the variable that named its context.
  auto Ends = [&](const auto &KV) {
    return KV.first.startsWith(Root) && !KV.first.isImpersonation();
  };
  if (Where.isValid())
    for (const auto &KV : S.Handles)
      if (Ends(KV))
        reportLost(S, KV.first, KV.second, Where, false);
  S.Handles.eraseIf(Ends);
  S.StatusVars.erase(VD);
  S.forgetAliases(Root);
  S.forgetConsts(Root);
}

void FunctionAnalyzer::onReturn(const ReturnStmt *R, PathState &S) {
  S.ExitStmt = R;
  S.ExitBlock = CurBlock;
  const Expr *V = R->getRetValue();
  if (!V)
    return;
  if (auto Sy = statusRef(V, S)) {
    S.ReturnedSym = *Sy;
    return;
  }
  if (auto C = evalInt(V, S)) {
    S.ReturnedMask = classifyStatus(*C);
    return;
  }
  // Returning a handle (by value, by pointer, or inside a struct) or a
  // buffer hands it to the caller.
  escapeArgument(V, S);
  escapeBuffer(V, S);
  if (const auto *CE = dyn_cast<CXXConstructExpr>(stripCasts(V)))
    for (const Expr *Arg : CE->arguments())
      escapeArgument(Arg, S);
}

void FunctionAnalyzer::onAssign(const Expr *LHS, const Expr *RHS,
                                const Stmt *Site, PathState &S) {
  const Expr *L = LHS->IgnoreParenImpCasts();
  const Expr *R = RHS ? stripCasts(RHS) : nullptr;

  // A status kept in a field.
  if (isa<MemberExpr>(L) && L->getType()->isIntegralOrEnumerationType())
    if (auto P = lvalue(L, S)) {
      S.StatusFields.erase(*P);
      if (auto Sy = statusRef(RHS, S))
        S.StatusFields[*P] = *Sy;
    }
  // Flags: integers in local variables or fields of local structs (the
  // bits of a handle are tracked with the handle instead).
  if (L->getType()->isIntegralOrEnumerationType() && !handleBitsRef(L, S)) {
    std::optional<int64_t> V = evalInt(RHS, S);
    forgetScalar(L, S);
    if (auto P = lvalue(L, S))
      if (V && P->isLocallyOwned())
        S.ConstVars[*P] = *V;
  }

  // Status variables and local pointer aliases.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (VD->hasLocalStorage() && !VD->getType()->isReferenceType()) {
        S.StatusVars.erase(VD);
        if (auto Sy = statusRef(RHS, S)) {
          S.StatusVars[VD] = *Sy;
          S.forgetConsts(AccessPath::var(VD));
        }
      }
    }
  }
  // Local pointers (variables or fields of local structs).
  if (L->getType()->isPointerType()) {
    if (auto LP = lvalue(L, S)) {
      // `c = c->next`: what was reached through the old pointer is another
      // object now (only Live/Pending ones are kept: they still need a
      // release, which the new pointer cannot give).
      AccessPath Through = LP->deref();
      S.Handles.eraseIf([&](const auto &KV) {
        return KV.first.startsWith(Through) &&
               KV.second.State != HState::Live &&
               KV.second.State != HState::Pending;
      });
      // `out.pvBuffer = NULL` while it still holds package memory.
      auto Old = S.Handles.find(*LP);
      if (Old != S.Handles.end() &&
          Old->second.Kind == HandleKind::ContextBuffer &&
          Old->second.State == HState::Released && RHS &&
          isNullPointerConstant(RHS))
        S.Handles[*LP].Bits = HandleBits::Zero; // freed, then set to NULL
      else if (Old != S.Handles.end() &&
               Old->second.Kind == HandleKind::ContextBuffer) {
        if (Old->second.State == HState::Live)
          reportLost(S, *LP, Old->second, Site->getBeginLoc(), true);
        if (Old->second.State == HState::Live ||
            Old->second.State == HState::Pending)
          S.Handles.erase(*LP);
      }
      if (!LP->isLocallyOwned() && RHS)
        escapeBuffer(RHS, S);
      S.forgetConsts(*LP);
      if (RHS && isNullPointerConstant(RHS) && LP->isLocallyOwned())
        S.ConstVars[*LP] = 0;
    }
    if (auto LP = lvalue(L, S); LP && LP->isLocallyOwned()) {
      bool WasAlias = S.Aliases.erase(*LP) != 0;
      std::optional<AccessPath> P = RHS ? pointee(RHS, S) : std::nullopt;
      if (P && !isa<CXXThisExpr>(R))
        S.Aliases[*LP] = *P;
      if (WasAlias || P)
        return;
    }
  }

  // Writes to the bits of a handle: SecInvalidateHandle, `h.dwLower = 0`.
  if (auto K = handleBitsRef(L, S)) {
    std::optional<int64_t> V = RHS ? intConstant(RHS, Ctx) : std::nullopt;
    HandleBits Bits = HandleBits::Unknown;
    if (V && *V == 0)
      Bits = HandleBits::Zero;
    else if (V && (*V == -1 || static_cast<uint64_t>(*V) == ~0ULL))
      Bits = HandleBits::Invalid;
    auto &HM = S.Handles.mutate(); // rare: the bits of a handle are written
    auto It = HM.find(*K);
    if (It != HM.end()) {
      if (It->second.State == HState::Live && Bits != HandleBits::Unknown) {
        SourceLocation SL = Site->getBeginLoc();
        // The macro stores dwLower, then dwUpper: reaching the second store
        // with the handle still live means the first was skipped.
        const auto *ME = dyn_cast<MemberExpr>(stripCasts(L));
        bool SecondStore =
            ME && isSecondHandleBitsField(
                      dyn_cast<FieldDecl>(ME->getMemberDecl()));
        if (SecondStore && SL.isMacroID() &&
            Lexer::getImmediateMacroName(SL, SM, Ctx.getLangOpts()) ==
                InvalidateHandleMacro)
          S.addNote(loc(SL), "SecInvalidateHandle expands to two statements; "
                             "an 'if' without braces guards only the first");
        reportLost(S, *K, It->second, SL, true);
        It->second.State = HState::Absent;
        It->second.Origin = nullptr;
      } else if (It->second.State == HState::Pending) {
        It->second.State = HState::Absent;
        It->second.Origin = nullptr;
      }
      It->second.Bits = Bits;
    } else if (Bits != HandleBits::Unknown) {
      HandleInfo H;
      H.State = HState::Absent;
      H.Bits = Bits;
      H.Name = K->str();
      S.Handles[*K] = std::move(H);
    }
    return;
  }

  // Whole-handle (or whole-struct) copies: the destination takes over.
  auto LP = lvalue(L, S);
  if (R && !L->getType()->isPointerType()) {
    auto RP = lvalue(R, S);
    if (LP && isSecHandleType(L->getType()) && (!RP || *RP != *LP)) {
      auto Old = S.Handles.find(*LP);
      if (Old != S.Handles.end() && Old->second.State == HState::Live) {
        reportLost(S, *LP, Old->second, Site->getBeginLoc(), true);
        HandleInfo &H = S.Handles[*LP];
        H.State = HState::Absent;
        H.Origin = nullptr;
      }
    }
    if (RP) {
      // Move every tracked handle under RP to the same place under LP.
      std::vector<std::pair<AccessPath, HandleInfo>> Moved;
      for (const auto &KV : S.Handles)
        if (KV.first.startsWith(*RP) && (KV.second.State == HState::Live ||
                                         KV.second.State == HState::Pending))
          Moved.push_back(KV);
      for (auto &KV : Moved) {
        if (LP && LP->isLocallyOwned()) {
          AccessPath Dest = LP->append(KV.first, RP->size());
          auto Old = S.Handles.find(Dest);
          if (Old != S.Handles.end() && Old->second.State == HState::Live)
            reportLost(S, Dest, Old->second, Site->getBeginLoc(), true);
          HandleInfo H = KV.second;
          H.Name = Dest.str();
          S.Handles[Dest] = H;
          S.Handles.erase(KV.first);
        } else {
          S.Handles[KV.first].State = HState::Escaped;
        }
      }
      if (!Moved.empty())
        return;
    }
    if (R && isa<InitListExpr>(R) && LP) {
      // `CtxtHandle h = {0}`: the bits are known, no handle is held.
      for (const auto &KV : S.Handles)
        if (KV.first.startsWith(*LP) && KV.second.State == HState::Live)
          reportLost(S, KV.first, KV.second, Site->getBeginLoc(), true);
      return;
    }
  }

  // Storing a pointer to a handle anywhere but a local alias publishes it.
  if (RHS && (L->getType()->isPointerType() || L->getType()->isReferenceType()))
    escapeArgument(RHS, S);
}

// ---------------------------------------------------------------------------
// Calls.

void FunctionAnalyzer::onCall(const CallExpr *C, PathState &S,
                              std::vector<PathState> &Extra) {
  if (auto A = classify(C)) {
    onApiCall(*A, S);
    return;
  }
  const FunctionDecl *Callee = C->getDirectCallee();
  if (Callee && Callee->getIdentifier() && isFreeLibrary(Callee->getName()))
    onFreeLibrary(C, S);
  // The thread's own token back: every impersonation on it ends.
  ImpersonationEnd IE =
      Callee && Callee->getIdentifier()
          ? impersonationEnd(Callee->getName(), C->getNumArgs())
          : ImpersonationEnd::No;
  if (IE == ImpersonationEnd::Always ||
      (IE == ImpersonationEnd::IfArgumentsNull &&
       llvm::all_of(C->arguments(),
                    [](const Expr *A) { return isNullPointerConstant(A); }))) {
    S.Handles.updateIf(
        [](const auto &KV) {
          return KV.second.Kind == HandleKind::Impersonation &&
                 (KV.second.State == HState::Live ||
                  KV.second.State == HState::Pending);
        },
        [](auto &KV) { KV.second.State = HState::Released; });
    return;
  }
  if (Callee && Callee->getIdentifier()) {
    StringRef N = Callee->getName();
    auto ZF = zeroFunction(N);
    if (ZF && C->getNumArgs() >= 1) {
      auto K = pointee(C->getArg(0), S);
      std::optional<int64_t> V =
          ZF->ValueArg ? (*ZF->ValueArg < C->getNumArgs()
                              ? intConstant(C->getArg(*ZF->ValueArg), Ctx)
                              : std::nullopt)
                       : std::optional<int64_t>(0);
      if (K && V && *V == 0) {
        for (auto &KV : S.Handles.mutate()) {
          if (!KV.first.startsWith(*K))
            continue;
          if (KV.second.State == HState::Live)
            reportLost(S, KV.first, KV.second, C->getBeginLoc(), true);
          if (KV.second.State == HState::Live ||
              KV.second.State == HState::Pending) {
            KV.second.State = HState::Absent;
            KV.second.Origin = nullptr;
          }
          KV.second.Bits = HandleBits::Zero;
        }
        if (!S.Handles.count(*K) && isSecHandleType(C->getArg(0)
                                                        ->IgnoreParenImpCasts()
                                                        ->getType()
                                                        ->getPointeeType())) {
          HandleInfo H;
          H.State = HState::Absent;
          H.Bits = HandleBits::Zero;
          H.Name = K->str();
          S.Handles[*K] = std::move(H);
        }
        return;
      }
    }
  }
  if (Callee) {
    if (const FunctionDecl *Def = Callee->getDefinition()) {
      if (TU.touchesSspi(Def)) {
        const FunctionSummary &Sum = TU.summaryFor(Def);
        if (!Sum.Opaque) {
          onSummaryCall(C, Def, Sum, S, Extra);
          return;
        }
      }
    }
    onUnknownCall(C, S,
                  Callee->getIdentifier() &&
                      isPureLibraryFunction(Callee->getName()));
    return;
  }
  onUnknownCall(C, S, false);
}

void FunctionAnalyzer::onFreeLibrary(const CallExpr *C, PathState &S) {
  if (C->getNumArgs() != 1)
    return;
  const auto *DRE = dyn_cast<DeclRefExpr>(stripCasts(C->getArg(0)));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !TU.isSecurityDllHandle(VD))
    return;
  for (auto &KV : S.Handles.mutate()) {
    HandleInfo &H = KV.second;
    if (!H.ViaTable || H.State != HState::Live ||
        (H.Kind != HandleKind::Context && H.Kind != HandleKind::Credential))
      continue;
    bool Ctx = H.Kind == HandleKind::Context;
    if (record(FindingKind::ShutdownWithoutCleanup, C->getBeginLoc(), H.Name)) {
      Finding F;
      F.Kind = FindingKind::ShutdownWithoutCleanup;
      F.Loc = loc(C->getBeginLoc());
      F.HandleName = H.Name;
      F.Message = "FreeLibrary unloads the security DLL while " +
                  std::string(Ctx ? "security context '" : "credential '") +
                  H.Name +
                  "' obtained through its function table is still "
                  "live; it can no longer be released";
      F.Notes = notesFor(S, H, KV.first, CurBlock);
      if (Shutdown && ShutdownNote.Loc.isValid())
        F.Notes.insert(F.Notes.begin() + (F.Notes.empty() ? 0 : 1),
                       ShutdownNote);
      Findings.push_back(std::move(F));
    }
    H.State = HState::Escaped; // lost with the DLL: no second finding
  }
}

void FunctionAnalyzer::onUnknownCall(const CallExpr *C, PathState &S,
                                     bool Pure) {
  const FunctionProtoType *Proto = nullptr;
  if (QualType CT = C->getCallee()->getType(); !CT.isNull()) {
    if (const auto *PT = CT->getAs<PointerType>())
      CT = PT->getPointeeType();
    Proto = CT->getAs<FunctionProtoType>();
  }
  for (unsigned I = 0; I < C->getNumArgs(); ++I) {
    const Expr *Arg = C->getArg(I);
    escapeArgument(Arg, S);
    // A package buffer handed over as a plain pointer may be freed (or kept)
    // by the callee; `const void *` (send, memcpy, logging) only reads it.
    bool ReadOnly = Pure;
    if (Proto && I < Proto->getNumParams()) {
      QualType PT = Proto->getParamType(I);
      if (PT->isPointerType() && PT->getPointeeType().isConstQualified())
        ReadOnly = true;
    }
    if (!ReadOnly)
      escapeBuffer(Arg, S);
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
    if (const Expr *Obj = MC->getImplicitObjectArgument()) {
      if (Obj->getType()->isPointerType())
        escapeArgument(Obj, S);
      else if (auto P = lvalue(Obj, S))
        escapePrefix(S, *P, Obj->getType());
    }
  if (Pure)
    return;
  // An unknown function may release or re-create what globals hold.
  S.Handles.updateIf(
      [](const auto &KV) {
        return KV.first.isGlobal() && KV.second.State != HState::Absent &&
               KV.second.State != HState::Escaped;
      },
      [](auto &KV) { KV.second.State = HState::Escaped; });
}

std::optional<AccessPath> FunctionAnalyzer::bufferOf(const Expr *E,
                                                     const PathState &S) const {
  auto P = pointee(E, S);
  if (!P || P->size() < 2 || P->word(P->size() - 1) != AccessPath::DerefTag)
    return std::nullopt;
  return P->parent();
}

void FunctionAnalyzer::escapeBuffer(const Expr *E, PathState &S) {
  if (!E || !E->getType()->isPointerType())
    return;
  auto B = bufferOf(E, S);
  if (!B)
    return;
  auto It = S.Handles.find(*B);
  if (It != S.Handles.end() && It->second.Kind == HandleKind::ContextBuffer &&
      (It->second.State == HState::Live || It->second.State == HState::Pending))
    S.Handles[*B].State = HState::Escaped;
}

namespace {
const FieldDecl *fieldNamed(const RecordDecl *RD, llvm::StringRef Name) {
  if (!RD)
    return nullptr;
  for (const FieldDecl *F : RD->fields())
    if (F->getIdentifier() && F->getName() == Name)
      return F;
  return nullptr;
}
} // namespace

void FunctionAnalyzer::createOutputBuffers(const ApiCall &A, PathState &S) {
  const ApiInfo &I = *A.Info;
  const CallExpr *C = A.Call;
  if (I.ContextReqArg < 0 || I.OutputBuffersArg < 0 ||
      static_cast<unsigned>(I.OutputBuffersArg) >= C->getNumArgs())
    return;
  // Only when the flag is provably there: without it the caller supplied
  // the memory and must not free it with FreeContextBuffer.
  auto Req = evalInt(C->getArg(I.ContextReqArg), S);
  if (!Req || !(static_cast<uint64_t>(*Req) & ReqAllocateMemory))
    return;
  const Expr *Out = C->getArg(I.OutputBuffersArg);
  if (isNullPointerConstant(Out))
    return;
  auto Desc = pointee(Out, S);
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
  const FieldDecl *PvBuffer = fieldNamed(
      PBuffers->getType()->getPointeeType()->getAsRecordDecl(), BufferPointerField);
  if (!PvBuffer)
    return;
  // Allocation on a failing call is undocumented: maybe-allocated.
  create(S, Target->second.field(PvBuffer), HandleKind::ContextBuffer, C,
         {SuccessStatus, FailureStatus}, A.Display, nullptr);
}

void FunctionAnalyzer::createAttributeBuffers(const ApiCall &A, PathState &S,
                                              bool Credential) {
  const CallExpr *C = A.Call;
  if (C->getNumArgs() < 3)
    return;
  auto Attr = evalInt(C->getArg(1), S);
  if (!Attr)
    return; // a variable attribute: no guess
  llvm::ArrayRef<llvm::StringRef> Members =
      allocatedMembers(static_cast<uint64_t>(*Attr), Credential);
  if (Members.empty())
    return;
  const Expr *Buf = C->getArg(2);
  QualType BT = stripCasts(Buf)->getType();
  auto Target = pointee(Buf, S);
  if (!Target || !BT->isPointerType())
    return;
  const RecordDecl *RD = BT->getPointeeType()->getAsRecordDecl();
  for (llvm::StringRef M : Members)
    if (const FieldDecl *F = fieldNamed(RD, M))
      create(S, Target->field(F), HandleKind::ContextBuffer, C,
             {SuccessStatus, 0}, A.Display, nullptr);
}

void FunctionAnalyzer::onApiCall(const ApiCall &A, PathState &S) {
  const ApiInfo &I = *A.Info;
  const CallExpr *C = A.Call;
  // The call writes its outputs (`cbBuffer`, `pvBuffer`, attributes): what
  // this path knew of them is stale, also behind a descriptor's pBuffers.
  for (const Expr *Arg : C->arguments())
    if (Arg->getType()->isPointerType())
      if (auto P = pointee(Arg, S)) {
        S.forgetConsts(*P);
        for (const auto &KV : S.Aliases)
          if (KV.first.startsWith(*P)) {
            S.forgetConsts(KV.second);
            if (KV.second.size() > 1 &&
                KV.second.word(KV.second.size() - 1) == AccessPath::IndexTag)
              S.forgetConsts(KV.second.parent());
          }
      }
  auto Arg = [&](int Idx) -> const Expr * {
    return Idx >= 0 && static_cast<unsigned>(Idx) < C->getNumArgs()
               ? C->getArg(Idx)
               : nullptr;
  };
  auto HandleKey = [&]() -> std::optional<AccessPath> {
    const Expr *H = Arg(I.HandleArg);
    if (!H)
      return std::nullopt;
    // A project's own wrapper may take the SecHandle by value.
    return passedByValue(H) ? lvalue(H, S) : pointee(H, S);
  };
  switch (I.Op) {
  case ApiOp::AcquireCredentials:
  case ApiOp::ImportContext:
  case ApiOp::AllocPackageBuffer: {
    freshStatus(S, C);
    // A user-declared context acquire may name the credential it uses.
    std::optional<AccessPath> CredK;
    if (const Expr *Cred = Arg(I.CredArg))
      if ((CredK = pointee(Cred, S)))
        use(S, *CredK, C, A.Display);
    if (auto K = HandleKey()) {
      create(S, *K, I.kind(), C, creationOutcome(I), A.Display,
             Arg(I.HandleArg));
      if (CredK && S.Handles.count(*K))
        S.Handles[*K].Cred = *CredK;
    }
    return;
  }
  case ApiOp::InitializeContext:
  case ApiOp::AcceptContext: {
    freshStatus(S, C);
    std::optional<AccessPath> CredK;
    if (const Expr *Cred = Arg(I.CredArg))
      if ((CredK = pointee(Cred, S)))
        use(S, *CredK, C, A.Display);
    createOutputBuffers(A, S);
    const Expr *In = Arg(I.InputCtxArg);
    const Expr *Out = Arg(I.HandleArg);
    std::optional<AccessPath> OutK;
    if (Out && !isNullPointerConstant(Out)) {
      // `have ? NULL : &ctx` (Schannel passes NULL on later legs).
      if (const auto *CO = dyn_cast<AbstractConditionalOperator>(
              Out->IgnoreParenImpCasts())) {
        if (isNullPointerConstant(CO->getTrueExpr()))
          OutK = pointee(CO->getFalseExpr(), S);
        else if (isNullPointerConstant(CO->getFalseExpr()))
          OutK = pointee(CO->getTrueExpr(), S);
      } else {
        OutK = pointee(Out, S);
      }
    }
    // First call (no input context), later call (an existing one), or a
    // call that is either depending on how the input was computed.
    enum { First, Later, Either } Leg = First;
    std::optional<AccessPath> InK;
    if (In && !isNullPointerConstant(In)) {
      const Expr *InS = In->IgnoreParenImpCasts();
      if (const auto *CO = dyn_cast<AbstractConditionalOperator>(InS)) {
        Leg = Either; // `first ? NULL : &ctx`
        if (isNullPointerConstant(CO->getTrueExpr()))
          InK = pointee(CO->getFalseExpr(), S);
        else if (isNullPointerConstant(CO->getFalseExpr()))
          InK = pointee(CO->getTrueExpr(), S);
        else
          Leg = Later;
      } else if (const auto *DRE = dyn_cast<DeclRefExpr>(InS);
                 DRE && isa<VarDecl>(DRE->getDecl()) &&
                 !isa<ParmVarDecl>(DRE->getDecl()) &&
                 cast<VarDecl>(DRE->getDecl())->hasLocalStorage() &&
                 !S.Aliases.count(AccessPath::var(DRE->getDecl()))) {
        Leg = Either; // a local `PCtxtHandle p = NULL` set after the first leg
      } else {
        Leg = Later;
        InK = pointee(In, S);
      }
    }
    if (Leg != First && InK) {
      auto It = S.Handles.find(*InK);
      if (Leg == Later && It != S.Handles.end() &&
          It->second.State == HState::Released) {
        use(S, *InK, C, A.Display); // a later leg on a deleted context
        return;
      }
      if (It != S.Handles.end() && (It->second.State == HState::Live ||
                                    It->second.State == HState::Pending ||
                                    It->second.State == HState::Escaped)) {
        // Later leg: whatever it returns, the context stays to be deleted.
        if (It->second.State == HState::Live)
          S.addNote(loc(C->getBeginLoc()),
                    A.Display + " continues the handshake on '" +
                        It->second.Name +
                        "'; the context must be deleted even if this fails");
        use(S, *InK, C, A.Display);
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
    if (Leg == Later)
      return;
    if (OutK) {
      CreationOutcome Outcome = creationOutcome(I);
      if (Leg == Either && InK && !InK->isLocallyOwned()) {
        // `p->have ? &p->ctx : NULL` on the caller's object: this may be a
        // later leg on a context we cannot see. Maybe created, no more.
        Outcome.Maybe |= Outcome.Created;
        Outcome.Created = 0;
      }
      create(S, *OutK, HandleKind::Context, C, Outcome, A.Display, Out);
      if (CredK)
        S.Handles[*OutK].Cred = *CredK;
    }
    return;
  }
  case ApiOp::DeleteContext:
  case ApiOp::FreeCredentials:
    if (auto K = HandleKey())
      release(S, *K, I.kind(), C);
    return;
  case ApiOp::ExportContext: {
    auto K = HandleKey();
    if (!K)
      return;
    std::optional<int64_t> Flags =
        Arg(I.FlagsArg) ? evalInt(Arg(I.FlagsArg), S) : std::nullopt;
    use(S, *K, C, A.Display);
    if (Flags && (*Flags & ExportDeleteOld))
      release(S, *K, HandleKind::Context, C);
    else if (!Flags)
      escapePrefix(S, *K); // maybe released: stay silent
    return;
  }
  case ApiOp::Impersonate: {
    freshStatus(S, C);
    auto K = HandleKey();
    if (!K)
      return;
    use(S, *K, C, A.Display);
    create(S, K->impersonation(), HandleKind::Impersonation, C,
           creationOutcome(I), A.Display, nullptr);
    S.Handles[K->impersonation()].Name =
        S.Handles.count(*K) ? S.Handles[*K].Name : K->str();
    return;
  }
  case ApiOp::Revert: {
    auto K = HandleKey();
    if (!K)
      return;
    use(S, *K, C, A.Display);
    release(S, K->impersonation(), HandleKind::Impersonation, C);
    return;
  }
  case ApiOp::QueryContextAttrs:
  case ApiOp::QueryCredentialAttrs: {
    freshStatus(S, C);
    if (auto K = HandleKey())
      use(S, *K, C, A.Display);
    createAttributeBuffers(A, S, I.Op == ApiOp::QueryCredentialAttrs);
    return;
  }
  case ApiOp::UseContext:
  case ApiOp::UseCredential:
    if (auto K = HandleKey())
      use(S, *K, C, A.Display);
    return;
  case ApiOp::FreeContextBuffer:
    if (const Expr *B = Arg(I.HandleArg))
      if (auto K = bufferOf(B, S))
        release(S, *K, HandleKind::ContextBuffer, C);
    return;
  }
}

std::optional<AccessPath>
FunctionAnalyzer::mapCalleePath(const AccessPath &CK, const CallExpr *C,
                                const FunctionDecl *Callee,
                                const PathState &S) const {
  if (CK.rootIsThis()) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
    if (!MC || !MC->getImplicitObjectArgument())
      return std::nullopt;
    const Expr *Obj = MC->getImplicitObjectArgument();
    auto Base =
        Obj->getType()->isPointerType() ? pointee(Obj, S) : lvalue(Obj, S);
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
    std::optional<AccessPath> Base;
    if (P->getType()->isReferenceType())
      Base = lvalue(Arg, S);
    else
      Base = pointee(Arg, S);
    if (!Base)
      return std::nullopt;
    return Base->append(CK, 2);
  }
  auto Base = lvalue(Arg, S);
  if (!Base)
    return std::nullopt;
  return Base->append(CK, 1);
}

void FunctionAnalyzer::onSummaryCall(const CallExpr *C,
                                     const FunctionDecl *Callee,
                                     const FunctionSummary &Sum, PathState &S,
                                     std::vector<PathState> &Extra) {
  freshStatus(S, C);
  std::string CalleeName = "'" + Callee->getNameAsString() + "'";
  bool AnySym = false;
  // The helper released in its own (checked) order: replay credentials
  // last so that a helper that deletes a context and then frees its
  // credential is not read as the wrong order.
  std::vector<const std::pair<const AccessPath, KeyEffect> *> Ordered;
  for (const auto &KV : Sum.Effects)
    if (KV.second.Kind != HandleKind::Credential)
      Ordered.push_back(&KV);
  for (const auto &KV : Sum.Effects)
    if (KV.second.Kind == HandleKind::Credential)
      Ordered.push_back(&KV);
  for (const auto *KVP : Ordered) {
    const auto &KV = *KVP;
    auto K = mapCalleePath(KV.first, C, Callee, S);
    if (!K)
      continue;
    const KeyEffect &Eff = KV.second;
    StatusMask Rel = 0, Untouched = 0, Cr = 0, MC = 0;
    bool AllReset = true; // every releasing path also reset the handle
    bool Esc = false;
    SourceLocation UntouchedExit;
    for (const ExitOutcome &O : Eff.Outcomes) {
      switch (O.What) {
      case Outcome::Escaped:
        Esc = true;
        break;
      case Outcome::Released:
        Rel |= O.ReturnMask;
        AllReset = false;
        break;
      case Outcome::ReleasedReset:
        Rel |= O.ReturnMask;
        break;
      case Outcome::Untouched:
        Untouched |= O.ReturnMask;
        if (UntouchedExit.isInvalid())
          UntouchedExit = O.ExitLoc;
        break;
      case Outcome::Created:
        Cr |= O.ReturnMask;
        break;
      case Outcome::MaybeCreated:
        MC |= O.ReturnMask;
        break;
      }
    }
    if (Esc || (Rel && (Cr | MC))) {
      escapePrefix(S, *K);
      if (!S.Handles.count(*K)) {
        HandleInfo H;
        H.Kind = Eff.Kind;
        H.State = HState::Escaped;
        H.Name = K->str();
        S.Handles[*K] = H;
      }
      continue;
    }
    auto Reset = [&](PathState &P) {
      if (!AllReset)
        return;
      auto R = P.Handles.find(*K);
      if (R != P.Handles.end() && R->second.State == HState::Released)
        P.Handles[*K].Bits = HandleBits::Zero;
    };
    if (Rel) {
      if (!Untouched) {
        release(S, *K, Eff.Kind, C);
        Reset(S);
        continue;
      }
      auto It = S.Handles.find(*K);
      if (It == S.Handles.end() || (It->second.State != HState::Live &&
                                    It->second.State != HState::Pending)) {
        // Not live here: the helper's releasing paths are guarded (a NULL
        // or validity test), so it does nothing to this handle.
        if (It == S.Handles.end() || It->second.State != HState::Released ||
            It->second.Bits != HandleBits::Unknown || !AllReset)
          release(S, *K, Eff.Kind, C);
        Reset(S);
        continue;
      }
      // At shutdown, a helper that releases a global on some paths is the
      // cleanup; its other paths are guarded by state we cannot see.
      if (Shutdown && !K->isLocallyOwned()) {
        release(S, *K, Eff.Kind, C);
        Reset(S);
        continue;
      }
      // Released on some of the helper's paths only: follow both.
      PathState Kept = S;
      Kept.Syms[C] = Untouched & S.symMask(C);
      Kept.addNote(loc(C->getBeginLoc()),
                   CalleeName + " returns without releasing '" +
                       It->second.Name + "' on some paths");
      Kept.restrictLastNote(*K);
      release(S, *K, Eff.Kind, C);
      Reset(S);
      S.Syms[C] = Rel & S.symMask(C);
      AnySym = true;
      Extra.push_back(std::move(Kept));
      continue;
    }
    if (Cr | MC) {
      CreationOutcome Out;
      Out.Created = Cr & ~Untouched & ~MC;
      Out.Maybe = (Cr | MC) & ~Out.Created;
      create(S, *K, Eff.Kind, C, Out, CalleeName, nullptr);
      AnySym = true;
    }
  }
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
    resolvePending(Ex, C);
  resolvePending(S, C);
}

// ---------------------------------------------------------------------------
// Conditions.

std::optional<PathState> FunctionAnalyzer::assume(const Expr *Cond, bool Truth,
                                                  const PathState &S,
                                                  bool &Decided) {
  Decided = false;
  if (!Cond)
    return S;
  const Expr *E = Cond->IgnoreParens();
  // Peel implicit conversions to bool/int, but not the explicit casts that
  // FAILED()/SUCCEEDED() put around the status (stripCasts handles those).
  while (true) {
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      E = ICE->getSubExpr()->IgnoreParens();
      continue;
    }
    break;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_LNot)
      return assume(UO->getSubExpr(), !Truth, S, Decided);

  auto Constrain = [&](Sym Sy, StatusMask Allowed) -> std::optional<PathState> {
    Decided = true;
    StatusMask M = S.symMask(Sy) & Allowed;
    if (!M)
      return std::nullopt;
    PathState N = S;
    setSymMask(N, Sy, M);
    return N;
  };

  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    BinaryOperatorKind Op = BO->getOpcode();
    if (BO->isComparisonOp()) {
      const Expr *L = BO->getLHS(), *R = BO->getRHS();
      std::optional<int64_t> CR = intConstant(R, Ctx), CL = intConstant(L, Ctx);
      // IS_ERROR(x): (unsigned)(x) >> 31 == 1
      auto SignTest = [&](const Expr *X,
                          int64_t C) -> std::optional<PathState> {
        const auto *Sh = dyn_cast<BinaryOperator>(stripCasts(X));
        if (!Sh || Sh->getOpcode() != BO_Shr)
          return std::nullopt;
        auto Amt = intConstant(Sh->getRHS(), Ctx);
        auto Sy = statusRef(Sh->getLHS(), S);
        if (!Amt || *Amt != 31 || !Sy || (Op != BO_EQ && Op != BO_NE))
          return std::nullopt;
        bool NegWhenTrue = (C == 1) == (Op == BO_EQ);
        bool Neg = NegWhenTrue == Truth;
        return Constrain(*Sy, Neg ? FailureStatus : SuccessStatus);
      };
      if (CR) {
        if (auto Sy = statusRef(L, S)) {
          StatusMask TM, FM;
          compareMasks(Op, *CR, TM, FM);
          return Constrain(*Sy, Truth ? TM : FM);
        }
        if (auto R2 = SignTest(L, *CR); R2 || Decided)
          return R2;
      } else if (CL) {
        if (auto Sy = statusRef(R, S)) {
          StatusMask TM, FM;
          compareMasks(reverseOp(Op), *CL, TM, FM);
          return Constrain(*Sy, Truth ? TM : FM);
        }
      }
      // `out.cbBuffer != 0`: an empty token means nothing was allocated.
      if ((Op == BO_EQ || Op == BO_NE) &&
          ((CR && *CR == 0) || (CL && *CL == 0)))
        if (auto N = assumeBufferSize(CR ? L : R, (Op == BO_NE) == Truth, S,
                                      Decided);
            Decided)
          return N;
      // Flags with a known value.
      {
        auto VL = CL ? CL : constValue(L, S);
        auto VR = CR ? CR : constValue(R, S);
        if (VL && VR && (!CL || !CR)) {
          bool V = false;
          switch (Op) {
          case BO_EQ:
            V = *VL == *VR;
            break;
          case BO_NE:
            V = *VL != *VR;
            break;
          case BO_LT:
            V = *VL < *VR;
            break;
          case BO_LE:
            V = *VL <= *VR;
            break;
          case BO_GT:
            V = *VL > *VR;
            break;
          case BO_GE:
            V = *VL >= *VR;
            break;
          default:
            break;
          }
          Decided = true;
          if (V != Truth)
            return std::nullopt;
          return S;
        }
      }
      // Handle validity: h.dwLower != -1, h.dwUpper == 0, ...
      const Expr *Bits = CR ? L : (CL ? R : nullptr);
      std::optional<int64_t> C = CR ? CR : CL;
      if (Bits && C && (Op == BO_EQ || Op == BO_NE)) {
        if (auto K = handleBitsRef(Bits, S)) {
          bool CIsInvalid = *C == -1 || static_cast<uint64_t>(*C) == ~0ULL;
          bool CIsZero = *C == 0;
          auto It = S.Handles.find(*K);
          std::optional<bool> Equal;
          if (It != S.Handles.end()) {
            const HandleInfo &H = It->second;
            if (H.State == HState::Live && (CIsInvalid || CIsZero))
              Equal = false;
            else if (H.Bits == HandleBits::Invalid && (CIsInvalid || CIsZero))
              Equal = CIsInvalid;
            else if (H.Bits == HandleBits::Zero && (CIsInvalid || CIsZero))
              Equal = CIsZero;
          } else if ((isa_and_nonnull<ParmVarDecl>(K->rootDecl()) ||
                      K->isGlobal() || K->rootIsThis()) &&
                     !createdHere(*K)) {
            // A handle from outside this function (the caller's, a global,
            // a member) tested before release: summaries describe the case
            // where it is live, which is what callers track.
            if (CIsInvalid || CIsZero)
              Equal = false;
          }
          if (Equal) {
            Decided = true;
            bool CondValue = Op == BO_EQ ? *Equal : !*Equal;
            if (CondValue != Truth)
              return std::nullopt;
            return S;
          }
          return S;
        }
      }
      // Pointer null tests.
      if ((Op == BO_EQ || Op == BO_NE) &&
          (isNullPointerConstant(L) || isNullPointerConstant(R))) {
        const Expr *Ptr = isNullPointerConstant(L) ? R : L;
        return assumePointer(Ptr, (Op == BO_NE) == Truth, S, Decided);
      }
      return S;
    }
    if (Op == BO_Assign || Op == BO_Comma)
      return assume(BO->getRHS(), Truth, S, Decided);
    return S;
  }
  // A bare status (`if (st)`) or pointer (`if (ph)`) or flag (`if (first)`).
  if (auto V = constValue(E, S)) {
    Decided = true;
    if ((*V != 0) != Truth)
      return std::nullopt;
    return S;
  }
  if (auto Sy = statusRef(E, S)) {
    StatusMask TM, FM;
    compareMasks(BO_NE, 0, TM, FM);
    return Constrain(*Sy, Truth ? TM : FM);
  }
  if (E->getType()->isPointerType())
    return assumePointer(E, Truth, S, Decided);
  {
    bool D = false;
    auto N = assumeBufferSize(E, Truth, S, D);
    if (D) {
      Decided = true;
      return N;
    }
  }
  // `if (fast)` on a local or parameter integer: remember the outcome so
  // that a second test agrees.
  if (E->getType()->isIntegralOrEnumerationType())
    if (const auto *DRE = dyn_cast<DeclRefExpr>(stripCasts(E)))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->hasLocalStorage() && !S.StatusVars.count(VD)) {
        AccessPath P = AccessPath::var(VD);
        if (S.NonZero.count(P)) {
          Decided = true;
          if (!Truth)
            return std::nullopt;
          return S;
        }
        PathState N = S;
        if (Truth)
          N.NonZero.insert(P);
        else
          N.ConstVars[P] = 0;
        return N;
      }
  // `if (c->have_ctx)` in a helper that releases what `c` holds.
  if (E->getType()->isIntegralOrEnumerationType() &&
      (isa<MemberExpr>(stripCasts(E))))
    if (auto LP = lvalue(stripCasts(E), S))
      if (!S.ConstVars.count(*LP) && guardsHandleObject(*LP)) {
        Decided = true;
        if (!Truth)
          return std::nullopt;
        return S;
      }
  if (auto K = handleBitsRef(E, S)) {
    // `if (h.dwLower)`: non-zero test.
    auto It = S.Handles.find(*K);
    if (It != S.Handles.end()) {
      std::optional<bool> NonZero;
      if (It->second.State == HState::Live)
        NonZero = true;
      else if (It->second.Bits == HandleBits::Zero)
        NonZero = false;
      else if (It->second.Bits == HandleBits::Invalid)
        NonZero = true;
      if (NonZero) {
        Decided = true;
        if (*NonZero != Truth)
          return std::nullopt;
      }
    }
  }
  return S;
}

namespace {
/// Members and variables that hold package-allocated memory.
bool isPackageBufferLvalue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getIdentifier() &&
           isPackageAllocatedMember(ME->getMemberDecl()->getName());
  QualType T = E->getType();
  return T->isPointerType() &&
         isPackageRecord(T->getPointeeType()->getAsRecordDecl());
}
} // namespace

std::optional<PathState> FunctionAnalyzer::assumeBufferSize(const Expr *E,
                                                            bool NonZero,
                                                            const PathState &S,
                                                            bool &Decided) {
  const auto *ME = dyn_cast<MemberExpr>(stripCasts(E));
  if (!ME || !ME->getMemberDecl()->getIdentifier() ||
      ME->getMemberDecl()->getName() != BufferSizeField)
    return S;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const FieldDecl *Pv = nullptr;
  for (const FieldDecl *G : F->getParent()->fields())
    if (G->getIdentifier() && G->getName() == BufferPointerField)
      Pv = G;
  auto Base =
      ME->isArrow() ? pointee(ME->getBase(), S) : lvalue(ME->getBase(), S);
  if (!Pv || !Base)
    return S;
  auto It = S.Handles.find(Base->field(Pv));
  if (It == S.Handles.end() || It->second.Kind != HandleKind::ContextBuffer ||
      (It->second.State != HState::Live && It->second.State != HState::Pending))
    return S;
  Decided = true;
  if (NonZero) {
    if (It->second.State == HState::Live)
      return S;
    PathState N = S;
    N.Handles[It->first].State = HState::Live;
    return N;
  }
  // Nothing was allocated for an empty token (pvBuffer is NULL then).
  PathState N = S;
  HandleInfo &H = N.Handles[It->first];
  H.State = HState::Absent;
  H.Origin = nullptr;
  return N;
}

std::optional<PathState> FunctionAnalyzer::assumePointer(const Expr *Ptr,
                                                         bool NonNull,
                                                         const PathState &S,
                                                         bool &Decided) {
  if (auto NN = knownNonNull(Ptr, S)) {
    Decided = true;
    if (*NN != NonNull)
      return std::nullopt;
    return S;
  }
  auto LP = lvalue(Ptr->IgnoreParenImpCasts(), S);
  if (!LP)
    return S;
  // A package buffer: its pointer is non-NULL exactly when it holds memory.
  auto It = S.Handles.find(*LP);
  if (It != S.Handles.end() && It->second.Kind == HandleKind::ContextBuffer) {
    HState St = It->second.State;
    if (St == HState::Live || St == HState::Absent ||
        (St == HState::Released && It->second.Bits == HandleBits::Zero)) {
      Decided = true;
      if ((St == HState::Live) != NonNull)
        return std::nullopt;
      return S;
    }
    if (St == HState::Pending) {
      Decided = true;
      PathState N = S;
      HandleInfo &H = N.Handles[*LP];
      H.State = NonNull ? HState::Live : HState::Absent;
      if (!NonNull)
        H.Origin = nullptr;
      return N;
    }
  }
  // `if (t->pvBuffer) FreeContextBuffer(t->pvBuffer)` or `if (c->table)`
  // in a helper that releases what `c` holds: the caller tracks the case
  // where the object is set up.
  if (It == S.Handles.end() && !LP->isLocallyOwned() && !createdHere(*LP) &&
      (isPackageBufferLvalue(Ptr) || guardsHandleObject(*LP))) {
    Decided = true;
    if (!NonNull)
      return std::nullopt;
    return S;
  }
  // Remember what this path learnt about a local pointer, so that a second
  // test of it agrees (`if (!table) return; ... if (table) ...`).
  if (LP->isLocallyOwned() && It == S.Handles.end()) {
    PathState N = S;
    N.ConstVars[*LP] = NonNull ? 1 : 0;
    return N;
  }
  return S;
}

std::optional<PathState> FunctionAnalyzer::assumeCase(const Expr *Scrutinee,
                                                      const Stmt *Label,
                                                      const SwitchStmt *Switch,
                                                      const PathState &S) {
  if (auto V = constValue(Scrutinee, S)) {
    // A parameter fixed by the entry point (DllMain's fdwReason).
    if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label)) {
      auto Lo = intConstant(CS->getLHS(), Ctx);
      auto Hi = CS->getRHS() ? intConstant(CS->getRHS(), Ctx) : Lo;
      if (Lo && Hi && (*V < *Lo || *V > *Hi))
        return std::nullopt;
      return S;
    }
    for (const SwitchCase *SC = Switch->getSwitchCaseList(); SC;
         SC = SC->getNextSwitchCase())
      if (const auto *CS = dyn_cast<CaseStmt>(SC))
        if (!CS->getRHS())
          if (auto C = intConstant(CS->getLHS(), Ctx); C && *C == *V)
            return std::nullopt; // default is not taken
    return S;
  }
  auto Sy = statusRef(Scrutinee, S);
  if (!Sy)
    return S;
  StatusMask Allowed = 0;
  if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label)) {
    auto Lo = intConstant(CS->getLHS(), Ctx);
    if (!Lo)
      return S;
    auto Hi = CS->getRHS() ? intConstant(CS->getRHS(), Ctx) : Lo;
    if (!Hi)
      return S;
    int64_t L32 = static_cast<int32_t>(static_cast<uint32_t>(*Lo));
    int64_t H32 = static_cast<int32_t>(static_cast<uint32_t>(*Hi));
    if (L32 == H32) {
      Allowed = classifyStatus(L32);
    } else {
      for (int Bit = 0; Bit < 8; ++Bit) { // GNU case range
        auto Cls = static_cast<StatusClass>(1 << Bit);
        int64_t CLo, CHi;
        classRange(Cls, CLo, CHi);
        if (CLo <= H32 && CHi >= L32)
          Allowed |= Cls;
      }
    }
  } else {
    // default: every class except the singletons some case names.
    Allowed = AllStatus;
    for (const SwitchCase *SC = Switch->getSwitchCaseList(); SC;
         SC = SC->getNextSwitchCase()) {
      const auto *CS = dyn_cast<CaseStmt>(SC);
      if (!CS || CS->getRHS())
        continue;
      if (auto V = intConstant(CS->getLHS(), Ctx)) {
        StatusClass Cls = classifyStatus(*V);
        if (isSingletonClass(Cls))
          Allowed &= ~Cls;
      }
    }
  }
  StatusMask M = S.symMask(*Sy) & Allowed;
  if (!M)
    return std::nullopt;
  PathState N = S;
  setSymMask(N, *Sy, M);
  return N;
}

} // namespace analysis
} // namespace sspi
