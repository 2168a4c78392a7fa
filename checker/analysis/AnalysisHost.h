//===- AnalysisHost.h - What an analysis asks of its TU ---------*- C++ -*-===//
//
// A function's analysis needs the summaries of the TU-local functions it
// calls and the options of the run; TUAnalysis provides them through this
// interface (so that the per-function code does not depend on the driver).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ANALYSISHOST_H
#define SSPI_TIDY_ANALYSIS_ANALYSISHOST_H

#include "Summary.h"

#include <memory>
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace sspi {
namespace model {
class UserApi;
} // namespace model
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

class AnalysisHost {
public:
  virtual ~AnalysisHost() = default;
  virtual clang::ASTContext &context() = 0;
  virtual const AnalysisOptions &options() const = 0;
  /// True when FD (transitively, inside the TU) calls the SSPI API.
  virtual bool touchesSspi(const clang::FunctionDecl *FD) = 0;
  /// The summary of a function defined in this TU (opaque when it cannot be
  /// had: recursion, depth, budget).
  virtual const FunctionSummary &summaryFor(const clang::FunctionDecl *FD) = 0;
};

} // namespace analysis
} // namespace sspi

#endif
