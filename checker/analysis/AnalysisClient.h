//===- AnalysisClient.h - Hooks for analyses on the engine ------*- C++ -*-===//
//
// A client adds checks to the engine without being a mode of it. During the
// TU pass every client sees each function's calls and results; a client may
// also run functions of its own (entry points) with a seeded initial state,
// and then alone sees the hooks of that run and decides its findings (the
// engine's own findings of such a run are not kept).
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ANALYSISCLIENT_H
#define SSPI_TIDY_ANALYSIS_ANALYSISCLIENT_H

#include "PathState.h"

#include "llvm/ADT/ArrayRef.h"

namespace clang {
class CallExpr;
class FunctionDecl;
class RecordDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class FunctionContext;
class TUAnalysis;

class AnalysisClient {
public:
  virtual ~AnalysisClient() = default;

  /// The state a run of the client's own starts with (seeded handles,
  /// parameters fixed to the case of interest).
  virtual void initialState(FunctionContext &FC, PathState &S) {}
  /// A call that is not an SSPI call, before the engine transfers it.
  virtual void onCall(FunctionContext &FC, const clang::CallExpr *C,
                      PathState &S) {}
  /// A TU-local helper releases Key on some of its paths only. True makes
  /// the call a release (default: the caller's path is split in two).
  virtual bool partialReleaseIsRelease(FunctionContext &FC,
                                       const AccessPath &Key) {
    return false;
  }
  /// Whether a test of a field of an object whose handles this function
  /// releases (`if (c->have_ctx)` in a `conn_free(c)`) may be taken to
  /// hold: the caller tracks the case where the object is set up. A client
  /// that seeds the object's state itself says no.
  virtual bool objectGuardsHold(FunctionContext &FC) { return true; }
  /// The function hands an object of its own (`s = calloc(...)`: Object is
  /// `[s, *]`, of record type Record) to its caller: it returns the pointer
  /// or stores it through a parameter or in a global. S is the state before
  /// what the object holds escapes.
  virtual void onHandOver(FunctionContext &FC, const PathState &S,
                          const AccessPath &Object,
                          const clang::RecordDecl *Record) {}
  /// A path leaves the function; S is its state at the end (Where: the
  /// return, or the closing brace).
  virtual void onPathEnd(FunctionContext &FC, const PathState &S,
                         clang::SourceLocation Where) {}
  /// The TU pass analysed a function: its exit states.
  virtual void onFunctionDone(FunctionContext &FC,
                              llvm::ArrayRef<PathState> Exits) {}
  /// After the TU pass: the client's own runs (TUAnalysis::runOwned).
  virtual void afterTU(TUAnalysis &TU) {}
};

} // namespace analysis
} // namespace sspi

#endif
