// The fast procedure of stack when every pushed value is unique in the
// partition (else it declines, naming the value): decrease and conquer
// (after Lee & Mathur, OOPSLA 2025), O(n log n): remove a value whose
// removal keeps the answer, until none is left or none can be removed.
//
// Reading. Time is doubled (collection_fast.h); T is the sorted distinct
// endpoints, gap g the open stretch (T[g], T[g+1]) (the last one ends at
// infinity). A value pushed by P and popped by an ok pop Q is in the stack
// for certain from P.e to Q.s (none when P.e > Q.s: push and pop can then
// go side by side at one instant, which fits into any linearization of the
// rest, so the value never matters). A *leftover* (pushed ok, popped by no
// ok op) is in for certain from P.e on, unless a crashed pop C takes it, at
// any point after C.s. A gap is *free* when no value need be in there.
//
// With each leftover's crashed pop fixed (kMatched), as in the paper:
//  1. There is a linearization empty in any set of free gaps at once, if
//     there is one at all. So an empty pop needs a free gap and nothing
//     more (the empty pops are checked, then left out).
//  2. A value whose push interval and pop interval each hold a free gap (a
//     leftover: its push interval; it is popped last, or never) can be
//     removed: in a linearization of the rest empty in both gaps, push it
//     in the first and pop it in the second, below everything between.
//     Conversely the first value pushed in a linearization has its push
//     just after an empty stretch and its pop just before one: when no
//     value can be removed, the history is not linearizable.
//  3. Removing values only frees gaps: the order of removals is free.
// Which leftover each crashed pop takes is the choice; see stack_fast()
// for how it is made exactly or declined.
// Crashed pushes: one whose value an ok pop returned took effect (its
// interval has no end, so its value never matters, as above); one whose
// value nobody returned is left out (an extra element helps no op).
//
// Cost: segment trees over the gaps (how many values are in for certain,
// range updates; each gap found free once) and over the intervals waiting
// for a free gap (each found once).
#include <algorithm>
#include <set>
#include <vector>

#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/min_tree.h"

namespace ariadne::models {

namespace {

using collection::Indexed;
using collection::Item;
using collection::kGone;
using collection::kNone;
using collection::kOpen;
using collection::MinTree;

constexpr size_t kMaxPairValues = 4096;

struct Range {
  size_t lo, hi;  // gaps
  int32_t item;   // an item, or ~k for the empty pop x.empties[k]
};

// The decrease and conquer over one reading of the crashed pops:
//  * kCounted: leftovers are free where #{u : u.P.e < gap} <= #{C : C.s <
//    gap} among the leftovers not yet removed (the best matching at every
//    gap at once, which may differ from gap to gap), and the empty pops are
//    removed like values. Every linearization is one of some matching, and
//    has at each gap at least as many leftovers in for certain as counted
//    here, so its first op can always be removed (fact 2's converse): when
//    this gets stuck the history is not linearizable.
//  * kMatched: each leftover u has the fixed release `release[u]` (a
//    crashed pop's start; kOpen: none) and is in the stack for certain from
//    u.P.e to it; the empty pops need a free gap at the start (fact 1) and
//    are left out. Exact for that matching (facts 1-3).
class Peeling {
 public:
  enum Mode { kCounted, kMatched };
  Peeling(const FastInput& in, const Indexed& x, Mode mode, const std::vector<int64_t>& release)
      : in_(in), x_(x), mode_(mode), release_(release) {}

  // True when every value could be removed; false when some could not
  // (`left` lists the items left) or time ran out (`stopped`). kCounted
  // also sets `deadline`: per leftover u, the left end of the first gap
  // after u.P.e that an op removed before u was placed in (u must be gone
  // by then: those gaps are empty in what is built inside them), or kOpen.
  bool run(std::vector<int32_t>& left, std::vector<int64_t>& deadline, bool& stopped);

 private:
  size_t gap(int64_t t) const {  // the first gap after endpoint t
    return static_cast<size_t>(std::lower_bound(ends_.begin(), ends_.end(), t) - ends_.begin());
  }
  // The gaps of an interval [s, e]: [gap(s), gap(e) - 1].
  Range range(int32_t op, int32_t item) const {
    size_t hi = x_.e[op] == kOpen ? ends_.size() - 1 : gap(x_.e[op]) - 1;
    return {gap(x_.s[op]), hi, item};
  }
  bool popped(const Item& it) const { return it.remove != kNone; }
  bool leftover(const Item& it) const { return !popped(it) && !in_.ops[it.insert].crashed; }
  // The gaps where the item is in the stack for certain: [lo, hi], or
  // false when there are none (it never matters). Leftovers under kCounted
  // are counted instead.
  bool stretch(int32_t item, size_t& lo, size_t& hi) const {
    const Item& it = x_.items[item];
    int64_t from = x_.e[it.insert];
    int64_t to = popped(it) ? x_.s[it.remove] : release_[item];
    if (from == kOpen || from > to) return false;
    lo = gap(from);
    hi = to == kOpen ? ends_.size() - 1 : gap(to) - 1;
    return true;
  }
  void freed(size_t g, int which);
  void remove(int32_t item);

  const FastInput& in_;
  const Indexed& x_;
  Mode mode_;
  const std::vector<int64_t>& release_;
  std::vector<int64_t> ends_;
  std::vector<uint8_t> zero_;  // per gap: bit 1 no critical stretch, bit 2 leftovers matched
  std::vector<size_t> queue_;  // free gaps not yet handed to the waiting intervals
  std::vector<int32_t> need_;  // per item: intervals still waiting for a free gap
  std::vector<Range> ranges_;  // sorted by lo
  std::vector<size_t> los_;
  MinTree* crit_ = nullptr;     // per gap: critical stretches covering it
  MinTree* surplus_ = nullptr;  // per gap (kCounted): leftovers pushed minus crashed pops begun
};

void Peeling::freed(size_t g, int which) {
  zero_[g] |= which;
  if (zero_[g] == 3) queue_.push_back(g);
}

void Peeling::remove(int32_t item) {
  size_t lo = 0, hi = 0;
  if (mode_ == kCounted && leftover(x_.items[item])) {
    lo = gap(x_.e[x_.items[item].insert]);
    hi = ends_.size() - 1;
    surplus_->add(lo, hi, -1);
    surplus_->take(lo, hi, 0, [&](size_t g) { freed(g, 2); });
  } else if (stretch(item, lo, hi)) {
    crit_->add(lo, hi, -1);
    crit_->take(lo, hi, 0, [&](size_t g) { freed(g, 1); });
  }
}

bool Peeling::run(std::vector<int32_t>& left, std::vector<int64_t>& deadline, bool& stopped) {
  size_t n = in_.ops.size();
  for (size_t i = 0; i < n; ++i) {
    ends_.push_back(x_.s[i]);
    if (x_.e[i] != kOpen) ends_.push_back(x_.e[i]);
  }
  std::sort(ends_.begin(), ends_.end());
  ends_.erase(std::unique(ends_.begin(), ends_.end()), ends_.end());
  size_t m = ends_.size();
  std::vector<int64_t> crit(m + 1, 0), surplus(m + 1, 0);  // difference arrays
  need_.assign(x_.items.size(), 0);
  size_t waiting = 0;  // items and empty pops to remove
  for (size_t k = 0; k < x_.items.size(); ++k) {
    const Item& it = x_.items[k];
    auto item = static_cast<int32_t>(k);
    size_t lo = 0, hi = 0;
    if (mode_ == kCounted && leftover(it)) {
      ++surplus[gap(x_.e[it.insert])];
    } else if (!stretch(item, lo, hi)) {
      continue;  // never in for certain: it never matters
    } else {
      ++crit[lo];
      --crit[hi + 1];
    }
    ranges_.push_back(range(it.insert, item));
    need_[k] = 1;
    if (popped(it)) {  // a leftover is never popped, or popped last
      ranges_.push_back(range(it.remove, item));
      need_[k] = 2;
    }
    ++waiting;
  }
  if (mode_ == kCounted) {
    for (uint32_t c : x_.crashed_removals) --surplus[gap(x_.s[c])];
    for (size_t k = 0; k < x_.empties.size(); ++k) {
      ranges_.push_back(range(static_cast<int32_t>(x_.empties[k]), ~static_cast<int32_t>(k)));
      ++waiting;
    }
  }
  for (size_t g = 1; g < m; ++g) {
    crit[g] += crit[g - 1];
    surplus[g] += surplus[g - 1];
  }
  crit.resize(m);
  surplus.resize(m);
  MinTree crit_tree(crit), surplus_tree(surplus);
  crit_ = &crit_tree;
  surplus_ = &surplus_tree;
  zero_.assign(m, 0);
  crit_tree.take(0, m - 1, 0, [&](size_t g) { freed(g, 1); });
  surplus_tree.take(0, m - 1, 0, [&](size_t g) { freed(g, 2); });
  if (mode_ == kMatched) {  // fact 1: each empty pop needs a gap free at the start
    std::vector<size_t> free_before(m + 1, 0);
    for (size_t g = 0; g < m; ++g) free_before[g + 1] = free_before[g] + (zero_[g] == 3);
    for (uint32_t e : x_.empties) {
      Range r = range(static_cast<int32_t>(e), 0);
      if (free_before[r.hi + 1] == free_before[r.lo]) return false;
    }
  }

  // The intervals waiting for a free gap, by lo; a MinTree of -hi finds
  // those holding gap g: lo <= g (a prefix) and -hi <= -g.
  std::sort(ranges_.begin(), ranges_.end(),
            [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<int64_t> his;
  for (const Range& r : ranges_) {
    los_.push_back(r.lo);
    his.push_back(-static_cast<int64_t>(r.hi));
  }
  MinTree waiting_tree(his.empty() ? std::vector<int64_t>{kGone} : his);
  deadline.assign(x_.items.size(), kOpen);
  std::vector<size_t> placed(x_.items.size(), 0);  // per item: its push's gap
  std::set<size_t> used;                           // gaps ops removed so far were placed in
  size_t steps = 0;
  // kCounted removes the empty pops and leftovers first and a popped value
  // only when nothing else can go: a leftover removed before a value can go
  // below it and needs no crashed pop, so the deadlines are fewer.
  std::vector<std::pair<int32_t, size_t>> ready;  // popped values (kCounted), with a gap
  while ((!queue_.empty() || !ready.empty()) && waiting > 0) {
    if ((++steps & 0xfff) == 0 && in_.budget.reason()) {
      stopped = true;
      return false;
    }
    if (queue_.empty()) {
      auto [item, g] = ready.back();
      ready.pop_back();
      used.insert(placed[item]);
      used.insert(g);
      remove(item);
      continue;
    }
    size_t g = queue_.back();
    queue_.pop_back();
    size_t end = static_cast<size_t>(std::upper_bound(los_.begin(), los_.end(), g) - los_.begin());
    if (end == 0) continue;
    waiting_tree.take(0, end - 1, -static_cast<int64_t>(g), [&](size_t r) {
      int32_t item = ranges_[r].item;
      if (item >= 0 && --need_[item] > 0) {
        placed[item] = g;  // a popped value's first interval found a gap
        return;
      }
      --waiting;
      if (mode_ == kMatched) {
        if (item >= 0) remove(item);
        return;
      }
      if (item < 0) {
        used.insert(g);
        return;
      }
      const Item& it = x_.items[item];
      if (!leftover(it)) {
        ready.push_back({item, g});
        return;
      }
      auto after = used.lower_bound(gap(x_.e[it.insert]));  // its own gap is not used
      if (after != used.end()) deadline[item] = ends_[*after];
      remove(item);
    });
  }
  for (size_t k = 0; k < need_.size(); ++k)
    if (need_[k] > 0) left.push_back(static_cast<int32_t>(k));
  return waiting == 0;
}

// A hint for shrinking: among `left`, a value x popped from under y: x
// pushed before y was pushed, y pushed before x's pop began, x's pop
// returned before y's pop began (or y never left and no crashed pop could
// take it). By pairs, so only when at most kMaxPairValues values are left.
std::vector<int32_t> popped_from_under(const Indexed& x, const std::vector<int32_t>& left) {
  if (left.size() > kMaxPairValues) return {};
  bool may_vanish = !x.crashed_removals.empty();
  for (int32_t a : left) {
    const Item& lo = x.items[a];
    if (lo.remove == kNone) continue;
    for (int32_t b : left) {
      const Item& hi = x.items[b];
      if (a == b || (hi.remove == kNone && may_vanish)) continue;
      int64_t hi_leaves = hi.remove == kNone ? kOpen : x.s[hi.remove];
      if (x.e[lo.insert] < x.s[hi.insert] && x.e[hi.insert] < x.s[lo.remove] &&
          x.e[lo.remove] < hi_leaves)
        return {lo.insert, lo.remove, hi.insert, hi.remove};
    }
  }
  return {};
}

// A matching of crashed pops to leftovers for kMatched, from kCounted's
// deadlines: by deadline, each leftover that has one takes the earliest
// crashed pop left (an earlier one only shortens its stretch); then the
// others take what is left.
std::vector<int64_t> match(const FastInput& in, const Indexed& x,
                           const std::vector<int64_t>& deadline) {
  std::vector<int64_t> release(x.items.size(), kOpen);
  std::vector<int64_t> starts;
  for (uint32_t c : x.crashed_removals) starts.push_back(x.s[c]);
  std::sort(starts.begin(), starts.end());
  std::vector<int32_t> leftovers;
  for (size_t k = 0; k < x.items.size(); ++k) {
    const Item& it = x.items[k];
    if (it.remove == kNone && !in.ops[it.insert].crashed)
      leftovers.push_back(static_cast<int32_t>(k));
  }
  std::stable_sort(leftovers.begin(), leftovers.end(),
                   [&](int32_t a, int32_t b) { return deadline[a] < deadline[b]; });
  for (size_t k = 0; k < leftovers.size() && k < starts.size(); ++k)
    release[leftovers[k]] = starts[k];
  return release;
}

FastResult stopped_result(const FastInput& in) {
  FastResult r;
  r.verdict = FastVerdict::kUnknown;
  r.reason = in.budget.reason() ? in.budget.reason() : "stopped";
  return r;
}

}  // namespace

FastResult stack_fast(const FastInput& in) {
  static constexpr const char* kName = "stack: unique values (decrease and conquer)";
  Indexed x;
  if (auto done = collection::index_removals(in, kStackPush, kName, x)) return *done;
  // The empty pops: exact for a bag, and for a stack the same condition.
  FastResult bag = collection::bag_check(in, x, kName);
  if (bag.verdict == FastVerdict::kInvalid) return bag;
  if (x.items.empty()) return collection::valid(kName);
  std::vector<int64_t> release(x.items.size(), kOpen);
  bool choice = false;  // whether crashed pops may take leftovers
  if (!x.crashed_removals.empty())
    for (const Item& it : x.items) choice |= it.remove == kNone && !in.ops[it.insert].crashed;
  // With a choice: the counted pass relaxes every matching (stuck: invalid);
  // the matching built from it is confirmed exactly (valid), or declined.
  std::vector<int32_t> left;
  std::vector<int64_t> deadline;
  bool stopped = false;
  Peeling::Mode first = choice ? Peeling::kCounted : Peeling::kMatched;
  if (!Peeling(in, x, first, release).run(left, deadline, stopped)) {
    if (stopped) return stopped_result(in);
    return collection::invalid(in, kName, popped_from_under(x, left));
  }
  if (!choice) return collection::valid(kName);
  release = match(in, x, deadline);
  left.clear();
  if (Peeling(in, x, Peeling::kMatched, release).run(left, deadline, stopped))
    return collection::valid(kName);
  if (stopped) return stopped_result(in);
  return collection::declined(kName,
                              "crashed pops: no matching of crashed pops to the values no ok pop "
                              "returned was confirmed (docs/fast-paths.md, stack)");
}

}  // namespace ariadne::models
