//===- AccessPath.h - Handle identity as an access path ---------*- C++ -*-===//
//
// A handle is named by how the code reaches it: `ctx`, `conn.ctx`,
// `p->ctx` (param p, deref, field), `g_srv.cred`, `this->m_ctx`, with array
// elements collapsed (`ctxs[*]`). Paths are small vectors of tagged words so
// that they compare and order cheaply inside path states.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_ACCESSPATH_H
#define SSPI_TIDY_ANALYSIS_ACCESSPATH_H

#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace clang {
class Expr;
class FieldDecl;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace sspi {
namespace analysis {

class AccessPath {
public:
  /// Word 0 is the root: a ValueDecl*, or ThisRoot. Later words are a
  /// FieldDecl* or one of the tags below (decl pointers are 8-aligned).
  static constexpr uintptr_t ThisRoot = 1;
  static constexpr uintptr_t DerefTag = 2;
  static constexpr uintptr_t IndexTag = 3;
  /// Names the impersonation that a context's client is given on a thread.
  static constexpr uintptr_t ImpersonationTag = 4;

  AccessPath() = default;
  static AccessPath var(const clang::ValueDecl *D);
  static AccessPath thisObject(); // `*this`

  bool empty() const { return Words.empty(); }
  AccessPath field(const clang::FieldDecl *F) const;
  AccessPath deref() const;
  AccessPath index() const;
  AccessPath impersonation() const;
  bool isImpersonation() const {
    return !Words.empty() && Words.back() == ImpersonationTag;
  }
  /// This path without its last component.
  AccessPath parent() const;
  /// This path followed by Suffix's components (Suffix's root dropped).
  AccessPath append(const AccessPath &Suffix, size_t From) const;

  const clang::ValueDecl *rootDecl() const;
  bool rootIsThis() const { return !Words.empty() && Words[0] == ThisRoot; }
  size_t size() const { return Words.size(); }
  /// The field at position I, when that word is one (not a tag).
  const clang::FieldDecl *fieldAt(size_t I) const;
  uintptr_t word(size_t I) const { return Words[I]; }
  bool hasDeref() const;
  /// Some component is a collapsed array element: the path names many
  /// objects, so "the same handle twice" cannot be claimed.
  bool hasIndex() const;
  bool startsWith(const AccessPath &Prefix) const;

  /// A local, non-static variable of this function, reached without any
  /// pointer: the function alone owns what is stored there.
  bool isLocallyOwned() const;
  /// The root is a variable with static storage duration.
  bool isGlobal() const;

  /// `ctx`, `conn.ctx`, `p->ctx`, `ctxs[]`, `m_ctx` (this-> dropped).
  std::string str() const;

  friend bool operator==(const AccessPath &A, const AccessPath &B) {
    return A.Words == B.Words;
  }
  friend bool operator!=(const AccessPath &A, const AccessPath &B) {
    return !(A == B);
  }
  friend bool operator<(const AccessPath &A, const AccessPath &B) {
    return A.Words < B.Words;
  }

private:
  llvm::SmallVector<uintptr_t, 4> Words;
};

/// Resolves the pointer held in a local pointer (`PCtxtHandle ph = &ctx`,
/// `desc.pBuffers = &buf`), named by its own access path, to what it points
/// to; supplied by the path state.
using AliasLookup =
    std::function<std::optional<AccessPath>(const AccessPath &)>;

/// The object an lvalue expression designates (`ctx`, `p->ctx`, `*ph`).
std::optional<AccessPath> lvaluePath(const clang::Expr *E,
                                     const AliasLookup &Aliases);
/// The object a pointer-valued expression points to (`&ctx`, `ph`, `p`).
std::optional<AccessPath> pointeePath(const clang::Expr *E,
                                      const AliasLookup &Aliases);

/// Strips parentheses and every cast (explicit or implicit).
const clang::Expr *stripCasts(const clang::Expr *E);
/// True for NULL, 0, nullptr, (void*)0.
bool isNullPointerConstant(const clang::Expr *E);

} // namespace analysis
} // namespace sspi

#endif
