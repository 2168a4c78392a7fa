//===- Quote.h - Source text and locations for notes ------------*- C++ -*-===//
//
// Notes point at user code and quote it: a location inside a macro maps to
// its expansion; a condition is quoted on one line, shortened when long
// (call arguments elided, or the macro's name: `FAILED(...)`); code that is
// only part of a macro's expansion is quoted as written in the macro.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_QUOTE_H
#define SSPI_TIDY_ANALYSIS_QUOTE_H

#include "clang/Basic/SourceLocation.h"
#include <string>

namespace clang {
class ASTContext;
class SourceManager;
class Stmt;
} // namespace clang

namespace sspi {
namespace analysis {

class Quote {
public:
  explicit Quote(const clang::ASTContext &Ctx);
  /// The code of St, for a note ("assuming 'X' is true").
  std::string text(const clang::Stmt *St) const;
  /// Where a note or finding about L points.
  clang::SourceLocation loc(clang::SourceLocation L) const;
  /// The name of the macro whose expansion starts at L, or "".
  llvm::StringRef macroAt(clang::SourceLocation L) const;

private:
  const clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
};

} // namespace analysis
} // namespace sspi

#endif
