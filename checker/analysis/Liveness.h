//===- Liveness.h - Live local variables per block --------------*- C++ -*-===//
//
// The solver forgets what it knows about a variable once the variable is
// dead, so that paths differing only in dead variables merge. clang's
// LiveVariables answers that question but also tracks every live
// expression in immutable sets; with a CFG that adds every expression, that
// was most of the engine's time on large functions (1.2 s of a 20,000-
// statement function with 200 handles). This is the same variable liveness
// (clang's rules: a read makes a variable live, a plain assignment to it or
// its declaration kills it, an automatic destructor reads it, globals are
// always live) as a bit-vector dataflow over blocks.
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_LIVENESS_H
#define SSPI_TIDY_ANALYSIS_LIVENESS_H

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace clang {
class VarDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class VarLiveness {
public:
  explicit VarLiveness(const clang::CFG &Cfg);
  /// Is VD live at the end of B (read on some path after B before it is
  /// assigned again)? Globals always are.
  bool isLiveAtEnd(const clang::CFGBlock *B, const clang::VarDecl *VD) const;
  unsigned numVars() const { return Index.size(); }
  /// Too large to compute (see the constructor): everything is live.
  bool unavailable() const { return Unavailable; }

private:
  /// Per block, backwards: each read (true) or kill (false) of a variable.
  void
  collectEvents(const clang::CFG &Cfg,
                std::vector<std::vector<std::pair<unsigned, bool>>> &Events);
  /// The backward dataflow to the fixpoint, into LiveOut.
  void solve(const clang::CFG &Cfg, const std::vector<llvm::BitVector> &Gen,
             const std::vector<llvm::BitVector> &Kill);

  llvm::DenseMap<const clang::VarDecl *, unsigned> Index;
  std::vector<llvm::BitVector> LiveOut; // by block ID
  bool Unavailable = false;
};

} // namespace analysis
} // namespace sspi

#endif
