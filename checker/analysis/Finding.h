//===- Finding.h - What the engine reports, with its path notes --*- C++
//-*-===//
#ifndef SSPI_TIDY_ANALYSIS_FINDING_H
#define SSPI_TIDY_ANALYSIS_FINDING_H

#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace sspi {
namespace analysis {

/// One kind per check; each check emits only its own kind.
enum class FindingKind {
  ContextLeak,
  CredentialLeak,
  CredentialFreedBeforeContext,
  DoubleRelease,
  UseAfterRelease,
  ContextBufferLeak,
  ImpersonationNotReverted,
  ShutdownWithoutCleanup,
};

/// A step of the path that explains a finding.
struct PathNote {
  clang::SourceLocation Loc;
  std::string Message;
};

struct Finding {
  FindingKind Kind;
  clang::SourceLocation Loc;
  std::string Message;
  std::vector<PathNote> Notes;
  /// The handle's source name (for grouping findings about one handle).
  std::string HandleName;
};

} // namespace analysis
} // namespace sspi

#endif
