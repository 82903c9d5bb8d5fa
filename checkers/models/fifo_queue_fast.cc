// The fast procedure of fifo-queue when every enqueued value is unique in
// the partition (else it declines, naming the value), O(n log n):
//  1. a greedy sweep (ordered_sweep.h) that builds a linearization: built
//     means valid;
//  2. if it gets stuck, violations it can prove: the exact bag check
//     (collection_fast.cc; a FIFO linearization is one of a bag too), then
//     two values that left in the other order than they came: x's enqueue
//     returned before y's was invoked, and y's dequeue returned before x's
//     was invoked (or x never left, and no crashed dequeue could take it);
//  3. otherwise a second sweep that puts ahead of a value no ok dequeue
//     returns every pending value that leaves sooner; built means valid;
//  4. otherwise it declines, and the search decides.
// Crashed ops: a crashed enqueue whose value some ok dequeue returns is an
// enqueue that has no return; one nothing returns is never applied (an
// extra element helps no op). A crashed dequeue takes the head or nothing;
// the sweep uses one only to take a value no ok dequeue returns.
#include <algorithm>

#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/ordered_sweep.h"
#include "models/queue_spec.h"

namespace ariadne::models {

namespace {

using collection::Indexed;
using collection::Item;
using collection::kNone;
using collection::kOpen;

// Values x, y with x ahead of y for certain (x's enqueue returned before
// y's began) while y's dequeue returned before x's began. A value no ok
// dequeue returns counts as leaving never, unless some crashed dequeue
// could take it.
std::vector<int32_t> out_of_order(const Indexed& x) {
  bool may_vanish = !x.crashed_removals.empty();
  std::vector<const Item*> by_end, by_start;
  for (const Item& it : x.items) {
    if (it.remove != kNone) by_start.push_back(&it);
    if (it.remove != kNone || (!may_vanish && x.e[it.insert] != kOpen)) by_end.push_back(&it);
  }
  auto leaves = [&](const Item* it) { return it->remove == kNone ? kOpen : x.s[it->remove]; };
  std::sort(by_end.begin(), by_end.end(),
            [&](const Item* a, const Item* b) { return x.e[a->insert] < x.e[b->insert]; });
  std::sort(by_start.begin(), by_start.end(),
            [&](const Item* a, const Item* b) { return x.s[a->insert] < x.s[b->insert]; });
  size_t k = 0;
  const Item* latest = nullptr;  // of those enqueued before, the one that may leave last
  for (const Item* y : by_start) {
    for (; k < by_end.size() && x.e[by_end[k]->insert] < x.s[y->insert]; ++k)
      if (!latest || leaves(by_end[k]) > leaves(latest)) latest = by_end[k];
    if (latest && leaves(latest) > x.e[y->remove])
      return {latest->insert, latest->remove, y->insert, y->remove};
  }
  return {};
}

}  // namespace

FastResult fifo_queue_fast(const FastInput& in) {
  static constexpr const char* kName = "fifo-queue: unique values (greedy sweep)";
  Indexed x;
  if (auto done = collection::index_removals(in, lin::QueueModel::kEnqueue, kName, x)) return *done;
  int32_t stuck = kNone;
  if (collection::ordered_sweep(in, x, /*lifo=*/false, /*eager=*/false, stuck))
    return collection::valid(kName);
  if (stuck == kNone) {
    FastResult r;
    r.verdict = FastVerdict::kUnknown;
    r.reason = in.budget.reason() ? in.budget.reason() : "stopped";
    return r;
  }
  FastResult bag = collection::bag_check(in, x, kName);
  if (bag.verdict == FastVerdict::kInvalid) return bag;
  std::vector<int32_t> pair = out_of_order(x);
  if (!pair.empty()) return collection::invalid(in, kName, pair);
  // No violation proved: the other order of inserts, once.
  int32_t again = kNone;
  if (collection::ordered_sweep(in, x, /*lifo=*/false, /*eager=*/true, again))
    return collection::valid(kName);
  return collection::declined(kName, collection::stuck_reason(in, stuck));
}

}  // namespace ariadne::models
