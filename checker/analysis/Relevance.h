//===- Relevance.h - Which scalar variables can matter ----------*- C++ -*-===//
//
// Computed once per function: the variables whose values can decide an
// SSPI event. A path records a flag's value (PathState::Scalars) only for
// these, so an error code or a log level carried to a later `return`, a
// byte count or a loop counter never splits a path. A variable matters when
//  - a branch that controls (control dependence, transitively through the
//    branches it controls) an SSPI event reads it: an SSPI call, a call of
//    a TU-local function that reaches SSPI, a call or store or return that
//    hands a handle over, a write to a handle;
//  - an SSPI call or such a helper call reads it in its arguments (flags,
//    attributes, `first ? NULL : &ctx`);
//  - it is returned by a function that can reach its caller's handles (the
//    value says which outcome a summary describes);
//  - it is assigned into a variable that matters.
// Past a work budget every variable matters (safe: nothing is forgotten).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_RELEVANCE_H
#define SSPI_TIDY_ANALYSIS_RELEVANCE_H

#include "AccessPath.h"

#include "llvm/ADT/DenseSet.h"

namespace clang {
class CFGBlock;
class Stmt;
class VarDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

class Relevance {
public:
  explicit Relevance(FunctionContext &FC) : FC(FC) {}
  /// Computes the set; the function's CFG and post-dominators must exist.
  void compute();
  /// Whether a fact about P (rooted at a variable) may be recorded.
  bool matters(const AccessPath &P) const;
  bool matters(const clang::VarDecl *VD) const;
  unsigned size() const { return Vars.size(); }
  bool everything() const { return All; }

private:
  bool isEvent(const clang::Stmt *S) const;
  /// Variables read in S (DeclRefExprs of local or parameter variables).
  void readsOf(const clang::Stmt *S,
               llvm::SmallVectorImpl<const clang::VarDecl *> &Out) const;
  void relevantBranches(llvm::DenseSet<const clang::CFGBlock *> &Out);
  void seeds(const llvm::DenseSet<const clang::CFGBlock *> &Branches);
  void throughAssignments();
  bool reachesCallerHandles() const;

  FunctionContext &FC;
  llvm::DenseSet<const clang::VarDecl *> Vars;
  bool All = false;
  bool Computed = false;
};

} // namespace analysis
} // namespace sspi

#endif
