// Splitting a history by key (linearizability/partition.h): the parallel
// split gives exactly the partitions of a plain one-pass reference, in the
// same order, at every thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "linearizability/partition.h"

using namespace ariadne;
using ariadne::lin::Partition;

namespace {

// A history of `n` operations, each of one event, whose keys are drawn from
// `keys` (an empty Value marked unkeyed when `unkeyed` is drawn).
History keyed_history(std::mt19937_64& rng, size_t n, const std::vector<Value>& keys,
                      double unkeyed) {
  History h;
  std::uniform_int_distribution<size_t> pick(0, keys.size() - 1);
  std::bernoulli_distribution no_key(unkeyed);
  for (size_t i = 0; i < n; ++i) {
    Event e;
    e.process = Value::integer(static_cast<int64_t>(i % 7));
    e.f = Value::keyword("read");
    e.type = EventType::kOk;
    if (!no_key(rng)) {
      e.key = keys[pick(rng)];
      e.flags |= Event::kHasKey;
    }
    h.events.push_back(e);
    h.ops.push_back({Operation::kNoEvent, static_cast<uint32_t>(i), OpStatus::kOk});
  }
  return h;
}

// Every kind of key, including nil and text long enough to be interned.
std::vector<Value> some_keys(std::mt19937_64& rng, size_t count) {
  std::vector<Value> keys;
  for (size_t i = 0; i < count; ++i) {
    switch (rng() % 5) {
      case 0: keys.push_back(Value::integer(static_cast<int64_t>(rng() % 1000) - 500)); break;
      case 1: keys.push_back(Value::string("k" + std::to_string(rng() % 100))); break;
      case 2: keys.push_back(Value::string("a long key " + std::to_string(rng() % 100))); break;
      case 3: keys.push_back(Value::keyword("x" + std::to_string(rng() % 10))); break;
      default: keys.push_back(Value()); break;  // the key nil, apart from no key
    }
  }
  return keys;
}

// One pass in ops order, as the checker did before it split in parallel.
std::vector<Partition> reference(const History& h) {
  std::vector<Partition> parts;
  std::unordered_map<Value, size_t, ValueHash> index;
  size_t unkeyed = SIZE_MAX;
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    size_t* slot = &unkeyed;
    if (h.has_key(op)) slot = &index.try_emplace(h.key(op), SIZE_MAX).first->second;
    if (*slot == SIZE_MAX) {
      *slot = parts.size();
      parts.push_back({h.has_key(op), h.has_key(op) ? h.key(op) : Value(), {}});
    }
    parts[*slot].members.push_back(i);
  }
  std::sort(parts.begin(), parts.end(), [](const Partition& a, const Partition& b) {
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
    if (a.keyed != b.keyed) return a.keyed;
    return a.key < b.key;
  });
  return parts;
}

void require_same(const std::vector<Partition>& got, const std::vector<Partition>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("partition " << i << " of " << got.size());
    REQUIRE(got[i].keyed == want[i].keyed);
    REQUIRE(got[i].key == want[i].key);
    REQUIRE(got[i].members == want[i].members);
  }
}

}  // namespace

TEST_CASE("a split in parallel blocks equals a one-pass split", "[partition]") {
  std::mt19937_64 rng(20261206);
  // Sizes below one block, and over several (a block is 2^15 operations).
  for (size_t n : {size_t{0}, size_t{1}, size_t{50}, size_t{5000}, size_t{200000}}) {
    for (size_t distinct : {size_t{1}, size_t{3}, size_t{40}, size_t{3000}}) {
      for (double unkeyed : {0.0, 0.1, 1.0}) {
        History h = keyed_history(rng, n, some_keys(rng, distinct), unkeyed);
        std::vector<Partition> want = reference(h);
        for (int threads : {1, 2, 4}) {
          INFO("n " << n << ", " << distinct << " keys, unkeyed " << unkeyed << ", threads "
                    << threads);
          require_same(lin::partition_ops(h, true, threads), want);
        }
      }
    }
  }
}

TEST_CASE("a key that is in every block gathers its operations in ops order", "[partition]") {
  // Two keys alternating over 300,000 operations: each block holds both,
  // and each key's members must come out ascending across the blocks.
  History h;
  for (uint32_t i = 0; i < 300000; ++i) {
    Event e;
    e.key = Value::integer(i % 2);
    e.flags = Event::kHasKey;
    h.events.push_back(e);
    h.ops.push_back({Operation::kNoEvent, i, OpStatus::kOk});
  }
  std::vector<Partition> parts = lin::partition_ops(h, true, 2);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].key == Value::integer(0));  // equal sizes: by key
  CHECK(parts[1].key == Value::integer(1));
  for (const Partition& p : parts) {
    REQUIRE(p.members.size() == 150000);
    for (size_t k = 0; k < p.members.size(); ++k)
      REQUIRE(p.members[k] == 2 * k + (p.key == Value::integer(1) ? 1 : 0));
  }
}

TEST_CASE("without a split every operation is in one unkeyed partition", "[partition]") {
  std::mt19937_64 rng(7);
  History h = keyed_history(rng, 1000, some_keys(rng, 10), 0.2);
  std::vector<Partition> parts = lin::partition_ops(h, false, 2);
  REQUIRE(parts.size() == 1);
  CHECK_FALSE(parts[0].keyed);
  REQUIRE(parts[0].members.size() == 1000);
  for (uint32_t i = 0; i < 1000; ++i) REQUIRE(parts[0].members[i] == i);
}
