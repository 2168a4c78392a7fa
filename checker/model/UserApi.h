//===- UserApi.h - A project's own SSPI wrappers ----------------*- C++ -*-===//
//
// The checks' AcquireFunctions / ReleaseFunctions options declare functions
// of the project that create or release SSPI handles (wrappers). Each entry
// is `Name:Arg[:Modifier...]`: Name a function (qualified for C++ methods),
// Arg the 0-based argument that receives (acquire) or holds (release) the
// handle, as a pointer or by value. Acquire modifiers: a success rule
// (status, zero, nonzero, always) and, for contexts, `cred=N` for the
// credential argument the context is made from.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_MODEL_USERAPI_H
#define SSPI_TIDY_MODEL_USERAPI_H

#include "SspiApi.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
} // namespace clang

namespace sspi {
namespace model {

/// How a user-declared acquire function says that it created its handle.
enum class UserSuccess : uint8_t {
  FromReturnType, ///< void: always; bool/BOOL/pointer: nonzero;
                  ///< SECURITY_STATUS/HRESULT: status >= 0; other: zero
  Status,         ///< a SECURITY_STATUS: created when >= 0
  Zero,           ///< created when the result is 0
  NonZero,        ///< created when the result is not 0 (TRUE, a pointer)
  Always,         ///< created whenever the call returns
};

class UserApi {
public:
  /// Adds the entries of one option value. Malformed entries are skipped and
  /// described in Errors.
  void add(llvm::StringRef Spec, HandleKind Kind, bool Acquire,
           std::vector<std::string> &Errors);
  bool empty() const { return Rows.empty(); }
  /// The row for a callee, resolving FromReturnType against its declaration;
  /// null when FD is not declared. The row lives as long as this object.
  const ApiInfo *lookup(const clang::FunctionDecl &FD) const;
  /// The declared release functions of a kind, for messages: "" or
  /// " or CloseContext" (" or A, B" for several).
  std::string releaseSuffix(HandleKind Kind) const;
  /// A stable text of everything declared (cache keys, tests).
  std::string fingerprint() const;

private:
  struct Row {
    std::string Name;
    HandleKind Kind;
    bool Acquire;
    int Arg;
    int CredArg;
    UserSuccess Success;
  };
  std::vector<Row> Rows;
  mutable std::map<const clang::FunctionDecl *, std::optional<ApiInfo>>
      Resolved;
};

} // namespace model
} // namespace sspi

#endif
