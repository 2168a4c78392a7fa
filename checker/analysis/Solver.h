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
#include <string>
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
  /// Runs to the fixpoint from Initial.
  void run(PathState Initial);
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

  /// Over a budget: joins S into a state of Here.
  void joinInto(const clang::CFGBlock *B, std::vector<PathState> &Here,
                PathState S);
  /// Whether a branch condition reads what a join of S dropped.
  bool readsJoined(const clang::Expr *Cond, const PathState &S) const;
  /// Asks for the rest of the analysis to use one state per block.
  void enterJoinMode(const char *Why);
  /// Starts again from the entry with one state per block, in reverse
  /// post-order.
  void restart(const PathState &Initial);
  /// The next block and state to transfer.
  bool next(const clang::CFGBlock *&B, PathState &S);
  /// Schedules B with S (in one-state mode, B with its state).
  void push(const clang::CFGBlock *B, PathState S);

  FunctionContext &FC;
  std::vector<std::vector<PathState>> Seen;
  /// One state per block, in reverse post-order (after a budget).
  bool JoinMode = false;
  std::string RestartWhy;
  std::vector<unsigned> Rank;
  std::vector<char> Queued;
  std::vector<const clang::CFGBlock *> Heap;
  /// Blocks that overflowed: they keep one state per handle typestate
  /// combination.
  std::vector<char> MergingBlocks;
  unsigned Budget() const;
  bool Dumped = false;
  std::deque<std::pair<const clang::CFGBlock *, PathState>> Work;
  std::vector<PathState> ExitStates;
  /// The block whose successors are being enqueued.
  const clang::CFGBlock *From = nullptr;
};

} // namespace analysis
} // namespace sspi

#endif
