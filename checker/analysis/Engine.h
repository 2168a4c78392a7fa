//===- Engine.h - Per-TU driver of the SSPI handle analysis ------*- C++
//-*-===//
//
// TUAnalysis runs the path-sensitive analysis once per translation unit over
// every function definition that touches SSPI, bottom-up through TU-local
// callees (summaries), and keeps the findings for all checks to share. No
// clang-tidy dependency: it needs only an ASTContext.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ENGINE_H
#define SSPI_TIDY_ANALYSIS_ENGINE_H

#include "AccessPath.h"
#include "Finding.h"
#include "Summary.h"

#include <map>
#include <set>

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class FunctionDecl;
} // namespace clang

namespace sspi {
namespace analysis {

struct AnalysisOptions {
  /// Distinct path states kept per CFG block before the function is given up.
  unsigned MaxStatesPerBlock = 64;
  /// Block visits per function before it is given up.
  unsigned MaxSteps = 100000;
  /// CFG blocks above which a function is not analysed at all.
  unsigned MaxBlocks = 20000;
  /// Nesting of on-demand callee summaries.
  unsigned MaxSummaryDepth = 16;
  /// The project's own acquire/release functions (checks' options).
  std::shared_ptr<const model::UserApi> User;
};

struct FunctionStats {
  std::string Name;
  unsigned Blocks = 0;
  unsigned StatesVisited = 0;
  unsigned MaxStatesInBlock = 0;
  double Millis = 0;
  bool Skipped = false;
  std::string SkipReason;
};

/// What the shutdown pass needs to know of a global handle.
struct HandleInfoLite {
  model::HandleKind Kind;
  const clang::CallExpr *Origin;
  std::string CreatedBy;
  bool ViaTable;
};

class TUAnalysis {
public:
  TUAnalysis(clang::ASTContext &Ctx, AnalysisOptions Opts = {});
  ~TUAnalysis();

  /// Analyses every function defined outside system headers. Idempotent.
  void run();

  const std::vector<Finding> &findings() const { return Findings; }
  const std::vector<FunctionStats> &stats() const { return Stats; }
  unsigned skippedFunctions() const;

  /// The summary of a function defined in this TU (computed on demand).
  const FunctionSummary &summaryFor(const clang::FunctionDecl *FD);
  /// True when FD (transitively, inside the TU) calls the SSPI API.
  bool touchesSspi(const clang::FunctionDecl *FD);

  /// A variable that holds the module handle of the security DLL
  /// (`h = LoadLibrary("secur32.dll")` somewhere in the TU).
  bool isSecurityDllHandle(const clang::VarDecl *VD);

  /// The TU-level shutdown pass (sspi-shutdown-without-cleanup). Global
  /// handles that some function leaves live must be released on every path
  /// out of each shutdown entry point: DllMain on DLL_PROCESS_DETACH with
  /// lpvReserved == NULL, functions registered with atexit/_onexit,
  /// TerminateExtension/TerminateFilter, a service control handler on
  /// SERVICE_CONTROL_STOP, destructors of static objects, and functions whose
  /// name matches ShutdownNames (external linkage, no pointer parameters).
  /// Computed once; findings are of kind ShutdownWithoutCleanup.
  const std::vector<Finding> &
  shutdownFindings(const std::vector<std::string> &ShutdownNames);

  clang::ASTContext &context() { return Ctx; }
  const AnalysisOptions &options() const { return Opts; }

private:
  void analyzeFunction(const clang::FunctionDecl *FD);

  clang::ASTContext &Ctx;
  AnalysisOptions Opts;
  bool Ran = false;
  unsigned Depth = 0;
  std::vector<Finding> Findings;
  std::vector<FunctionStats> Stats;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionSummary>>
      Summaries;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  llvm::DenseMap<const clang::FunctionDecl *, bool> Touches;
  /// Global handles some function leaves live (acquired, not released).
  std::map<AccessPath, HandleInfoLite> LongLivedGlobals;
  /// Names of global/member handles some function releases (a cleanup path
  /// exists somewhere in the TU, e.g. a ServiceMain after its stop event).
  std::set<std::string> ReleasedAnywhere;
  /// The same for members (`this->cred_`) that a method leaves live.
  std::map<const clang::CXXRecordDecl *, std::map<AccessPath, HandleInfoLite>>
      LongLivedMembers;
  std::unique_ptr<llvm::DenseSet<const clang::VarDecl *>> SecurityDllVars;
  bool ShutdownDone = false;
  std::vector<Finding> ShutdownFindings;
  std::vector<const clang::FunctionDecl *> Definitions;
};

/// Prints per-function statistics to stderr when SSPI_TIDY_STATS is set.
bool statsRequested();

} // namespace analysis
} // namespace sspi

#endif
