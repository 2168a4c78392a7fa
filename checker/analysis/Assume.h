//===- Assume.h - Narrowing a path by a branch condition --------*- C++ -*-===//
//
// assume(Cond, Truth, S) is S on the side of a branch where Cond evaluates
// to Truth, or nothing when that side is infeasible. It understands status
// comparisons (any spelling: ==, !=, <, >=, FAILED, SUCCEEDED, IS_ERROR,
// `if (st)`), flags with known values, handle validity tests on the bits of
// a handle (SecIsValidHandle), pointer null tests (package buffers, guards
// of a helper's object), the size of a package token, and switch labels.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ASSUME_H
#define SSPI_TIDY_ANALYSIS_ASSUME_H

#include "PathState.h"

#include "clang/AST/OperationKinds.h"
#include <optional>
#include <set>

namespace clang {
class BinaryOperator;
class Expr;
class FunctionDecl;
class ParmVarDecl;
class Stmt;
class SwitchStmt;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

/// What a function's body does, for the branch assumptions: the handles it
/// creates (a lazy `if (!SecIsValidHandle(&g)) Acquire(&g)`) and the
/// parameters through which it releases handles (`conn_close(conn *c)`).
class BodyFacts {
public:
  explicit BodyFacts(FunctionContext &FC) : FC(FC) {}
  /// Whether this function's body creates K (by the handle argument).
  bool createdHere(const AccessPath &K);
  /// Whether P (read through a parameter) is state of an object whose
  /// handles this function releases: `c->table`, `c->have_ctx`.
  bool guardsHandleObject(const AccessPath &P);

private:
  void scan();
  FunctionContext &FC;
  bool Scanned = false;
  std::set<AccessPath> CreatedKeys;
  std::set<const clang::ParmVarDecl *> HandleParams;
};

class Assume {
public:
  explicit Assume(FunctionContext &FC) : FC(FC) {}
  /// Narrows S assuming Cond evaluates to Truth; nullopt if infeasible.
  /// Sets Decided when the condition was understood.
  std::optional<PathState> assume(const clang::Expr *Cond, bool Truth,
                                  const PathState &S, bool &Decided);
  /// For a switch: narrows S to the case whose label is Label (or to the
  /// default when Label is null, given all case values).
  std::optional<PathState> assumeCase(const clang::Expr *Scrutinee,
                                      const clang::Stmt *Label,
                                      const clang::SwitchStmt *Switch,
                                      const PathState &S);
  /// `tok.cbBuffer` tested against 0 while `tok.pvBuffer` is a package
  /// buffer: an empty token holds no memory.
  std::optional<PathState> assumeBufferSize(const clang::Expr *E, bool NonZero,
                                            const PathState &S, bool &Decided);
  /// Narrows S assuming Ptr is (or is not) NULL.
  std::optional<PathState> assumePointer(const clang::Expr *Ptr, bool NonNull,
                                         const PathState &S, bool &Decided);

private:
  std::optional<PathState> comparison(const clang::BinaryOperator *BO,
                                      bool Truth, const PathState &S,
                                      bool &Decided);
  std::optional<PathState> constrain(Sym Sy, model::StatusMask Allowed,
                                     const PathState &S, bool &Decided);
  /// IS_ERROR(x): `(unsigned)(x) >> 31 == 1`.
  std::optional<PathState> signTest(const clang::Expr *X, int64_t C,
                                    clang::BinaryOperatorKind Op, bool Truth,
                                    const PathState &S, bool &Decided);
  /// `h.dwLower != -1`, `h.dwUpper == 0`: what SecIsValidHandle expands to.
  std::optional<PathState> handleValidity(const AccessPath &K, int64_t C,
                                          clang::BinaryOperatorKind Op,
                                          bool Truth, const PathState &S,
                                          bool &Decided);
  /// A bare value as a condition: status, pointer, flag, token size,
  /// handle bits.
  std::optional<PathState> bareValue(const clang::Expr *E, bool Truth,
                                     const PathState &S, bool &Decided);
  std::optional<PathState> caseOfFlag(int64_t V, const clang::Stmt *Label,
                                      const clang::SwitchStmt *Switch,
                                      const PathState &S);

  FunctionContext &FC;
};

/// Masks of classes with some value satisfying / violating `X op C`.
void compareMasks(clang::BinaryOperatorKind Op, int64_t C,
                  model::StatusMask &TrueM, model::StatusMask &FalseM);

} // namespace analysis
} // namespace sspi

#endif
