// Internal: the time and memory one transactional check may spend
// (checkers/transactions).
//
// Every table the checker builds from the history (transactions, micro-ops,
// keys, the append and read indices, the edges, the graph's offsets, the
// components' arrays, the cycle search's distances and queue) takes its
// bytes from the check's MemoryBudget (ariadne/memory.h) before it
// allocates them, through a Charge, and gives them back when freed. What is
// charged is computed from element counts and vector capacities, never
// measured from the process, so where a check is refused is the same on
// every machine and every run. Hash-map entries are charged at
// kMapEntryBytes each (an estimate of a node and its bucket).
//
// Invariants:
//  * stop() never turns false again once true: the first refused take, or
//    the time budget running out (budget.h), ends every phase.
//  * A Charge's bytes are held from its take until it is destroyed or
//    released; a Limits must outlive its Charges.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "ariadne/memory.h"
#include "budget.h"

namespace ariadne::txn {

inline constexpr uint64_t kMapEntryBytes = 64;

class Limits {
 public:
  // `memory` may be null: nothing is charged.
  Limits(MemoryBudget* memory, Budget& time) : memory_(memory), time_(time) {}
  Limits(const Limits&) = delete;
  Limits& operator=(const Limits&) = delete;

  // Whether to stop now: a take was refused, or time ran out (looked at on
  // the first call and on every 256th after, since reading the clock costs).
  bool stop() {
    if (stopped()) return true;
    if ((polls_++ & 255) == 0 && time_.exhausted()) timed_out_ = true;
    return stopped();
  }
  // Like stop(), reading the clock whatever the count.
  bool stop_now() {
    if (!stopped() && time_.exhausted()) timed_out_ = true;
    return stopped();
  }
  bool stopped() const { return refused_ != nullptr || timed_out_; }

  // Takes `bytes` for `what` (a phase, said in reason()): false, and
  // stopped() from then on, when the budget refuses them.
  bool take(uint64_t bytes, const char* what) {
    if (refused_ != nullptr) return false;
    if (memory_ == nullptr || bytes == 0 || memory_->take(bytes)) return true;
    refused_ = what;
    return false;
  }
  void give(uint64_t bytes) {
    if (memory_ != nullptr && bytes > 0) memory_->give(bytes);
  }

  // Why the check stopped: "memory limit while WHAT; refused ..." (the
  // budget's refusal()), or the time budget's reason. REQUIRES: stopped().
  std::string reason() const {
    if (refused_ != nullptr)
      return std::string("memory limit while ") + refused_ + "; " + memory_->refusal();
    const char* why = time_.reason();
    return why ? why : Budget::kTimeout;
  }
  bool memory_refused() const { return refused_ != nullptr; }

  Budget& time() { return time_; }

 private:
  MemoryBudget* memory_;
  Budget& time_;
  const char* refused_ = nullptr;
  bool timed_out_ = false;
  uint32_t polls_ = 0;
};

// Bytes held from a Limits for one structure; given back when destroyed.
class Charge {
 public:
  Charge() = default;
  explicit Charge(Limits& limits) : limits_(&limits) {}
  ~Charge() { release(); }
  Charge(Charge&& o) noexcept : limits_(o.limits_), bytes_(o.bytes_) { o.bytes_ = 0; }
  Charge& operator=(Charge&& o) noexcept {
    if (this != &o) {
      release();
      limits_ = o.limits_;
      bytes_ = o.bytes_;
      o.bytes_ = 0;
    }
    return *this;
  }

  void attach(Limits& limits) { limits_ = &limits; }
  // Makes the held total `bytes`: takes the difference (false when refused,
  // holding what it held), or gives it back.
  bool resize_to(uint64_t bytes, const char* what) {
    if (limits_ == nullptr) return true;
    if (bytes > bytes_) {
      if (!limits_->take(bytes - bytes_, what)) return false;
    } else {
      limits_->give(bytes_ - bytes);
    }
    bytes_ = bytes;
    return true;
  }
  bool add(uint64_t bytes, const char* what) { return resize_to(bytes_ + bytes, what); }
  void release() {
    if (limits_ != nullptr) limits_->give(bytes_);
    bytes_ = 0;
  }
  uint64_t bytes() const { return bytes_; }

 private:
  Limits* limits_ = nullptr;
  uint64_t bytes_ = 0;
};

// Makes room in `v` for `more` elements, taking the new block's bytes from
// `c` (which charges `v` alone) before it is allocated; the old block is held
// too while its elements move. Grows the capacity to at least double. False
// when refused.
template <class T>
bool grow(Charge& c, std::vector<T>& v, const char* what, size_t more = 1) {
  if (v.size() + more <= v.capacity()) return true;
  size_t cap = std::max<size_t>({v.size() + more, v.capacity() * 2, 16});
  if (!c.add(uint64_t{cap} * sizeof(T), what)) return false;
  v.reserve(cap);
  c.resize_to(uint64_t{v.capacity()} * sizeof(T), what);
  return true;
}

// Reserves exactly `n` elements in `v`, taking first; when `v` has a block
// already, `c` must charge `v` alone (both blocks are held while elements
// move, then the old one is given back).
template <class T>
bool reserve(Charge& c, std::vector<T>& v, size_t n, const char* what) {
  if (n <= v.capacity()) return true;
  if (!c.add(uint64_t{n} * sizeof(T), what)) return false;
  const bool had = v.capacity() > 0;
  v.reserve(n);
  if (had) c.resize_to(uint64_t{v.capacity()} * sizeof(T), what);
  return true;
}

// Sizes an empty `v` to `n` copies of `x`, taking first.
template <class T>
bool assign(Charge& c, std::vector<T>& v, size_t n, const T& x, const char* what) {
  if (!reserve(c, v, n, what)) return false;
  v.assign(n, x);
  return true;
}

}  // namespace ariadne::txn
