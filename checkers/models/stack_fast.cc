// The fast procedure of stack when every pushed value is unique in the
// partition (else it declines, naming the value):
//  1. a greedy sweep (ordered_sweep.h) that builds a linearization: built
//     means valid (O(n log n));
//  2. if it gets stuck, violations it can prove: the exact bag check
//     (collection_fast.cc; a stack linearization is one of a bag too), then
//     a value popped from under another: x pushed before y was pushed, y
//     pushed before x's pop began, x's pop returned before y's pop began
//     (or y never left, and no crashed pop could take it). This last
//     pattern is looked for by pairs, in partitions of at most 4096 values;
//  3. otherwise it declines, and the search decides.
// Crashed ops are read as in fifo_queue_fast.cc: a crashed push that no ok
// pop returns is never applied, a crashed pop takes the top or nothing.
#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/ordered_sweep.h"

namespace ariadne::models {

namespace {

using collection::Indexed;
using collection::Item;
using collection::kNone;
using collection::kOpen;

constexpr size_t kMaxPairValues = 4096;

std::vector<int32_t> popped_from_under(const Indexed& x) {
  if (x.items.size() > kMaxPairValues) return {};
  bool may_vanish = !x.crashed_removals.empty();
  for (const Item& lo : x.items) {
    if (lo.remove == kNone) continue;
    for (const Item& hi : x.items) {
      if (&hi == &lo) continue;
      if (hi.remove == kNone && (may_vanish || x.e[hi.insert] == kOpen)) continue;
      int64_t hi_leaves = hi.remove == kNone ? kOpen : x.s[hi.remove];
      if (x.e[lo.insert] < x.s[hi.insert] && x.e[hi.insert] < x.s[lo.remove] &&
          x.e[lo.remove] < hi_leaves)
        return {lo.insert, lo.remove, hi.insert, hi.remove};
    }
  }
  return {};
}

}  // namespace

FastResult stack_fast(const FastInput& in) {
  static constexpr const char* kName = "stack: unique values (greedy sweep)";
  Indexed x;
  if (auto done = collection::index_removals(in, kStackPush, kName, x)) return *done;
  int32_t stuck = kNone;
  if (collection::ordered_sweep(in, x, /*lifo=*/true, /*eager=*/false, stuck))
    return collection::valid(kName);
  if (stuck == kNone) {
    FastResult r;
    r.verdict = FastVerdict::kUnknown;
    r.reason = in.budget.reason() ? in.budget.reason() : "stopped";
    return r;
  }
  FastResult bag = collection::bag_check(in, x, kName);
  if (bag.verdict == FastVerdict::kInvalid) return bag;
  std::vector<int32_t> pair = popped_from_under(x);
  if (!pair.empty()) return collection::invalid(in, kName, pair);
  return collection::declined(kName, collection::stuck_reason(in, stuck));
}

}  // namespace ariadne::models
