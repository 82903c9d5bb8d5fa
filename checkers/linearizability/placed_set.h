// The set of operations a search has placed, and its key in the cache.
//
// A bitset of every operation would make each cache entry as long as the
// history: a 100k-operation history from one process would store 12 KiB per
// state. But a search places operations roughly in real-time order, so the
// set is "everything below a frontier, plus a few beyond it, minus a few
// holes" (crashed operations never placed, operations still pending). The
// key stores only that: the size of a key is proportional to the window
// between the first unplaced operation and the last placed one, or to the
// number of holes below the last placed one, whichever is smaller, not to
// the history.
//
// Invariants:
//  * bits_ is the set; hash_ is the xor of op_key(i) over its members, so
//    equal sets have equal hashes whatever order they were built in.
//  * count_ is its size; top_ is one more than its largest member (0 when
//    empty), so top_ - count_ operations below top_ are unplaced: the holes.
//  * Every word of bits_ below lo_ is all ones (lo_ is a lower bound of the
//    first word that is not; key() moves it up to that word).
//  * key() is a function of the set alone (never of how it was built), and
//    two different sets never have the same key: dense keys are
//    [lo, words lo .. (top-1)/64], sparse keys [top | kSparse, holes packed
//    two to a word]; which form is used depends only on the set.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "linearizability/cache.h"

namespace ariadne::lin {

class PlacedSet {
 public:
  explicit PlacedSet(uint32_t n) : bits_((n + 63) / 64, 0) {}

  bool contains(uint32_t i) const { return (bits_[i / 64] >> (i % 64)) & 1; }

  // REQUIRES: !contains(i).
  void add(uint32_t i) {
    bits_[i / 64] |= uint64_t{1} << (i % 64);
    hash_ ^= op_key(i);
    ++count_;
    if (i + 1 > top_) top_ = i + 1;
  }

  // REQUIRES: contains(i).
  void remove(uint32_t i) {
    bits_[i / 64] &= ~(uint64_t{1} << (i % 64));
    hash_ ^= op_key(i);
    --count_;
    if (i / 64 < lo_) lo_ = i / 64;
    if (i + 1 == top_) {
      // Down to the next member: whole words at a time.
      size_t w = i / 64;
      uint64_t rest = bits_[w] & ((uint64_t{1} << (i % 64)) - 1);
      while (rest == 0 && w > 0) rest = bits_[--w];
      top_ = rest == 0 ? 0 : static_cast<uint32_t>(w * 64 + 64 - std::countl_zero(rest));
    }
  }

  uint64_t hash() const { return hash_; }
  uint32_t size() const { return count_; }

  // Writes the set's key (see the invariants) into `out`.
  void key(std::vector<uint64_t>& out) {
    while (lo_ < bits_.size() && bits_[lo_] == ~uint64_t{0}) ++lo_;
    out.clear();
    size_t end = (static_cast<size_t>(top_) + 63) / 64;  // words up to the last member
    size_t dense = end > lo_ ? end - lo_ : 0;
    size_t holes = top_ - count_;
    if ((holes + 1) / 2 >= dense) {
      out.push_back(lo_);
      for (size_t w = lo_; w < end; ++w) out.push_back(bits_[w]);
      return;
    }
    out.push_back(top_ | kSparse);
    uint64_t pending = 0;
    bool half = false;
    for (size_t w = lo_; w < end; ++w) {
      uint64_t missing = ~bits_[w];
      while (missing != 0) {
        uint64_t i = w * 64 + std::countr_zero(missing);
        if (i >= top_) break;
        missing &= missing - 1;
        if (half) {
          out.push_back(pending | (i << 32));
          half = false;
        } else {
          pending = i;
          half = true;
        }
      }
    }
    if (half) out.push_back(pending | (uint64_t{0xFFFFFFFF} << 32));
  }

  // Zobrist key of operation i.
  static uint64_t op_key(uint64_t i) { return mix64(i * 0x9E3779B97F4A7C15ull + 1); }

 private:
  static constexpr uint64_t kSparse = uint64_t{1} << 63;

  std::vector<uint64_t> bits_;
  uint64_t hash_ = 0;
  uint32_t count_ = 0, top_ = 0;
  size_t lo_ = 0;
};

}  // namespace ariadne::lin
