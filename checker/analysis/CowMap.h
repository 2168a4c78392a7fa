//===- CowMap.h - A map shared until changed --------------------*- C++ -*-===//
#ifndef SSPI_TIDY_ANALYSIS_COWMAP_H
#define SSPI_TIDY_ANALYSIS_COWMAP_H

#include <map>
#include <memory>

namespace sspi {
namespace analysis {

/// A map shared between the states forked from one another until one of
/// them changes it (copy on write): the solver copies states at every
/// branch and keeps a copy of each state per block, and most blocks do not
/// touch the handles. Lookups never copy; only mutate(), operator[] and
/// erase() do, and only while the map is shared.
template <class K, class V> class CowMap {
  using Map = std::map<K, V>;
  std::shared_ptr<Map> P;
  static const Map &none() {
    static const Map E;
    return E;
  }

public:
  using const_iterator = typename Map::const_iterator;
  using value_type = typename Map::value_type;

  const Map &get() const { return P ? *P : none(); }
  /// The map for changing; copies it first if another state shares it.
  /// Iterators from before a mutate() call must not be used after it.
  Map &mutate() {
    if (!P)
      P = std::make_shared<Map>();
    else if (P.use_count() > 1)
      P = std::make_shared<Map>(*P);
    return *P;
  }

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  const_iterator find(const K &Key) const { return get().find(Key); }
  size_t count(const K &Key) const { return get().count(Key); }
  size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }

  template <class Pred> bool anyOf(Pred Q) const {
    for (const value_type &KV : get())
      if (Q(KV))
        return true;
    return false;
  }
  /// Applies F to the entries Q holds for; copies the map only if there is
  /// one (most calls change nothing, and the map may be shared).
  template <class Pred, class Fn> void updateIf(Pred Q, Fn F) {
    if (!anyOf(Q))
      return;
    for (value_type &KV : mutate())
      if (Q(KV))
        F(KV);
  }
  /// Erases the entries Q holds for; copies the map only if there is one.
  template <class Pred> void eraseIf(Pred Q) {
    if (!anyOf(Q))
      return;
    Map &M = mutate();
    for (auto It = M.begin(); It != M.end();)
      It = Q(*It) ? M.erase(It) : std::next(It);
  }

  V &operator[](const K &Key) { return mutate()[Key]; }
  /// Erases Key; returns the number of elements erased.
  size_t erase(const K &Key) {
    if (!count(Key))
      return 0;
    return mutate().erase(Key);
  }
};

} // namespace analysis
} // namespace sspi

#endif
