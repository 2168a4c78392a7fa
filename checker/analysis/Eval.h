//===- Eval.h - What an expression denotes on a path ------------*- C++ -*-===//
//
// Expression evaluation against a path state: the object an lvalue or a
// pointer designates (through the path's local aliases), the value of an
// integer when the path knows it, the status symbol a value holds, the
// handle whose bits a member reads, the package buffer a pointer holds.
// Queries only: nothing here changes a state.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_EVAL_H
#define SSPI_TIDY_ANALYSIS_EVAL_H

#include "PathState.h"

#include <optional>

namespace clang {
class ASTContext;
class Expr;
} // namespace clang

namespace sspi {
namespace analysis {

class Eval {
public:
  explicit Eval(const clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The object a pointer-valued expression points to (`&ctx`, `ph`, `p`).
  std::optional<AccessPath> pointee(const clang::Expr *E,
                                    const PathState &S) const;
  /// The object an lvalue designates (`ctx`, `p->ctx`, `*ph`).
  std::optional<AccessPath> lvalue(const clang::Expr *E,
                                   const PathState &S) const;
  /// The handle argument of a call: a pointer to it, or (a project's own
  /// function) the SecHandle passed by value.
  std::optional<AccessPath> handleArgument(const clang::Expr *Arg,
                                           const PathState &S) const;
  /// An integer constant expression.
  std::optional<int64_t> intConstant(const clang::Expr *E) const;
  /// A variable or field whose value the path knows (a flag).
  std::optional<int64_t> constValue(const clang::Expr *E,
                                    const PathState &S) const;
  /// An integer constant, a flag with a known value, or the constant arm
  /// of a conditional operator whose branch this path took.
  std::optional<int64_t> evalInt(const clang::Expr *E,
                                 const PathState &S) const;
  /// The status symbol a value holds: a call, a status variable or field,
  /// an assignment or comma expression whose value is one.
  std::optional<Sym> statusRef(const clang::Expr *E, const PathState &S) const;
  /// `K.dwLower` / `K->dwUpper`: the handle whose bits are read.
  std::optional<AccessPath> handleBitsRef(const clang::Expr *E,
                                          const PathState &S) const;
  /// Whether a pointer is known to be non-null (its address taken, an
  /// alias, a parameter, a tested local).
  std::optional<bool> knownNonNull(const clang::Expr *E,
                                   const PathState &S) const;
  /// The place a pointer value was read from (`outb.pvBuffer`, `p`): the
  /// key of the package buffer it holds.
  std::optional<AccessPath> bufferOf(const clang::Expr *E,
                                     const PathState &S) const;

  const clang::ASTContext &context() const { return Ctx; }

private:
  /// A field of a const global struct with a constant initialiser.
  std::optional<int64_t> constantField(const clang::Expr *X) const;

  const clang::ASTContext &Ctx;
};

/// True when a call argument is a SecHandle passed by value (a project's own
/// release function taking `CtxtHandle h`), not a pointer to one.
bool passedByValue(const clang::Expr *Arg);

} // namespace analysis
} // namespace sspi

#endif
