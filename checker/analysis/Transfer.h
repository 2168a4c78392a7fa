//===- Transfer.h - The effect of one CFG element on a path -----*- C++ -*-===//
//
// Transfer dispatches a CFG element (a statement, a lifetime end) to its
// effect: assignments and declarations (flags, status variables, aliases,
// handle copies, writes to handle bits), returns, throws, constructors,
// lambdas, scope ends (a live handle lost), and calls (CallTransfer.h).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_TRANSFER_H
#define SSPI_TIDY_ANALYSIS_TRANSFER_H

#include "PathState.h"

#include <vector>

namespace clang {
class CFGElement;
class DeclStmt;
class Expr;
class ReturnStmt;
class Stmt;
class VarDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

class Transfer {
public:
  explicit Transfer(FunctionContext &FC) : FC(FC) {}
  /// Applies one CFG element; a call may split the state (Extra receives
  /// the other paths).
  void element(const clang::CFGElement &E, PathState &S,
               std::vector<PathState> &Extra);
  /// `LHS = RHS` (also a declaration's initialiser).
  void assign(const clang::Expr *LHS, const clang::Expr *RHS,
              const clang::Stmt *Site, PathState &S);

private:
  void statement(const clang::Stmt *St, PathState &S,
                 std::vector<PathState> &Extra);
  void declaration(const clang::DeclStmt *DS, PathState &S);
  /// AnalysisClient::onHandOver for a pointer V the function hands over.
  void handOver(const clang::Expr *V, const PathState &S);
  void returnStmt(const clang::ReturnStmt *R, PathState &S,
                  std::vector<PathState> &Extra);
  void lifetimeEnd(const clang::VarDecl *VD, const clang::Stmt *Trigger,
                   PathState &S);
  // The parts of an assignment.
  void assignStatusAndFlags(const clang::Expr *L, const clang::Expr *RHS,
                            PathState &S);
  /// Local pointers; true when the store is only an alias update.
  bool assignPointer(const clang::Expr *L, const clang::Expr *RHS,
                     const clang::Expr *R, const clang::Stmt *Site,
                     PathState &S);
  void assignHandleBits(const AccessPath &K, const clang::Expr *L,
                        const clang::Expr *RHS, const clang::Stmt *Site,
                        PathState &S);
  /// Whole-handle or whole-struct copies; true when handled.
  bool assignObject(const clang::Expr *L, const clang::Expr *R,
                    const clang::Stmt *Site, PathState &S);

  FunctionContext &FC;
};

} // namespace analysis
} // namespace sspi

#endif
