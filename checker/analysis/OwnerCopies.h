//===- OwnerCopies.h - C++ owners whose copies release twice ----*- C++ -*-===//
//
// A class whose destructor releases a handle member (`DeleteSecurityContext
// (&ctx_)`, directly or through a helper it calls; the engine's summary of
// the destructor says which members it releases) and whose selected copy
// constructor or copy assignment copies that member (implicitly defined,
// defaulted, or written member-wise) duplicates the handle: the original
// and the copy both release it. Each place of the TU where the AST selects
// such a copy operation (a by-value argument, a copy-initialisation, an
// assignment, a return that copies) is a finding of kind DoubleRelease with
// Event::CopiedOwner. Copies that are elided, moves, classes whose copy
// operations are deleted or hand the handle over (invalidate the source),
// copy constructors that do not copy the handle, uninstantiated templates
// and classes of system headers are not findings.
//
// C++ only; no clang-tidy dependency.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_OWNERCOPIES_H
#define SSPI_TIDY_ANALYSIS_OWNERCOPIES_H

#include "AnalysisClient.h"
#include "Finding.h"

#include <vector>

namespace sspi {
namespace analysis {

class TUAnalysis;

/// The copies of handle-owning objects in the TU (empty for C).
std::vector<Finding> findOwnerCopies(TUAnalysis &TU);

/// Adds findOwnerCopies' findings to the TU's after the TU pass.
class OwnerCopiesClient : public AnalysisClient {
public:
  void afterTU(TUAnalysis &TU) override;
};

} // namespace analysis
} // namespace sspi

#endif
