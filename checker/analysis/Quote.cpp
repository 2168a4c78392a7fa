//===- Quote.cpp - Source text and locations for notes --------------------===//
#include "Quote.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace sspi {
namespace analysis {

Quote::Quote(const ASTContext &Ctx) : Ctx(Ctx), SM(Ctx.getSourceManager()) {}

SourceLocation Quote::loc(SourceLocation L) const {
  return L.isMacroID() ? SM.getExpansionLoc(L) : L;
}

llvm::StringRef Quote::macroAt(SourceLocation L) const {
  return Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
}

namespace {
/// The source range to quote for an expression: its expansion range, but a
/// part of a macro's expansion (a macro argument, or code inside a macro
/// that expands to a whole function) as written, not the invocation around
/// it.
CharSourceRange quotedRange(SourceRange SR, const SourceManager &SM,
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

/// One line, single spaces.
std::string oneLine(StringRef T) {
  std::string Out;
  Out.reserve(T.size());
  bool Space = false;
  for (char Ch : T) {
    if (Ch == '\n' || Ch == '\r' || Ch == '\t' || Ch == ' ') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += Ch;
  }
  return Out;
}
} // namespace

std::string Quote::text(const Stmt *St) const {
  const LangOptions &LO = Ctx.getLangOpts();
  std::string Out = oneLine(
      Lexer::getSourceText(quotedRange(St->getSourceRange(), SM, LO), SM, LO));
  if (Out.size() <= 60)
    return Out;
  // Too long for a note: keep the shape, elide call arguments.
  // A condition spelled with a macro (`FAILED(...)`): name the macro.
  if (St->getBeginLoc().isMacroID()) {
    StringRef Macro = macroAt(St->getBeginLoc());
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

} // namespace analysis
} // namespace sspi
