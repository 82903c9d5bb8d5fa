// The fast procedure of fifo-queue when every enqueued value is unique in
// the partition (else it declines, naming the value): an exact decision,
// O(n log n), in the decrease-and-conquer style of Lee & Mathur (OOPSLA
// 2025): it picks the queue's values in FIFO order, each time one that can
// be first among those left without losing a linearization, and answers
// invalid when none can.
//
// Reading (doubled time, collection_fast.h; "start" and "end" are an
// interval's ends):
//  * R: values an ok dequeue returned: enqueue E (ok, or crashed: no end)
//    and dequeue D. D' = max(D.s, E.s), since D's point follows E's.
//  * U: values enqueued ok that no ok dequeue returned. Each is either taken
//    by a crashed dequeue (its dequeue then has the crashed op's start and
//    no end) or stays in the queue for good, behind every value that
//    leaves. Crashed enqueues no ok dequeue returned are left out: an extra
//    element helps no operation.
//  * M: empty dequeues (ok, returned nil): the queue is empty at their point.
//  * crashed dequeues, by start c_1 <= c_2 <= ...: the k-th value they take
//    in FIFO order may as well be taken by the one with start c_k.
//
// A linearization picks points; in FIFO order the enqueue points rise and so
// do the dequeue points, and an empty dequeue's point lies after every
// earlier value's dequeue point and before every later one's enqueue point.
// Placing values and empty dequeues in that order, the earliest points are
// maxima of starts: the state is (T_E, T_D), the latest start among the
// enqueue points placed and among all points placed. An item can go next
// ("is ready") iff its starts, maxed with the state, are below the end of
// every item left (its own included). The rules, each kept by an exchange
// argument on any linearization of what is left:
//  1. a ready empty dequeue (the one that starts first) goes first: moving
//     it to the front only lowers the state of what followed it;
//  2. else a ready value of R, the one with the least D': moving it to the
//     front leaves every later empty dequeue's point where it was, because
//     that point already follows the D' of the first value of R placed;
//  3. else (no value of R and no empty dequeue ready) the value of U with
//     the earliest enqueue end, taken by the next crashed dequeue: whatever
//     comes first of R and M in a linearization is not ready now only
//     because a value of U must be enqueued before it, and that value's
//     enqueue ends no sooner than this one's, so this one is taken before
//     it too;
//  4. once R and M are placed, the values of U left stay in the queue, in
//     order of enqueue end.
// Rule 2's argument needs the first item of the linearization to be in R,
// or the chosen value's D' not to move any empty dequeue (may_guess). When
// neither is sure, taking a value of U first might be the only way on; the
// procedure notes that it guessed. Built means valid either way (what it
// placed is a linearization); stuck means invalid unless it guessed. Then
// it tries once more with rule 3 at the guess (built: valid), looks for a
// violation it can prove (the exact bag check, two values out of order)
// and, finding none, declines with the guess's line.
#include <algorithm>
#include <queue>

#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/queue_spec.h"

namespace ariadne::models {

namespace {

using collection::Indexed;
using collection::Item;
using collection::kNone;
using collection::kOpen;

constexpr const char* kName = "fifo-queue: unique values (decrease and conquer)";
constexpr int64_t kLow = INT64_MIN;

// Values x, y with x ahead of y for certain (x's enqueue returned before
// y's began) while y's dequeue returned before x's began. A value no ok
// dequeue returns counts as leaving never, unless some crashed dequeue
// could take it. Exact; used for a small witness.
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

// A value of R or U.
struct Val {
  int64_t es, ee;  // enqueue
  int64_t dp, de;  // R: D' and the dequeue's end; U: unused
  int32_t item;
  bool left = false;  // placed
};

struct Empty {
  int64_t s, e;
  int32_t op;
};

enum class Outcome { kBuilt, kStuck, kStopped };

class Decision {
 public:
  // divert: the step at which rule 3 goes before rule 2 (a second try
  // after a guess; SIZE_MAX: none).
  Decision(const FastInput& in, const Indexed& x, size_t divert = SIZE_MAX)
      : in_(in), x_(x), divert_(divert) {
    for (size_t i = 0; i < x.items.size(); ++i) {
      const Item& it = x.items[i];
      Val v{x.s[it.insert], x.e[it.insert], kLow, kOpen, static_cast<int32_t>(i)};
      if (it.remove != kNone) {
        v.dp = std::max(x.s[it.remove], v.es);
        v.de = x.e[it.remove];
        r_.push_back(static_cast<int32_t>(vals_.size()));
      } else if (!in.ops[it.insert].crashed) {
        u_.push_back(static_cast<int32_t>(vals_.size()));
      } else {
        continue;  // a crashed enqueue nobody dequeued: never applied
      }
      vals_.push_back(v);
    }
    for (uint32_t k : x.empties) empties_.push_back({x.s[k], x.e[k], static_cast<int32_t>(k)});
    for (uint32_t k : x.crashed_removals) crashed_.push_back(x.s[k]);
    std::sort(crashed_.begin(), crashed_.end());
    std::sort(empties_.begin(), empties_.end(),
              [](const Empty& a, const Empty& b) { return a.s < b.s; });
    by_e_end_.resize(vals_.size());
    for (size_t i = 0; i < vals_.size(); ++i) by_e_end_[i] = static_cast<int32_t>(i);
    std::sort(by_e_end_.begin(), by_e_end_.end(),
              [&](int32_t a, int32_t b) { return vals_[a].ee < vals_[b].ee; });
    // Ends of dequeues of R (>= 0: a value) and of empty dequeues (~k).
    for (int32_t v : r_) by_d_end_.push_back({vals_[v].de, v});
    for (size_t k = 0; k < empties_.size(); ++k)
      by_d_end_.push_back({empties_[k].e, ~static_cast<int32_t>(k)});
    std::sort(by_d_end_.begin(), by_d_end_.end());
    r_by_e_end_ = r_;
    std::sort(r_by_e_end_.begin(), r_by_e_end_.end(),
              [&](int32_t a, int32_t b) { return vals_[a].ee < vals_[b].ee; });
    std::sort(r_.begin(), r_.end(),
              [&](int32_t a, int32_t b) { return vals_[a].es < vals_[b].es; });
    std::sort(u_.begin(), u_.end(),
              [&](int32_t a, int32_t b) { return vals_[a].ee < vals_[b].ee; });
    for (int32_t u : u_) u_by_start_.push({vals_[u].es, u});
    empty_left_.assign(empties_.size(), false);
  }

  Outcome run() {
    size_t total = r_.size() + u_.size() + empties_.size();
    for (size_t step = 0; placed_ < total; ++step) {
      if ((step & 0xffff) == 0xffff && in_.budget.reason()) return Outcome::kStopped;
      int64_t min_e = min_e_end(), min_d = min_d_end();
      if (te_ >= min_e || td_ >= min_d) return Outcome::kStuck;
      int64_t min_end = std::min(min_e, min_d);
      // 1. an empty dequeue
      if (next_empty_ < empties_.size()) {
        const Empty& n = empties_[next_empty_];
        int64_t q = std::max(n.s, td_);
        if (q < min_end) {
          te_ = td_ = q;
          set_e_ = set_d_ = n.op;
          empty_left_[next_empty_++] = true;
          ++placed_;
          continue;
        }
      }
      // 2. a value of R
      for (; next_r_ < r_.size() && vals_[r_[next_r_]].es < min_e; ++next_r_)
        ready_r_.push({vals_[r_[next_r_]].dp, r_[next_r_]});
      if (!ready_r_.empty() && ready_r_.top().first < min_d && step != divert_) {
        int32_t v = ready_r_.top().second;
        ready_r_.pop();
        if (guess_ == kNone && may_guess(vals_[v], min_e, min_d)) {
          guess_ = x_.items[vals_[v].item].remove;
          guess_step_ = step;
        }
        place(v, vals_[v].dp);
        continue;
      }
      // 3, 4. the value of U whose enqueue ends first
      if (next_u_ == u_.size()) return Outcome::kStuck;
      int32_t u = u_[next_u_];
      bool tail = ready_r_.empty() && next_r_ == r_.size() && next_empty_ == empties_.size();
      if (tail) {
        if (vals_[u].es >= min_e) return Outcome::kStuck;
        place(u, kLow);
      } else {
        if (next_crashed_ == crashed_.size()) return Outcome::kStuck;
        int64_t c = crashed_[next_crashed_];
        if (vals_[u].es >= min_e || std::max(vals_[u].es, c) >= min_d) return Outcome::kStuck;
        ++next_crashed_;
        place(u, std::max(vals_[u].es, c));
      }
      ++next_u_;
    }
    return Outcome::kBuilt;
  }

  // The op at which rule 2 may have chosen wrong, or kNone; and the step.
  int32_t guess() const { return guess_; }
  size_t guess_step() const { return guess_step_; }

  // Ops that show why the procedure got stuck: the values that set the
  // state, the items with the earliest ends and the candidates it had.
  std::vector<int32_t> witness() {
    std::vector<int32_t> ops{set_e_, set_d_};
    auto add_val = [&](int32_t v) {
      const Item& it = x_.items[vals_[v].item];
      ops.push_back(it.insert);
      ops.push_back(it.remove);
    };
    auto add_end = [&](int32_t code) {
      if (code >= 0)
        add_val(code);
      else
        ops.push_back(empties_[~code].op);
    };
    if (min_e_end() != kOpen) add_val(by_e_end_[e_pos_]);
    if (min_d_end() != kOpen) add_end(by_d_end_[d_pos_].second);
    if (!ready_r_.empty()) add_val(ready_r_.top().second);
    if (next_empty_ < empties_.size()) ops.push_back(empties_[next_empty_].op);
    if (next_u_ < u_.size()) add_val(u_[next_u_]);
    return ops;
  }

 private:
  // The least enqueue end of a value left (kOpen: none).
  int64_t min_e_end() {
    while (e_pos_ < by_e_end_.size() && vals_[by_e_end_[e_pos_]].left) ++e_pos_;
    return e_pos_ < by_e_end_.size() ? vals_[by_e_end_[e_pos_]].ee : kOpen;
  }
  // The least end of a dequeue of R or an empty dequeue left (kOpen: none).
  int64_t min_d_end() {
    for (; d_pos_ < by_d_end_.size(); ++d_pos_) {
      int32_t code = by_d_end_[d_pos_].second;
      if (code >= 0 ? !vals_[code].left : !empty_left_[~code]) break;
    }
    return d_pos_ < by_d_end_.size() ? by_d_end_[d_pos_].first : kOpen;
  }

  void place(int32_t v, int64_t d_start) {
    Val& val = vals_[v];
    val.left = true;
    ++placed_;
    const Item& it = x_.items[val.item];
    if (val.es > te_) te_ = val.es, set_e_ = it.insert;
    if (d_start > td_) td_ = d_start, set_d_ = it.remove != kNone ? it.remove : it.insert;
  }

  // Rule 2 is sure unless the value's D' is above Q = max(T_D, the least
  // start of an empty dequeue left), a crashed dequeue could take a ready
  // value of U, and no value b of R left has its enqueue end by Q and
  // D'_b >= D'_v. (Such a b is enqueued before the point of every empty
  // dequeue left, so it leaves before each, whose point then follows
  // D'_b >= D'_v: placing v first moves none of them.)
  bool may_guess(const Val& v, int64_t min_e, int64_t min_d) {
    if (next_empty_ == empties_.size() || next_crashed_ == crashed_.size()) return false;
    int64_t q = std::max(td_, empties_[next_empty_].s);
    if (v.dp <= q) return false;
    // Q only grows: values of R whose enqueue ends by Q, by D', placed ones
    // pruned lazily.
    for (; r_e_pos_ < r_by_e_end_.size() && vals_[r_by_e_end_[r_e_pos_]].ee <= q; ++r_e_pos_)
      early_r_.push({vals_[r_by_e_end_[r_e_pos_]].dp, r_by_e_end_[r_e_pos_]});
    while (!early_r_.empty() && vals_[early_r_.top().second].left) early_r_.pop();
    if (!early_r_.empty() && early_r_.top().first >= v.dp) return false;
    while (!u_by_start_.empty() && vals_[u_by_start_.top().second].left) u_by_start_.pop();
    if (u_by_start_.empty()) return false;
    int64_t es = u_by_start_.top().first;
    return std::max(te_, es) < min_e && std::max({td_, es, crashed_[next_crashed_]}) < min_d;
  }

  using Keyed = std::pair<int64_t, int32_t>;
  using MinHeap = std::priority_queue<Keyed, std::vector<Keyed>, std::greater<>>;

  const FastInput& in_;
  const Indexed& x_;
  std::vector<Val> vals_;
  std::vector<int32_t> r_;      // values of R by enqueue start
  std::vector<int32_t> u_;      // values of U by enqueue end
  std::vector<Empty> empties_;  // by start
  std::vector<bool> empty_left_;
  std::vector<int64_t> crashed_;  // starts of crashed dequeues, ascending
  std::vector<int32_t> by_e_end_;
  std::vector<int32_t> r_by_e_end_;  // values of R by enqueue end
  std::vector<Keyed> by_d_end_;
  MinHeap ready_r_;     // (D', value): values of R whose enqueue start is below min_e
  MinHeap u_by_start_;  // (enqueue start, value) of U, lazily pruned
  std::priority_queue<Keyed> early_r_;  // (D', value) of R with enqueue end <= Q
  size_t e_pos_ = 0, d_pos_ = 0, r_e_pos_ = 0, next_r_ = 0, next_u_ = 0, next_empty_ = 0,
         next_crashed_ = 0;
  size_t placed_ = 0;
  int64_t te_ = kLow, td_ = kLow;
  int32_t set_e_ = kNone, set_d_ = kNone;  // the ops whose starts are te_, td_
  int32_t guess_ = kNone;
  size_t guess_step_ = SIZE_MAX;
  size_t divert_;
};

}  // namespace

FastResult fifo_queue_fast(const FastInput& in) {
  Indexed x;
  if (auto done = collection::index_removals(in, lin::QueueModel::kEnqueue, kName, x)) return *done;
  Decision decision(in, x);
  Outcome outcome = decision.run();
  if (outcome == Outcome::kBuilt) return collection::valid(kName);
  if (outcome == Outcome::kStopped) {
    if (auto done = collection::stopped(in)) return *done;
    return collection::declined(kName, "stopped");
  }
  // Stuck. The smallest proof first, for shrinking.
  FastResult bag = collection::bag_check(in, x, kName);
  if (bag.verdict == FastVerdict::kInvalid) return bag;
  std::vector<int32_t> pair = out_of_order(x);
  if (!pair.empty()) return collection::invalid(in, kName, pair);
  if (decision.guess() == kNone) return collection::invalid(in, kName, decision.witness());
  // The other choice at the guess, once: built means valid.
  Decision other(in, x, decision.guess_step());
  if (other.run() == Outcome::kBuilt) return collection::valid(kName);
  if (auto done = collection::stopped(in)) return *done;
  return collection::declined(
      kName,
      "a crashed dequeue could take a value no ok dequeue returned ahead of the dequeue "
      "of line " +
          std::to_string(collection::line_of(in, decision.guess())) +
          ", which may have to follow an empty dequeue; the procedure cannot tell which "
          "goes first");
}

}  // namespace ariadne::models
