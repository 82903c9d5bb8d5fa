// PlacedSet's cache key (checkers/linearizability/placed_set.h) against a
// plain std::set: two sets have the same key iff they are equal, and the
// same hash when equal, however they were built. The search's cache is
// exact only if this holds.
#include "linearizability/placed_set.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <vector>

using ariadne::lin::PlacedSet;

namespace {

using Key = std::vector<uint64_t>;

// Walks like a search: mostly places the lowest unplaced operations (a
// window of `window` above the frontier), sometimes takes some back, and
// leaves a few "crashed" operations unplaced for good.
struct Walk {
  uint32_t n;
  uint32_t window;
  std::mt19937_64 rng;
  PlacedSet placed;
  std::set<uint32_t> reference;
  std::set<uint32_t> never;  // crashed, never placed
  std::vector<uint32_t> stack;

  Walk(uint32_t n, uint32_t window, uint64_t seed) : n(n), window(window), rng(seed), placed(n) {
    for (uint32_t i = 0; i < n; ++i)
      if (rng() % 50 == 0) never.insert(i);
  }

  void step() {
    if (!stack.empty() && rng() % 4 == 0) {  // backtrack
      uint32_t op = stack.back();
      stack.pop_back();
      placed.remove(op);
      reference.erase(op);
      return;
    }
    uint32_t frontier = 0;
    while (frontier < n && (reference.count(frontier) || never.count(frontier))) ++frontier;
    if (frontier == n) return;
    uint32_t op = frontier + static_cast<uint32_t>(rng() % window);
    if (op >= n || reference.count(op) || never.count(op)) return;
    placed.add(op);
    reference.insert(op);
    stack.push_back(op);
  }
};

}  // namespace

TEST_CASE("placed sets have equal keys iff they are equal, dense and sparse alike",
          "[linearizability][placed-set]") {
  std::map<std::set<uint32_t>, std::pair<Key, uint64_t>> seen;  // set -> key, hash
  std::map<Key, std::set<uint32_t>> by_key;
  size_t sparse = 0, dense = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    uint32_t n = 1 + static_cast<uint32_t>(seed * 37 % 700);
    uint32_t window = 1 + static_cast<uint32_t>(seed % 5 == 0 ? 200 : seed % 9);
    Walk w(n, window, seed);
    Key key;
    for (int i = 0; i < 2000; ++i) {
      w.step();
      w.placed.key(key);
      REQUIRE(w.placed.size() == w.reference.size());
      for (uint32_t probe : {0u, n / 2, n - 1})
        REQUIRE(w.placed.contains(probe) == (w.reference.count(probe) == 1));
      ((key[0] >> 63) ? sparse : dense)++;
      // Keys are per n (one cache per search): tag the map with n.
      std::set<uint32_t> tagged = w.reference;
      tagged.insert(1000000 + n);
      Key tagged_key = key;
      tagged_key.push_back(n);
      auto [it, fresh] = seen.try_emplace(tagged, tagged_key, w.placed.hash());
      if (!fresh) {
        REQUIRE(it->second.first == tagged_key);
        REQUIRE(it->second.second == w.placed.hash());
      }
      auto [kt, kfresh] = by_key.try_emplace(tagged_key, tagged);
      if (!kfresh) REQUIRE(kt->second == tagged);
    }
  }
  // Both forms were exercised.
  CHECK(sparse > 1000);
  CHECK(dense > 1000);
}

TEST_CASE("a placed set's key stays small when every operation below a frontier is placed",
          "[linearizability][placed-set]") {
  PlacedSet s(100000);
  Key key;
  for (uint32_t i = 0; i < 99990; ++i) s.add(i);
  s.key(key);
  CHECK(key.size() <= 2);  // the frontier's word and the word after it
  s.remove(5);             // one hole far behind the frontier: sparse
  s.key(key);
  CHECK(key.size() == 2);
  CHECK((key[0] >> 63) == 1);
  CHECK((key[1] & 0xFFFFFFFF) == 5);
  s.add(5);
  s.key(key);
  CHECK(key.size() <= 2);
}

TEST_CASE("the empty set and the full set have keys of their own",
          "[linearizability][placed-set]") {
  PlacedSet s(128);
  Key empty, full;
  s.key(empty);
  for (uint32_t i = 0; i < 128; ++i) s.add(i);
  s.key(full);
  CHECK(empty != full);
  for (uint32_t i = 128; i-- > 0;) s.remove(i);
  Key again;
  s.key(again);
  CHECK(again == empty);
  CHECK(s.hash() == 0);
}
