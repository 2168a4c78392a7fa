//===- Solver.h - The worklist over a function's CFG ------------*- C++ -*-===//
//
// ESP-style: a set of path states per block (identical states merge,
// distinct ones are kept apart up to a budget), a FIFO worklist of
// (block, state) pairs. Before a state enters a block, what no later
// statement can observe is dropped (liveness), so that paths merge again.
// Branches narrow the state (Assume), switch successors take their case.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_SOLVER_H
#define SSPI_TIDY_ANALYSIS_SOLVER_H

#include "PathState.h"

#include <deque>
#include <optional>
#include <vector>

namespace clang {
class CFGBlock;
class Expr;
class SwitchStmt;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

class Solver {
public:
  explicit Solver(FunctionContext &FC) : FC(FC) {}
  /// Runs to the fixpoint from Initial. Returns "" or why the function was
  /// given up (a budget).
  const char *run(PathState Initial);
  std::vector<PathState> takeExitStates() { return std::move(ExitStates); }

private:
  void enqueue(const clang::CFGBlock *B, PathState S);
  /// The states after B's elements.
  std::vector<PathState> transferBlock(const clang::CFGBlock *B, PathState S);
  void successors(const clang::CFGBlock *B, PathState &S);
  void switchSuccessors(const clang::CFGBlock *B, const clang::SwitchStmt *Sw,
                        PathState &S);
  /// The condition a two-way block branches on (`b` of `if (a && b)` in the
  /// block that tests `b`).
  const clang::Expr *branchCondition(const clang::CFGBlock *B) const;
  void branch(const clang::CFGBlock *B, const clang::Expr *Cond, PathState &S);
  void pathEnd(PathState &S);
  void forgetDead(const clang::CFGBlock *B, PathState &S) const;
  void dumpStates(const std::vector<PathState> &Here) const;

  FunctionContext &FC;
  std::vector<std::vector<PathState>> Seen;
  std::deque<std::pair<const clang::CFGBlock *, PathState>> Work;
  std::vector<PathState> ExitStates;
  /// The block whose successors are being enqueued.
  const clang::CFGBlock *From = nullptr;
  bool OverBudget = false;
};

} // namespace analysis
} // namespace sspi

#endif
