//===- Wording.h - How the sspi-* checks say what they found ----*- C++ -*-===//
//
// The words of the path notes every check shares. Each check's own message
// is its message() (SspiChecks.h); the nouns and verbs of a handle kind are
// the model's (model/HandleKinds.def).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_CHECKS_WORDING_H
#define SSPI_TIDY_CHECKS_WORDING_H

#include "../analysis/Finding.h"

#include <string>

namespace sspi {
namespace checks {

/// 'name'
std::string quoted(llvm::StringRef Name);
/// The text of a path note.
std::string noteText(const analysis::PathNote &N);
/// "(missing DeleteSecurityContext[ or X])" for a finding's handle kind.
std::string missingRelease(const analysis::Finding &F);
/// "deletes", "frees": what the release of a handle kind does.
std::string releaseVerbPresent(model::HandleKind K);

} // namespace checks
} // namespace sspi

#endif
