//===- ErrorLocations.h - Where the compiler reported errors ----*- C++ -*-===//
//
// A statement that does not parse is dropped from the AST without a trace,
// so the AST alone cannot say which function bodies are not the code as
// written. The checks put a consumer in front of the compiler's diagnostic
// consumer (it forwards everything unchanged) that remembers where errors
// were reported; the engine then skips the functions whose body holds one.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_CHECKS_ERRORLOCATIONS_H
#define SSPI_TIDY_CHECKS_ERRORLOCATIONS_H

#include "clang/Basic/SourceLocation.h"
#include <memory>
#include <vector>

namespace clang {
class Preprocessor;
class SourceManager;
} // namespace clang

namespace sspi {
namespace checks {

/// Starts recording the errors of the TU that PP preprocesses (once per
/// SourceManager).
void recordErrors(const clang::SourceManager &SM, clang::Preprocessor &PP);
/// The error locations recorded for SM so far, sorted (expansion
/// locations); null when nothing was recorded.
std::shared_ptr<const std::vector<clang::SourceLocation>>
errorLocations(const clang::SourceManager &SM);
/// Forgets SM (its TU is done; the address may be reused).
void forgetErrors(const clang::SourceManager &SM);

} // namespace checks
} // namespace sspi

#endif
