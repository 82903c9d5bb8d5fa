// The searches' memory of configurations already explored, and the limits
// that stop a search that would run away.
//
// Invariants of StateCache:
//  * An entry is the exact pair (key of the set of placed operations, see
//    placed_set.h; model state as words), stored in full; the hash only
//    picks the slot and filters comparisons. Two configurations are the
//    same iff their words are equal, so no configuration is ever wrongly
//    taken as seen.
//  * Entries are appended to blocks of words and never move; slots hold an
//    entry's position plus 24 bits of its hash. So a new entry's position
//    (insert's `at`) names its state for as long as the cache lives
//    (state_at): the searches restore states from there when they
//    backtrack rather than keep a second copy of every state on their stack.
//  * Every block and every slot table is paid for from the MemoryBudget
//    (ariadne/memory.h) before it is allocated and given back when freed;
//    when the budget says no, insert() reports it and the search ends with
//    verdict unknown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "ariadne/memory.h"
#include "budget.h"
#include "linearizability/model.h"

namespace ariadne::lin {

// What stops one search early.
struct Limits {
  MemoryBudget* memory = nullptr;
  Budget* budget = nullptr;  // the whole check's time and work (budget.h); null: none
  const std::atomic<bool>* cancel = nullptr;  // another partition decided the verdict
  std::atomic<uint64_t>* explored = nullptr;  // states, summed over searches (progress)
  // Stop with reason kOverBudget after this many states (0: no limit). A
  // count, not a time, so that where a search stops is deterministic.
  uint64_t max_states = 0;
};

inline constexpr const char* kOverBudget = "state budget";

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

inline uint64_t hash_words(Words s) {
  uint64_t h = 0x243f6a8885a308d3ull ^ s.size();
  for (uint64_t w : s) h = mix64(h ^ w);
  return h;
}

class StateCache {
 public:
  explicit StateCache(MemoryBudget& budget) : budget_(budget) {}
  ~StateCache() { budget_.give(paid_); }
  StateCache(const StateCache&) = delete;
  StateCache& operator=(const StateCache&) = delete;

  enum class Insert { kNew, kSeen, kNoMemory };

  // `set` is the placed set's key (PlacedSet::key), at most 2^32 - 1 words.
  // On kNew, `*at` (when given) is the new entry's position, for state_at.
  Insert insert(Words set, Words state, uint64_t hash, uint64_t* at = nullptr) {
    if ((count_ + 1) * 2 > slots_.size() && !grow()) return Insert::kNoMemory;
    size_t mask = slots_.size() - 1;
    uint64_t tag = hash >> 40;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == 0) {
        uint64_t pos;
        if (!append(set, state, hash, pos)) return Insert::kNoMemory;
        slots_[i] = (pos + 1) | (tag << 40);
        ++count_;
        if (at) *at = pos;
        return Insert::kNew;
      }
      if ((slot >> 40) == tag && equal(entry((slot & kPosMask) - 1), set, state))
        return Insert::kSeen;
    }
  }

  size_t size() const { return count_; }

  // The state of the entry at `pos`. REQUIRES: insert() returned kNew with
  // *at == pos.
  Words state_at(uint64_t pos) const {
    const uint64_t* e = entry(pos);
    return Words(e + 2 + (e[1] >> 32), static_cast<size_t>(e[1] & 0xffffffffu));
  }

 private:
  static constexpr uint64_t kPosMask = (uint64_t{1} << 40) - 1;
  static constexpr size_t kBlockWords = size_t{1} << 16;

  const uint64_t* entry(uint64_t pos) const {
    return blocks_[pos / kBlockWords].get() + pos % kBlockWords;
  }

  // memcmp and memcpy must not see a null pointer, even for no words (an
  // empty state's data() may be null).
  static bool same_words(const uint64_t* a, const uint64_t* b, size_t n) {
    return n == 0 || std::memcmp(a, b, n * sizeof(uint64_t)) == 0;
  }
  static void copy_words(uint64_t* to, const uint64_t* from, size_t n) {
    if (n > 0) std::memcpy(to, from, n * sizeof(uint64_t));
  }

  // Entry layout: [hash][set length << 32 | state length][set words][state words].
  static uint64_t lengths(Words set, Words state) {
    return uint64_t{set.size()} << 32 | state.size();
  }
  bool equal(const uint64_t* e, Words set, Words state) const {
    return e[1] == lengths(set, state) && same_words(e + 2, set.data(), set.size()) &&
           same_words(e + 2 + set.size(), state.data(), state.size());
  }

  bool append(Words set, Words state, uint64_t hash, uint64_t& pos) {
    size_t need = 2 + set.size() + state.size();
    if (blocks_.empty() || used_ + need > block_size_) {
      // Blocks grow from small ones: most partitions are small, and a big
      // fresh block costs page faults however little of it is used.
      size_t size = std::max(next_block_words_, need);
      next_block_words_ = std::min(kBlockWords, next_block_words_ * 2);
      if (!budget_.take(size * sizeof(uint64_t))) return false;
      paid_ += size * sizeof(uint64_t);
      // Entries bigger than a block get a block of their own, at a fresh index.
      blocks_.emplace_back(new uint64_t[size]);
      block_size_ = size;
      used_ = 0;
    }
    uint64_t* e = blocks_.back().get() + used_;
    e[0] = hash;
    e[1] = lengths(set, state);
    copy_words(e + 2, set.data(), set.size());
    copy_words(e + 2 + set.size(), state.data(), state.size());
    pos = (blocks_.size() - 1) * kBlockWords + used_;
    // A block bigger than kBlockWords holds this one entry only, so that
    // positions stay block * kBlockWords + offset.
    used_ = block_size_ > kBlockWords ? block_size_ : used_ + need;
    return true;
  }

  bool grow() {
    size_t fresh = std::max<size_t>(slots_.size() * 2, 1024);
    if (!budget_.take(fresh * sizeof(uint64_t))) return false;
    paid_ += fresh * sizeof(uint64_t);
    std::vector<uint64_t> old(fresh, 0);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
      if (slot == 0) continue;
      size_t i = entry((slot & kPosMask) - 1)[0] & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
    budget_.give(old.size() * sizeof(uint64_t));
    paid_ -= old.size() * sizeof(uint64_t);
    return true;
  }

 public:
  // The search hashes a configuration incrementally: the placed set's hash
  // is kept up to date by xor (PlacedSet), then combined with the state's.
  static uint64_t combine(uint64_t set_hash, Words state) {
    return mix64(set_hash ^ hash_words(state));
  }

 private:
  MemoryBudget& budget_;
  uint64_t paid_ = 0;
  std::vector<std::unique_ptr<uint64_t[]>> blocks_;
  size_t block_size_ = 0;
  size_t next_block_words_ = 1024;  // <= kBlockWords
  size_t used_ = 0;
  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

}  // namespace ariadne::lin
