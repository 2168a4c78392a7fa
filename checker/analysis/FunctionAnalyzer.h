//===- FunctionAnalyzer.h - Path-sensitive analysis of one function -*- C++
//-*-===//
//
// Runs over clang's CFG of one function with a set of path states per block
// (ESP-style: identical states merge, distinct ones are kept apart up to a
// budget). Transfer.cpp gives the effect of one CFG element and of a branch
// condition on a state; Solver.cpp drives the worklist, reports leaks where
// paths end, and builds the function's summary from its exit states.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_FUNCTIONANALYZER_H
#define SSPI_TIDY_ANALYSIS_FUNCTIONANALYZER_H

#include "Engine.h"
#include "Liveness.h"
#include "PathState.h"
#include "Summary.h"
#include "../model/WinApi.h"

#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include <optional>
#include <set>
#include <tuple>

namespace clang {
class AnalysisDeclContextManager;
class LiveVariables;
class ASTContext;
class CallExpr;
class Expr;
class FunctionDecl;
class SourceManager;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionAnalyzer {
public:
  FunctionAnalyzer(TUAnalysis &TU, const clang::FunctionDecl *FD);

  /// Shutdown mode: the function is a shutdown entry point. It starts with
  /// Initial (the TU's long-lived global handles live, parameters fixed to
  /// the shutdown case) and reports only global handles still live where it
  /// returns. EntryNote explains why it is an entry point.
  void setShutdownMode(PathState Initial, PathNote EntryNote) {
    Shutdown = true;
    InitialState = std::move(Initial);
    ShutdownNote = std::move(EntryNote);
  }
  /// Global handles live or maybe live where this function returns.
  std::vector<std::pair<AccessPath, HandleInfo>> globalsLeftLive() const;
  /// Handles released (or handed to unknown code) on some path out of this
  /// function.
  std::set<std::string> globalsReleased(bool CountEscaped) const;

  /// Runs the analysis. Returns false when the function was given up (budget
  /// or no CFG); then no finding and an opaque summary.
  bool run();

  std::vector<Finding> takeFindings() { return std::move(Findings); }
  FunctionSummary buildSummary() const;
  FunctionStats &stats() { return Stats; }

  /// model::classifyCall with the project's own declared functions.
  std::optional<model::ApiCall> classify(const clang::CallExpr *C) const;

  // ---- Transfer (Transfer.cpp) ------------------------------------------
  /// Applies one CFG element; may split the state (helper summaries).
  void transferElement(const clang::CFGElement &E, PathState &S,
                       std::vector<PathState> &Extra);
  /// Narrows S assuming Cond evaluates to Truth; nullopt if infeasible.
  /// Sets Decided when the condition was understood.
  std::optional<PathState> assume(const clang::Expr *Cond, bool Truth,
                                  const PathState &S, bool &Decided);
  /// For a switch: narrows S to the case whose label is Label (or to the
  /// default when Label is null, given all case values).
  /// `tok.cbBuffer` tested against 0 while `tok.pvBuffer` is a package
  /// buffer: an empty token holds no memory.
  std::optional<PathState> assumeBufferSize(const clang::Expr *E, bool NonZero,
                                            const PathState &S, bool &Decided);
  /// Narrows S assuming Ptr is (or is not) NULL.
  std::optional<PathState> assumePointer(const clang::Expr *Ptr, bool NonNull,
                                         const PathState &S, bool &Decided);
  std::optional<PathState> assumeCase(const clang::Expr *Scrutinee,
                                      const clang::Stmt *Label,
                                      const clang::SwitchStmt *Switch,
                                      const PathState &S);

private:
  // Transfer helpers.
  void onCall(const clang::CallExpr *C, PathState &S,
              std::vector<PathState> &Extra);
  void onApiCall(const model::ApiCall &A, PathState &S);
  void onSummaryCall(const clang::CallExpr *C,
                     const clang::FunctionDecl *Callee,
                     const FunctionSummary &Sum, PathState &S,
                     std::vector<PathState> &Extra);
  void onUnknownCall(const clang::CallExpr *C, PathState &S, bool Pure);
  void onAssign(const clang::Expr *LHS, const clang::Expr *RHS,
                const clang::Stmt *Site, PathState &S);
  void onReturn(const clang::ReturnStmt *R, PathState &S);
  void onLifetimeEnd(const clang::VarDecl *VD, const clang::Stmt *Trigger,
                     PathState &S);

  void create(PathState &S, const AccessPath &K, model::HandleKind Kind,
              const clang::CallExpr *Origin, model::CreationOutcome Out,
              llvm::StringRef By, const clang::Expr *HandleExpr);
  void release(PathState &S, const AccessPath &K, model::HandleKind Kind,
               const clang::Stmt *Site);
  void use(PathState &S, const AccessPath &K,
           const clang::CallExpr *Site = nullptr, llvm::StringRef By = "");
  void freshStatus(PathState &S, const clang::CallExpr *C);
  /// Records a finding once per (kind, location, handle); false if made.
  bool record(FindingKind Kind, clang::SourceLocation Where,
              const std::string &Name);
  void reportReleaseMisuse(PathState &S, FindingKind Kind, const AccessPath &K,
                           const HandleInfo &H, const clang::Stmt *Site,
                           llvm::StringRef By);
  /// Freeing a credential while a context created from it is live.
  void checkCredentialFree(PathState &S, const AccessPath &Cred,
                           const clang::Stmt *Site);
  bool handsOverImpersonation() const;
  void reportWrongOrder(PathState &S, const AccessPath &K, const HandleInfo &H,
                        const clang::Stmt *DeleteSite);
  /// The buffer a pointer-valued expression holds (`outb.pvBuffer`, `p`).
  std::optional<AccessPath> bufferOf(const clang::Expr *E,
                                     const PathState &S) const;
  void escapeBuffer(const clang::Expr *E, PathState &S);
  /// Package-allocated buffers of an ISC/ASC output descriptor.
  void createOutputBuffers(const model::ApiCall &A, PathState &S);
  void createAttributeBuffers(const model::ApiCall &A, PathState &S,
                              bool Credential);
  /// Marks what is under Prefix as escaped. ObjectType, when known, is the
  /// type of the object handed over (to skip objects that hold no handle).
  void escapePrefix(PathState &S, const AccessPath &Prefix,
                    clang::QualType ObjectType = clang::QualType());
  /// Forgets what is known of an integer lvalue that is being changed.
  void forgetScalar(const clang::Expr *E, PathState &S);
  void escapeArgument(const clang::Expr *Arg, PathState &S);
  void setSymMask(PathState &S, Sym Sy, model::StatusMask M);
  /// Resolves Pending handles of Sy after its mask changed.
  void resolvePending(PathState &S, Sym Sy);
  void reportLost(PathState &S, const AccessPath &K, const HandleInfo &Info,
                  clang::SourceLocation Where, bool Overwritten);

  std::optional<int64_t> constValue(const clang::Expr *E,
                                    const PathState &S) const;
  /// An integer constant, a flag with a known value, or the constant arm
  /// of a conditional operator whose branch this path took.
  std::optional<int64_t> evalInt(const clang::Expr *E,
                                 const PathState &S) const;
  std::optional<Sym> statusRef(const clang::Expr *E, const PathState &S) const;
  std::optional<AccessPath> pointee(const clang::Expr *E,
                                    const PathState &S) const;
  std::optional<AccessPath> lvalue(const clang::Expr *E,
                                   const PathState &S) const;
  std::optional<bool> knownNonNull(const clang::Expr *E,
                                   const PathState &S) const;
  /// `K.dwLower` / `K->dwUpper`: the handle whose bits are read.
  std::optional<AccessPath> handleBitsRef(const clang::Expr *E,
                                          const PathState &S) const;
  std::optional<AccessPath> mapCalleePath(const AccessPath &CalleeKey,
                                          const clang::CallExpr *C,
                                          const clang::FunctionDecl *Callee,
                                          const PathState &S) const;

  std::string text(const clang::Stmt *St) const;
  clang::SourceLocation loc(clang::SourceLocation L) const;

  // ---- Solver (Solver.cpp) ----------------------------------------------
  void onPathEnd(PathState &S);
  /// Drops what no later statement can observe: finished handles of dead
  /// variables, bindings of dead variables, status symbols nobody refers
  /// to. Keeps the number of distinct states down at joins.
  void forgetDead(const clang::CFGBlock *B, PathState &S) const;
  std::vector<PathNote> notesFor(const PathState &S, const HandleInfo &Info,
                                 const AccessPath &K,
                                 const clang::CFGBlock *Where) const;
  /// Whether a plain branch explains a finding at Where about K: Where is
  /// control dependent on the choice, or the code skipped by the choice
  /// touches K's variable.
  bool branchMatters(const TrailNote &T, const AccessPath &K,
                     const clang::CFGBlock *Where,
                     bool TakenSideToo = false) const;

  void reportShutdownLeak(PathState &S, const AccessPath &K,
                          const HandleInfo &H, clang::SourceLocation Where);
  /// FreeLibrary of the security DLL while table-made handles are live.
  void onFreeLibrary(const clang::CallExpr *C, PathState &S);

  void scanBody();
  /// Whether this function's body creates K (by the handle argument).
  bool createdHere(const AccessPath &K);
  std::optional<std::set<AccessPath>> CreatedKeys;
  /// Whether P (read through a parameter) is state of an object whose
  /// handles this function releases: `c->table`, `c->have_ctx`.
  bool guardsHandleObject(const AccessPath &P);
  std::optional<std::set<const clang::ParmVarDecl *>> HandleParams;

  bool Shutdown = false;
  PathState InitialState;
  PathNote ShutdownNote;

  TUAnalysis &TU;
  const clang::FunctionDecl *FD;
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  std::unique_ptr<clang::AnalysisDeclContextManager> ADCM;
  clang::CFG *Cfg = nullptr;
  std::unique_ptr<VarLiveness> Live;
  clang::LiveVariables *ClangLive = nullptr; // SSPI_TIDY_CHECK_LIVENESS only
  std::unique_ptr<clang::CFGPostDomTree> PostDom;
  /// The block being transferred (for where findings are made).
  const clang::CFGBlock *CurBlock = nullptr;
  std::vector<Finding> Findings;
  std::vector<PathState> ExitStates;
  FunctionStats Stats;
  /// Findings already made: (kind, location, handle) once each.
  std::set<std::tuple<int, unsigned, std::string>> Reported;
};

/// True when a call argument is a SecHandle passed by value (a project's own
/// release function taking `CtxtHandle h`), not a pointer to one.
bool passedByValue(const clang::Expr *Arg);

} // namespace analysis
} // namespace sspi

#endif
