//===- Owners.h - Handles held by objects that outlive a function -*- C++ -*-===//
//
// A handle stored in an object the caller can see (through a pointer or
// reference parameter, `this`, or a global) is named, across functions, by
// its owner and the fields from it: `c->ctx` in conn_open(struct conn *c)
// and `conn->ctx` in conn_free(struct conn *conn) are both (struct conn,
// .ctx). Nested structs and pointers are part of the fields
// (`ntlm->context` is (struct ntlmdata, .context, *)), array elements are
// collapsed.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_ANALYSIS_OWNERS_H
#define SSPI_TIDY_ANALYSIS_OWNERS_H

#include "AccessPath.h"

#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang {
class Decl;
class CallExpr;
class FunctionDecl;
class QualType;
class RecordDecl;
} // namespace clang

namespace sspi {
namespace analysis {

struct OwnerKey {
  /// A RecordDecl (canonical) or, for a global, its VarDecl.
  const clang::Decl *Owner = nullptr;
  /// The AccessPath words from the owner object on.
  llvm::SmallVector<uintptr_t, 4> Fields;

  bool ownerIsRecord() const;
  const clang::RecordDecl *record() const;
  /// The owner's name for messages: 'struct conn', 'Client', 'g_srv'.
  std::string ownerName() const;
  /// Whether this is the pointer to a handle (its last word a deref).
  bool viaPointer() const;
  friend bool operator<(const OwnerKey &A, const OwnerKey &B) {
    return A.Owner != B.Owner ? A.Owner < B.Owner : A.Fields < B.Fields;
  }
  friend bool operator==(const OwnerKey &A, const OwnerKey &B) {
    return A.Owner == B.Owner && A.Fields == B.Fields;
  }
};

/// Where the TU makes a context from a credential: the call and its function.
struct MadeFrom {
  const clang::FunctionDecl *Fn = nullptr;
  const clang::CallExpr *Call = nullptr;
};

/// The owner key of P in function FD: P rooted at a pointer or reference
/// parameter of FD (through it), at `this`, or at a global; nothing for
/// locals and for the object itself (no field).
std::optional<OwnerKey> ownerKey(const AccessPath &P,
                                 const clang::FunctionDecl *FD);
/// The key of P's words from position From on, in an object of Owner (a
/// RecordDecl, or a global's VarDecl): placeIn's inverse.
OwnerKey keyFrom(const clang::Decl *Owner, const AccessPath &P, size_t From);
/// The place of K's handle in an object reached through Base (`[c, *]`,
/// `[this, *]`, or a global's path).
AccessPath placeIn(const AccessPath &Base, const OwnerKey &K);
/// The canonical record a pointer or reference type designates, if any.
const clang::RecordDecl *pointeeRecord(clang::QualType T);

} // namespace analysis
} // namespace sspi

#endif
