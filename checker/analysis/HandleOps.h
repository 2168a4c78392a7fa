//===- HandleOps.h - What happens to a handle on a path ---------*- C++ -*-===//
//
// The state updates every transfer shares: a handle is created (Pending on
// its call's status), released, used, handed over (escapes), or has its
// status narrowed; a call site's status is made fresh on each visit.
// Misuse found on the way (a lost live handle, a second release, a use
// after release, a credential freed before its context) goes to the
// Reporter.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_HANDLEOPS_H
#define SSPI_TIDY_ANALYSIS_HANDLEOPS_H

#include "PathState.h"

#include "clang/AST/Type.h"

namespace clang {
class CallExpr;
class FunctionDecl;
class Expr;
class Stmt;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

class HandleOps {
public:
  explicit HandleOps(FunctionContext &FC) : FC(FC) {}

  /// Creates K (Pending on Origin's status; Out says which statuses
  /// create it). A live handle already at K is reported overwritten.
  void create(PathState &S, const AccessPath &K, model::HandleKind Kind,
              const clang::CallExpr *Origin, model::CreationOutcome Out,
              llvm::StringRef By, const clang::Expr *HandleExpr);
  void release(PathState &S, const AccessPath &K, model::HandleKind Kind,
               const clang::Stmt *Site);
  /// An SSPI call that needs K live.
  void use(PathState &S, const AccessPath &K,
           const clang::CallExpr *Site = nullptr, llvm::StringRef By = "");
  /// Every visit of a call produces a fresh status.
  void freshStatus(PathState &S, const clang::CallExpr *C);
  void setSymMask(PathState &S, Sym Sy, model::StatusMask M);
  /// Resolves Pending handles of Sy after its mask changed.
  void resolvePending(PathState &S, Sym Sy);

  /// Marks what is under Prefix as escaped. ObjectType, when known, is the
  /// type of the object handed over (to skip objects that hold no handle).
  /// KeepHandles: the receiver cannot release a context or credential
  /// under Prefix (AnalysisHost::keepsHandles); only the rest escapes.
  void escapePrefix(PathState &S, const AccessPath &Prefix,
                    clang::QualType ObjectType = clang::QualType(),
                    bool KeepHandles = false);
  /// What a call argument (or a returned or stored value) hands over.
  void escapeArgument(const clang::Expr *Arg, PathState &S,
                      bool KeepHandles = false);
  /// A package buffer handed over as a pointer.
  void escapeBuffer(const clang::Expr *E, PathState &S);
  /// Forgets what is known of an integer lvalue that is being changed.
  void forgetScalar(const clang::Expr *E, PathState &S);
  /// A function that hands an impersonation to its caller (by its name).
  bool handsOverImpersonation() const;

private:
  /// Freeing a credential while a context created from it is live.
  void checkCredentialFree(PathState &S, const AccessPath &Cred,
                           const clang::Stmt *Site);
  /// Deleting a context whose state at entry is unknown after this path
  /// freed the credential it is made from (cleanup code).
  void checkCleanupOrder(const PathState &S, const AccessPath &Ctx,
                         const clang::Stmt *Site);

  FunctionContext &FC;
};

/// A member of std::basic_string / std::vector that copies what its
/// arguments point to (a constructor, assign, append, insert, ...): it keeps
/// no pointer it is given.
bool copiesArguments(const clang::FunctionDecl *FD);

/// Whether an object of type T can contain an SSPI handle (directly, in a
/// field, or behind a pointer field), a few levels deep.
bool mayHoldHandle(clang::QualType T, unsigned Depth = 0);

} // namespace analysis
} // namespace sspi

#endif
