//===- CallTransfer.h - The effect of a call on a path ----------*- C++ -*-===//
//
// A call is an SSPI call (ApiTransfer), a call of a TU-local function that
// reaches SSPI (its summary: SummaryTransfer), a Windows call the model
// knows (zeroing, the end of every impersonation), or an unknown call,
// which may keep or release what it receives.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_CALLTRANSFER_H
#define SSPI_TIDY_ANALYSIS_CALLTRANSFER_H

#include "../model/SspiApi.h"
#include "PathState.h"
#include "Summary.h"

#include <vector>

namespace clang {
class CallExpr;
class FunctionDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;

class CallTransfer {
public:
  explicit CallTransfer(FunctionContext &FC) : FC(FC) {}
  void call(const clang::CallExpr *C, PathState &S,
            std::vector<PathState> &Extra);
  /// A call the analysis cannot see into: what it receives through
  /// pointers escapes; unless Pure, globals' handles escape too.
  void unknownCall(const clang::CallExpr *C, PathState &S, bool Pure,
                   const clang::FunctionDecl *Keeper = nullptr);
  /// The implicit destructor of a local object at the end of its scope
  /// (Trigger: the statement that ends it), when the destructor is defined
  /// in the TU and reaches SSPI: its summary for the object's state.
  void destructor(const clang::VarDecl *VD, const clang::Stmt *Trigger,
                  PathState &S, std::vector<PathState> &Extra);

private:
  /// The summary for this call: the callee's own, or, when the call fixes
  /// something its paths depend on (EntryFacts), the one for those facts.
  const FunctionSummary &summaryAt(const clang::CallExpr *C,
                                   const clang::FunctionDecl *Def,
                                   const FunctionSummary &Generic,
                                   const PathState &S);
  /// The caller's live handles and known flags under Object, in the
  /// callee's terms (`this->...`).
  void objectFacts(const AccessPath &Object, const PathState &S,
                   EntryFacts &F) const;
  /// memset(&h, 0, ...) and friends; true when the call zeroed something.
  bool zeroing(const clang::CallExpr *C, llvm::StringRef Name, PathState &S);
  /// RevertToSelf(), SetThreadToken(NULL, NULL); true when it was one.
  bool endsImpersonations(const clang::CallExpr *C, PathState &S);

  FunctionContext &FC;
};

/// SSPI calls, by the shape of their op (ApiOps.def).
class ApiTransfer {
public:
  explicit ApiTransfer(FunctionContext &FC) : FC(FC) {}
  void call(const model::ApiCall &A, PathState &S);

private:
  void forgetOutputs(const clang::CallExpr *C, PathState &S);
  void createOut(const model::ApiCall &A, PathState &S);
  void handshake(const model::ApiCall &A, PathState &S);
  void release(const model::ApiCall &A, PathState &S);
  void releasePointer(const model::ApiCall &A, PathState &S);
  void exportContext(const model::ApiCall &A, PathState &S);
  void impersonate(const model::ApiCall &A, PathState &S);
  void revert(const model::ApiCall &A, PathState &S);
  void queryAttributes(const model::ApiCall &A, PathState &S);
  void useHandle(const model::ApiCall &A, PathState &S);
  /// ISC/ASC with a constant *_REQ_ALLOCATE_MEMORY: the output tokens.
  void createOutputBuffers(const model::ApiCall &A, PathState &S);
  /// QueryContextAttributes of an attribute whose members are allocated.
  void createAttributeBuffers(const model::ApiCall &A, PathState &S);
  /// The credential an ISC/ASC (or a declared acquire) uses.
  std::optional<AccessPath> useCredential(const model::ApiCall &A,
                                          PathState &S);
  const clang::Expr *arg(const model::ApiCall &A, int Idx) const;

  FunctionContext &FC;
  /// The call's fContextReq, read before its outputs are written.
  std::optional<int64_t> Req;
};

/// Calls of TU-local functions, replayed from their summaries.
class SummaryTransfer {
public:
  explicit SummaryTransfer(FunctionContext &FC) : FC(FC) {}
  void call(const clang::CallExpr *C, const clang::FunctionDecl *Callee,
            const FunctionSummary &Sum, PathState &S,
            std::vector<PathState> &Extra);
  /// A destructor run on Object where Site ends its scope: what it does to
  /// the object's handles (and to globals). It returns no status and
  /// creates nothing the caller could test.
  void destructor(const AccessPath &Object, const clang::Stmt *Site,
                  const clang::FunctionDecl *Dtor, const FunctionSummary &Sum,
                  PathState &S, std::vector<PathState> &Extra);
  /// The caller's path of a callee's key (`p->ctx` in the callee is
  /// `conn.ctx` when the caller passed `&conn`).
  std::optional<AccessPath> mapCalleePath(const AccessPath &CalleeKey,
                                          const clang::CallExpr *C,
                                          const clang::FunctionDecl *Callee,
                                          const PathState &S) const;

private:
  /// The outcomes of one key, gathered over the callee's exits.
  struct Outcomes {
    model::StatusMask Released = 0, Untouched = 0, Created = 0,
                      MaybeCreated = 0;
    bool AllReset = true; ///< every releasing path also reset the handle
    bool Escaped = false;
  };
  static Outcomes gather(const KeyEffect &Eff);
  /// Replays one key at Site; true when it constrained the call's status.
  /// C is the call (null for a destructor: no status, no creation).
  bool replay(const clang::Stmt *Site, const clang::CallExpr *C,
              const std::string &CalleeName, const AccessPath &K,
              const KeyEffect &Eff, PathState &S,
              std::vector<PathState> &Extra);
  void replayRelease(const clang::Stmt *Site, const clang::CallExpr *C,
                     const std::string &CalleeName, const AccessPath &K,
                     const KeyEffect &Eff, const Outcomes &O, PathState &S,
                     std::vector<PathState> &Extra, bool &AnySym);

  FunctionContext &FC;
};

} // namespace analysis
} // namespace sspi

#endif
