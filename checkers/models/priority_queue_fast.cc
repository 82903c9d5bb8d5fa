// The fast procedure of priority-queue (issue 16): exact when every
// inserted element is unique in the partition (else it declines, naming the
// element). Elements of equal priority are ties: an extract-min may return
// any of them.
//
// Reading (collection_fast.h: doubled times, indexing). An element x has an
// insert I_x and at most one ok extract D_x. An *orphan* is an element no ok
// extract returns: one whose insert crashed is left out (an extra element
// only blocks others), one inserted ok stays in unless a crashed extract
// takes it while it is least. A crashed extract ("token") may take effect
// at any point after its call, so once called all tokens are alike.
//
// The sweep walks the calls and returns in time order and builds a
// linearization, so a sweep that finishes proves the partition valid. At
// each point it applies the moves that are safe whatever comes later, until
// none applies (a fixed point):
//  (a) extract a present least element whose extract has been called;
//  (b) place the called empty extracts when nothing is present;
//  (c) insert and at once extract an element whose insert and extract have
//      both been called, when it is no greater than every present element.
// At an op's return it must be placed: an insert goes in; an extract of x
// first removes every present element of lower priority (by (a), or an
// orphan by a token), then x goes in if it is not and out; an empty extract
// removes everything the same way.
//
// Why a stuck sweep proves a violation when no token is in play (no crashed
// extract was called before the stuck return, or no ok insert of an orphan
// returned before it: an orphan inserted later can be inserted after the
// return, so no token takes anything that matters before it). Take any
// linearization L that extends the sweep's prefix, and the ops S it places
// after the prefix and before the op k whose return the sweep is at. Every
// op of S has been called; an insert of S whose element does not leave in
// S can move after k (inserting later only unblocks). What is left of S
// starts with an extract or an empty extract: an extract of a present
// element can only be of a least one (the least present one's extract is
// not called, else (a) had taken it, and it cannot leave in S), so it is of
// an element inserted in S, no greater than every present one, which (c)
// would have moved; an empty one needs nothing present, which (b) would
// have placed. So S holds only inserts, and k's placement is forced as the
// sweep does it: if that is impossible, no L exists. Moves (a)-(c) keep
// some L when one exists (moving an extract earlier, or an element's whole
// life into one instant, only unblocks others). Ties change nothing here:
// "least" is "no greater than".
//
// Tokens. When a token was called before the stuck return and an ok-inserted
// orphan was in before it, a linearization may have spent tokens earlier or
// on other orphans than the sweep did: the sweep tries twice, tokens spent
// only when a return needs them (lazy), then whenever an orphan is least
// (eager); either finishing proves validity. Otherwise the procedure looks
// for violations that hold whatever the tokens did: the exact bag check
// (collection_fast.cc), and an element y extracted while a lower x was in
// for certain (I_x returned before D_y began, D_y returned before D_x began,
// or x never left and the partition has no crashed extract). If none
// applies it declines, saying so: that shape (tokens and orphans in play
// before the op the sweep is stuck at) is the one not decided exactly.
//
// Cost: O(n log n) (sorting, ordered sets, a Fenwick tree).
#include <algorithm>
#include <set>

#include "models/collection_fast.h"
#include "models/collection_procedures.h"

namespace ariadne::models {

namespace {

using collection::Indexed;
using collection::Item;
using collection::kNone;
using collection::kOpen;

constexpr const char* kName = "priority-queue: unique elements (exact sweep)";
constexpr int64_t kAbove = INT64_MAX;  // a rank above every element's

// Priority ranks: equal priorities, equal ranks; rank r is the position of
// the first element of its priority in ascending order.
std::vector<int64_t> ranks(const Indexed& x) {
  std::vector<int32_t> order(x.items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::vector<Value> prio(x.items.size());
  for (size_t i = 0; i < prio.size(); ++i)
    prio[i] = pq_priority_of(Value::from_bits(x.items[i].bits));
  std::sort(order.begin(), order.end(),
            [&](int32_t a, int32_t b) { return compare(prio[a], prio[b]) < 0; });
  std::vector<int64_t> rank(order.size());
  for (size_t k = 0; k < order.size(); ++k)
    rank[order[k]] = k > 0 && compare(prio[order[k]], prio[order[k - 1]]) == 0
                         ? rank[order[k - 1]]
                         : static_cast<int64_t>(k);
  return rank;
}

class Sweep {
 public:
  Sweep(const FastInput& in, const Indexed& x, const std::vector<int64_t>& rank, bool eager)
      : in_(in),
        x_(x),
        rank_(rank),
        eager_(eager),
        placed_(in.ops.size()),
        ins_called_(x.items.size()),
        rem_called_(x.items.size()),
        present_(x.items.size()) {}

  // True when it built a linearization; else `stuck` (kNone: out of time).
  bool run(int32_t& stuck) {
    return collection::walk_in_time_order(
        in_, x_, [&](int32_t k) { call(k); }, [&](int32_t k) { return returned(k); },
        [&] { settle(); }, stuck);
  }

  // After a stuck return: the least element in its way.
  int32_t blocker() const { return blocker_; }

 private:
  using Set = std::set<std::pair<int64_t, int32_t>>;  // (rank, item)

  bool is_insert(int32_t k) const { return in_.ops[k].code == kPqInsert; }
  bool orphan(int32_t item) const { return x_.items[item].remove == kNone; }
  std::pair<int64_t, int32_t> key(int32_t item) const { return {rank_[item], item}; }
  int64_t least() const { return in_box_.empty() ? kAbove : in_box_.begin()->first; }

  void call(int32_t k) {
    int32_t item = x_.item_of[k];
    if (is_insert(k)) {
      if (orphan(item) && in_.ops[k].crashed) return;  // left out
      ins_called_[item] = true;
      if (!orphan(item) && rem_called_[item]) pairs_.insert(key(item));
    } else if (in_.ops[k].crashed) {
      ++tokens_;
    } else if (item == kNone) {
      empties_.push_back(k);
    } else {
      rem_called_[item] = true;
      if (present_[item])
        ready_.insert(key(item));
      else if (ins_called_[item])
        pairs_.insert(key(item));
    }
  }

  void put(int32_t item) {
    placed_[x_.items[item].insert] = true;
    present_[item] = true;
    in_box_.insert(key(item));
    pairs_.erase(key(item));
    if (orphan(item))
      orphans_.insert(key(item));
    else if (rem_called_[item])
      ready_.insert(key(item));
  }

  // `by`: the ok extract, or kNone for a token.
  void take(int32_t item, int32_t by) {
    present_[item] = false;
    in_box_.erase(key(item));
    ready_.erase(key(item));
    orphans_.erase(key(item));
    if (by != kNone)
      placed_[by] = true;
    else
      --tokens_;
  }

  // Removes every present element of rank below r, least first.
  bool clear_below(int64_t r) {
    while (least() < r) {
      int64_t r0 = least();
      if (!ready_.empty() && ready_.begin()->first == r0) {
        int32_t item = ready_.begin()->second;
        take(item, x_.items[item].remove);
      } else if (tokens_ > 0 && !orphans_.empty() && orphans_.begin()->first == r0) {
        take(orphans_.begin()->second, kNone);
      } else {
        blocker_ = in_box_.begin()->second;
        return false;
      }
    }
    return true;
  }

  bool returned(int32_t k) {
    if (placed_[k]) return true;
    int32_t item = x_.item_of[k];
    if (is_insert(k)) {
      put(item);
      return true;
    }
    if (item == kNone) {
      if (!clear_below(kAbove)) return false;
      placed_[k] = true;
      return true;
    }
    if (!clear_below(rank_[item])) return false;
    if (!present_[item]) put(item);  // its insert was called: index_removals checked
    take(item, k);
    return true;
  }

  void settle() {
    while (true) {
      if (!ready_.empty() && ready_.begin()->first == least()) {
        int32_t item = ready_.begin()->second;
        take(item, x_.items[item].remove);
        continue;
      }
      if (in_box_.empty()) {
        for (int32_t k : empties_) placed_[k] = true;
        empties_.clear();
      }
      if (!pairs_.empty() && pairs_.begin()->first <= least()) {
        int32_t item = pairs_.begin()->second;
        put(item);
        take(item, x_.items[item].remove);
        continue;
      }
      if (eager_ && tokens_ > 0 && !orphans_.empty() && orphans_.begin()->first == least()) {
        take(orphans_.begin()->second, kNone);
        continue;
      }
      break;
    }
  }

  const FastInput& in_;
  const Indexed& x_;
  const std::vector<int64_t>& rank_;
  bool eager_;
  std::vector<bool> placed_, ins_called_, rem_called_, present_;
  Set in_box_;                    // present elements
  Set ready_;                     // present, their ok extract called
  Set orphans_;                   // present orphans
  Set pairs_;                     // not in, insert and ok extract both called
  std::vector<int32_t> empties_;  // called empty extracts (some maybe placed)
  int64_t tokens_ = 0;            // called crashed extracts not yet spent
  int32_t blocker_ = kNone;
};

// Whether a token and an ok-inserted orphan were both in play before
// doubled time t (then the sweep's stuck proves nothing).
bool tokens_in_play(const FastInput& in, const Indexed& x, int64_t t) {
  bool token = false, orphan = false;
  for (uint32_t c : x.crashed_removals) token = token || x.s[c] < t;
  for (const Item& it : x.items)
    orphan = orphan || (it.remove == kNone && !in.ops[it.insert].crashed && x.e[it.insert] < t);
  return token && orphan;
}

// An element extracted while a lower one was in for certain: witness
// {I_lo, I_hi, D_hi} (with D_lo, which the sub-history may drop).
std::vector<int32_t> lower_left_behind(const FastInput& in, const Indexed& x,
                                       const std::vector<int64_t>& rank) {
  bool may_vanish = !x.crashed_removals.empty();
  std::vector<int32_t> los, his;
  for (size_t i = 0; i < x.items.size(); ++i) {
    const Item& it = x.items[i];
    if (!in.ops[it.insert].crashed && (it.remove != kNone || !may_vanish))
      los.push_back(static_cast<int32_t>(i));
    if (it.remove != kNone) his.push_back(static_cast<int32_t>(i));
  }
  auto leaves = [&](int32_t i) {
    return x.items[i].remove == kNone ? kOpen : x.s[x.items[i].remove];
  };
  std::sort(los.begin(), los.end(),
            [&](int32_t a, int32_t b) { return x.e[x.items[a].insert] < x.e[x.items[b].insert]; });
  std::sort(his.begin(), his.end(),
            [&](int32_t a, int32_t b) { return x.s[x.items[a].remove] < x.s[x.items[b].remove]; });
  // Fenwick tree over ranks: the latest-leaving element of rank < r so far.
  size_t m = x.items.size();
  std::vector<std::pair<int64_t, int32_t>> tree(m + 1, {INT64_MIN, kNone});
  size_t next = 0;
  for (int32_t hi : his) {
    int64_t from = x.s[x.items[hi].remove];
    for (; next < los.size() && x.e[x.items[los[next]].insert] < from; ++next)
      for (size_t p = static_cast<size_t>(rank[los[next]]) + 1; p <= m; p += p & (~p + 1))
        tree[p] = std::max(tree[p], {leaves(los[next]), los[next]});
    std::pair<int64_t, int32_t> best{INT64_MIN, kNone};
    for (size_t p = static_cast<size_t>(rank[hi]); p > 0; p -= p & (~p + 1))
      best = std::max(best, tree[p]);
    if (best.second != kNone && best.first > x.e[x.items[hi].remove]) {
      const Item& lo = x.items[best.second];
      return {lo.insert, lo.remove, x.items[hi].insert, x.items[hi].remove};
    }
  }
  return {};
}

}  // namespace

FastResult priority_queue_fast(const FastInput& in) {
  Indexed x;
  if (auto done = collection::index_removals(in, kPqInsert, kName, x)) return *done;
  std::vector<int64_t> rank = ranks(x);
  Sweep lazy(in, x, rank, false);
  int32_t stuck = kNone;
  if (lazy.run(stuck)) return collection::valid(kName);
  if (stuck == kNone) {
    FastResult r;
    r.verdict = FastVerdict::kUnknown;
    r.reason = in.budget.reason() ? in.budget.reason() : "stopped";
    return r;
  }
  FastResult bag = collection::bag_check(in, x, kName);
  if (bag.verdict == FastVerdict::kInvalid) return bag;
  std::vector<int32_t> pair = lower_left_behind(in, x, rank);
  if (!pair.empty()) return collection::invalid(in, kName, pair);
  if (!tokens_in_play(in, x, x.e[stuck])) {
    int32_t z = lazy.blocker();
    int32_t item = x.item_of[stuck];
    std::vector<int32_t> ops{stuck};
    if (item != kNone) ops.push_back(x.items[item].insert);
    if (z != kNone) {
      ops.push_back(x.items[z].insert);
      ops.push_back(x.items[z].remove);
    }
    return collection::invalid(in, kName, ops);
  }
  Sweep eager(in, x, rank, true);
  int32_t again = kNone;
  if (eager.run(again)) return collection::valid(kName);
  if (auto done = collection::stopped(in)) return *done;
  return collection::declined(
      kName,
      "crashed extract-mins and elements no ok extract-min returns were both in play "
      "before the op of line " +
          std::to_string(collection::line_of(in, stuck)) +
          ", and which elements the crashed ones took is not decided exactly");
}

}  // namespace ariadne::models
