//===- OwnerClient.h - Handles owned by objects -----------------*- C++ -*-===//
//
// Handles a function leaves in an object that outlives it (a field reached
// through a pointer parameter, a member of `this`) belong to the object's
// type. The TU pass records, per owner type and field, which function
// creates a handle there (the creators). After it, each teardown of an
// owner type (a destructor; a function that frees its owner parameter, or
// passes it to one that does; a function named by TeardownFunctions) is run
// again with those handles live in the object it tears down, and every
// path that leaves one of them live, or frees the memory that holds one,
// is reported (sspi-context-leak / sspi-credential-leak).
//
// What the teardown may test instead of releasing: the handle's validity
// (SecIsValidHandle, its bits), a pointer-to-handle field (non-NULL in the
// run) and a flag field that creators set (its value from the creator);
// other tests of the object's state (`if (!c->connected)`) are real paths.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_CHECKS_OBJECTS_OWNERCLIENT_H
#define SSPI_TIDY_CHECKS_OBJECTS_OWNERCLIENT_H

#include "../../analysis/AnalysisClient.h"
#include "../../analysis/Finding.h"
#include "../../analysis/Owners.h"

#include "llvm/Support/Regex.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace clang {
class FieldDecl;
class ParmVarDecl;
class RecordDecl;
} // namespace clang

namespace sspi {
namespace checks {

class OwnerClient : public analysis::AnalysisClient {
public:
  /// Patterns: TeardownFunctions, regexes that compile.
  explicit OwnerClient(std::vector<llvm::Regex> Patterns)
      : Patterns(std::move(Patterns)) {}

  void onHandOver(analysis::FunctionContext &FC,
                  const analysis::PathState &S,
                  const analysis::AccessPath &Object,
                  const clang::RecordDecl *Record) override;
  void onFunctionDone(analysis::FunctionContext &FC,
                      llvm::ArrayRef<analysis::PathState> Exits) override;
  void afterTU(analysis::TUAnalysis &TU) override;
  void initialState(analysis::FunctionContext &FC,
                    analysis::PathState &S) override;
  void onCall(analysis::FunctionContext &FC, const clang::CallExpr *C,
              analysis::PathState &S) override;
  bool partialReleaseIsRelease(analysis::FunctionContext &FC,
                               const analysis::AccessPath &Key) override;
  bool objectGuardsHold(analysis::FunctionContext &FC) override;
  void onPathEnd(analysis::FunctionContext &FC, const analysis::PathState &S,
                 clang::SourceLocation Where) override;

  /// A handle some function of the TU leaves in an object of the owner type.
  struct Creation {
    model::HandleKind Kind;
    const clang::CallExpr *Origin;
    std::string CreatedBy;
    bool ViaTable;
    const clang::FunctionDecl *Creator;
  };
  /// A teardown of an owner type, and the object it tears down.
  struct Teardown {
    const clang::FunctionDecl *FD;
    const clang::RecordDecl *Owner;
    /// The object: `[p, *]` for a parameter, `*this` for a destructor.
    analysis::AccessPath Base;
    const clang::ParmVarDecl *Param = nullptr; ///< null for a destructor
    /// Found by its name only (it neither frees the object nor is a
    /// destructor): it tears down the object's SSPI state only if it
    /// releases one of its handles on some path (`nla_buffer_free(nla)`
    /// frees nla's buffers, not its handles).
    bool ByName = false;
    /// Every other word of its name names the object's type (`auth_cleanup`
    /// of a `struct auth`), not a part of it (`nla_buffer_free`).
    bool NameIsOwners = false;
    /// A `void *` parameter (a callback's data) that the body converts
    /// (`struct ctx *c = data;`): the name the handles are spoken of by.
    const clang::VarDecl *Alias = nullptr;
  };

private:
  /// Records FD as a creator of K, made as H says.
  void addCreation(const analysis::OwnerKey &K, const analysis::HandleInfo &H,
                   const clang::FunctionDecl *FD);
  /// K's owner key, also for a teardown's `void *` object.
  std::optional<analysis::OwnerKey> keyOf(const analysis::AccessPath &K,
                                          const clang::FunctionDecl *FD) const;
  std::vector<Teardown> findTeardowns(analysis::TUAnalysis &TU) const;
  void findFlags(analysis::TUAnalysis &TU);
  void report(analysis::FunctionContext &FC, const analysis::PathState &S,
              const analysis::AccessPath &K, const analysis::HandleInfo &H,
              clang::SourceLocation Where, analysis::Event What,
              const std::string &Freed);

  std::vector<llvm::Regex> Patterns;
  std::map<analysis::OwnerKey, Creation> Creations;
  /// Functions that release a handle of an owner type on some path.
  std::map<analysis::OwnerKey, std::set<const clang::FunctionDecl *>>
      ReleasedBy;
  /// Every function that leaves a handle there.
  std::map<analysis::OwnerKey, std::set<const clang::FunctionDecl *>>
      CreatorsOf;
  /// Per owner type: flag fields the creators set, and the value set.
  std::map<const clang::RecordDecl *,
           std::map<const clang::FieldDecl *, int64_t>>
      Flags;
  /// Fields of an owner type a creator assigns: a teardown's test of one
  /// (`if (c->state == AUTHENTICATED)`) may be about the handles' validity.
  std::map<const clang::RecordDecl *, std::set<const clang::FieldDecl *>>
      CreatorFields;
  const Teardown *Current = nullptr;
  /// A release outside the teardowns that leaves the handle as it was.
  struct LooseRelease {
    const clang::FunctionDecl *Fn;
    const clang::Stmt *Site;
  };
  std::map<analysis::OwnerKey, std::vector<LooseRelease>> LooseReleases;
  /// The lifetime run: the handle seeded released, and by whom.
  const analysis::OwnerKey *SeededReleased = nullptr;
  const LooseRelease *SeededBy = nullptr;
};

} // namespace checks
} // namespace sspi

#endif
