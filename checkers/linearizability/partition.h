// Splitting a history into the partitions whose linearizability is checked
// one by one (P-compositionality, Horn & Kroening 2015): one per key. And
// reading a partition's operations, which lie scattered through the history.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ariadne/history.h"
#include "ariadne/value.h"

namespace ariadne::lin {

struct Partition {
  bool keyed = false;
  Value key;                      // meaningful when keyed
  std::vector<uint32_t> members;  // indices into History::ops, ascending
};

// With `split`: one partition per key, and one for the operations with no
// key (if any). Sorted largest first, then keyed before unkeyed, then by
// key: a total order, so the result is the same at any thread count.
// Without: one unkeyed partition of every operation.
//
// Runs on up to `threads` threads (0: the default): contiguous blocks of
// operations are grouped by key each on its own, then joined in order.
std::vector<Partition> partition_ops(const History& h, bool split, int threads);

namespace detail {

inline void prefetch(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  // GCC 12 -O2 drops a __builtin_prefetch in prepare's loop (dead-code
  // elimination); an asm statement stays.
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

inline void prefetch_event(const History& h, uint32_t e) {
  if (e == Operation::kNoEvent) return;
  const char* at = reinterpret_cast<const char*>(h.events.data() + e);
  prefetch(at);
  prefetch(at + sizeof(Event) - 1);  // an event may straddle two cache lines
}

}  // namespace detail

// Call before reading the k-th of `members` (indices into h.ops) in a loop
// over them in order. Reading them one by one would wait on memory at every
// step; this requests the operation kAhead places ahead and the events of
// the one kAhead / 2 places ahead, so that several loads are in flight at
// once. Only a hint: it changes nothing that is read.
inline void prefetch_member(const History& h, const std::vector<uint32_t>& members, size_t k) {
  constexpr size_t kAhead = 16;
  if (k + kAhead < members.size()) detail::prefetch(h.ops.data() + members[k + kAhead]);
  if (k + kAhead / 2 < members.size()) {
    const Operation& op = h.ops[members[k + kAhead / 2]];
    detail::prefetch_event(h, op.invoke);
    detail::prefetch_event(h, op.complete);
  }
}

}  // namespace ariadne::lin
