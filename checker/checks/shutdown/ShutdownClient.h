//===- ShutdownClient.h - The shutdown analysis -----------------*- C++ -*-===//
//
// "When the server is ready to shut down and before unloading the DLL, the
// server must call DeleteSecurityContext" (Ending an SSPI Session). Two
// clients of the engine:
//  - LibraryUnloadClient (always on): FreeLibrary of the security DLL while
//    handles obtained through its function table are live;
//  - ShutdownClient: global (and static objects' member) handles that some
//    function of the TU leaves live are seeded live at the start of every
//    shutdown entry point; a path out of the entry point that still holds
//    one is a finding, unless an unknown call could have released it or the
//    release was skipped only by a condition the analysis cannot decide.
// No clang-tidy dependency.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_CHECKS_SHUTDOWN_SHUTDOWNCLIENT_H
#define SSPI_TIDY_CHECKS_SHUTDOWN_SHUTDOWNCLIENT_H

#include "../../analysis/AnalysisClient.h"

#include "llvm/Support/Regex.h"
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class VarDecl;
} // namespace clang

namespace sspi {
namespace checks {

/// Variables that hold the module handle of the security DLL
/// (`h = LoadLibrary("secur32.dll")` somewhere in the TU).
class SecurityDllVars {
public:
  bool contains(clang::ASTContext &Ctx, const clang::VarDecl *VD);

private:
  std::unique_ptr<std::set<const clang::VarDecl *>> Vars;
};

class LibraryUnloadClient : public analysis::AnalysisClient {
public:
  void onCall(analysis::FunctionContext &FC, const clang::CallExpr *C,
              analysis::PathState &S) override;
  /// Reports the table-made handles live at a FreeLibrary of the security
  /// DLL; EntryNote (a shutdown entry's explanation) goes after the first
  /// note.
  static void check(analysis::FunctionContext &FC, const clang::CallExpr *C,
                    analysis::PathState &S, SecurityDllVars &Dlls,
                    const analysis::PathNote *EntryNote);

private:
  SecurityDllVars Dlls;
};

class ShutdownClient : public analysis::AnalysisClient {
public:
  /// Patterns: ShutdownFunctions, regexes that compile.
  explicit ShutdownClient(std::vector<llvm::Regex> Patterns)
      : Patterns(std::move(Patterns)) {}

  void onFunctionDone(analysis::FunctionContext &FC,
                      llvm::ArrayRef<analysis::PathState> Exits) override;
  void afterTU(analysis::TUAnalysis &TU) override;
  void initialState(analysis::FunctionContext &FC,
                    analysis::PathState &S) override;
  void onCall(analysis::FunctionContext &FC, const clang::CallExpr *C,
              analysis::PathState &S) override;
  bool partialReleaseIsRelease(analysis::FunctionContext &FC,
                               const analysis::AccessPath &Key) override;
  void onPathEnd(analysis::FunctionContext &FC, const analysis::PathState &S,
                 clang::SourceLocation Where) override;

  /// What the pass needs to know of a long-lived handle.
  struct LongLived {
    model::HandleKind Kind;
    const clang::CallExpr *Origin;
    std::string CreatedBy;
    bool ViaTable;
  };
  /// A shutdown entry point.
  struct Entry {
    const clang::FunctionDecl *FD;
    analysis::PathNote Why;
    std::vector<std::pair<unsigned, int64_t>> FixedParams;
    const clang::CXXRecordDecl *DestructorOf = nullptr;
  };

private:
  std::vector<Entry> findEntries(analysis::TUAnalysis &TU) const;
  void addStaticDestructors(analysis::TUAnalysis &TU,
                            std::vector<Entry> &Out) const;
  void reportLive(analysis::FunctionContext &FC, const analysis::PathState &S,
                  const analysis::AccessPath &K, const analysis::HandleInfo &H,
                  clang::SourceLocation Where);

  std::vector<llvm::Regex> Patterns;
  /// Global handles some function leaves live (acquired, not released).
  std::map<analysis::AccessPath, LongLived> Globals;
  /// The same for members (`this->cred_`) that a method leaves live.
  std::map<const clang::CXXRecordDecl *,
           std::map<analysis::AccessPath, LongLived>>
      Members;
  /// Global and member handles some function releases (a cleanup path
  /// exists somewhere in the TU, e.g. a ServiceMain after its stop event).
  std::set<analysis::AccessPath> ReleasedAnywhere;
  /// The entry point being analysed.
  const Entry *Current = nullptr;
  SecurityDllVars Dlls;
};

} // namespace checks
} // namespace sspi

#endif
