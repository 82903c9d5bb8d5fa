// priority-queue: `insert` x, `extract-min` -> an element of least
// priority, or nil when empty. An element's priority is its first item
// when it is a 2-vector [priority value], else the element itself;
// priorities compare as values do (numbers by value). Elements of equal
// priority are ties: an extract-min may return any of them, and the history
// says which. The state is the elements' Value bits in ascending order (a
// canonical multiset).
//
// Fast procedure (when every inserted element is unique in the partition,
// else it declines, naming the element): a greedy sweep over real time, as
// for the queues (ordered_sweep.h), that builds a linearization (built =
// valid). Inserts go in only when they must (at their return, or when their
// element's extract-min returns): an element in early only blocks others.
// An extract-min whose element is least goes at once; an element whose
// insert and extract-min have both begun goes in and out at once when it is
// least. If the sweep gets stuck: violations it can prove (the exact bag
// check of collection_fast.cc, then an element y extracted while a smaller
// x was in for certain: x's insert returned before y's extract-min began,
// which returned before x's began, or x never left and no crashed
// extract-min could take it), else it declines and the search decides.
#include <algorithm>
#include <set>

#include "linearizability/run_model.h"
#include "models/collection_fast.h"
#include "models/generator.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

Value priority_of(Value v) {
  if (v.kind() == Kind::kVector && v.size() == 2) return v.items()[0];
  return v;
}

class PriorityQueueModel {
 public:
  // A crashed extract-min may have taken any of several tied elements.
  static constexpr bool kNondeterministic = true;
  enum Code : uint8_t { kInsert, kExtract };

  static_assert(kInsert == 0 && kExtract == 1);  // prepare_put_take's codes
  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    return prepare_put_take(h, op, out, why, "insert", "extract-min", "priority-queue");
  }

  void initial(State& out) const { out.clear(); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (op.code == kInsert) {
      if (alt > 0) return false;
      out.assign(s.begin(), s.end());
      uint64_t x = word(op.a);
      out.insert(std::upper_bound(out.begin(), out.end(), x), x);
      return true;
    }
    if (!op.crashed && op.result.is_null()) {
      if (alt > 0 || !s.empty()) return false;
      out.clear();
      return true;
    }
    if (s.empty()) return false;
    Value least = priority_of(value_of(s[0]));
    for (uint64_t w : s) least = std::min(least, priority_of(value_of(w)));
    size_t at = s.size();
    if (op.crashed) {  // the alt-th distinct least element
      unsigned k = 0;
      for (size_t i = 0; i < s.size(); ++i) {
        if (compare(priority_of(value_of(s[i])), least) != 0) continue;
        if (i > 0 && s[i] == s[i - 1]) continue;
        if (k++ == alt) {
          at = i;
          break;
        }
      }
    } else if (alt == 0) {
      auto it = std::lower_bound(s.begin(), s.end(), word(op.result));
      if (it != s.end() && *it == word(op.result) && compare(priority_of(op.result), least) == 0)
        at = it - s.begin();
    }
    if (at == s.size()) return false;
    out.assign(s.begin(), s.end());
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(at));
    return true;
  }

  std::string describe(Words s) const {
    State sorted(s.begin(), s.end());
    std::sort(sorted.begin(), sorted.end(), [](uint64_t a, uint64_t b) {
      int c = compare(priority_of(value_of(a)), priority_of(value_of(b)));
      return c != 0 ? c < 0 : value_of(a) < value_of(b);
    });
    return describe_values(sorted, "[", "]");
  }
};

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

using collection::Indexed;
using collection::Item;
using collection::kNone;
using collection::kOpen;
using lin::PriorityQueueModel;

constexpr const char* kName = "priority-queue: unique elements (greedy sweep)";
constexpr size_t kMaxPairValues = 4096;

class Sweep {
 public:
  Sweep(const FastInput& in, const Indexed& x)
      : in_(in), x_(x), started_(in.ops.size()), placed_(in.ops.size()), in_box_(x.items.size()) {
    // Priority ranks: equal priorities, equal ranks.
    std::vector<int32_t> order(x.items.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
    auto prio = [&](int32_t i) { return lin::priority_of(Value::from_bits(x.items[i].bits)); };
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return prio(a) < prio(b); });
    rank_.resize(order.size());
    for (size_t k = 0; k < order.size(); ++k)
      rank_[order[k]] = k > 0 && compare(prio(order[k]), prio(order[k - 1])) == 0
                            ? rank_[order[k - 1]]
                            : static_cast<int64_t>(k);
  }

  int64_t rank(int32_t item) const { return rank_[item]; }

  // True when it built a linearization; else `stuck` (kNone: out of time).
  bool run(int32_t& stuck) {
    return collection::walk_in_time_order(
        in_, x_, [&](int32_t k) { call(k); }, [&](int32_t k) { return placed_[k] || force(k); },
        [&] { settle(); }, stuck);
  }

 private:
  bool is_insert(int32_t k) const { return in_.ops[k].code == PriorityQueueModel::kInsert; }

  void call(int32_t k) {
    started_[k] = true;
    int32_t item = x_.item_of[k];
    if (!is_insert(k) && in_.ops[k].crashed) {
      crashed_.push_back(k);
    } else if (item == kNone) {
      empties_.push_back(k);
    } else {
      const Item& it = x_.items[item];
      int32_t other = is_insert(k) ? it.remove : it.insert;
      if (other != kNone && started_[other] && !in_box_[item] && !placed_[it.insert])
        pairs_.insert({rank(item), item});
    }
  }

  void put(int32_t item) {
    placed_[x_.items[item].insert] = true;
    in_box_[item] = true;
    box_.insert({rank(item), item});
  }
  void take(int32_t item, int32_t by) {
    placed_[by] = true;
    in_box_[item] = false;
    box_.erase({rank(item), item});
  }
  // Takes one least element: one whose extract-min has begun, else one no
  // ok extract-min returns, by a pending crashed one.
  bool take_least() {
    int64_t least = box_.begin()->first;
    for (auto it = box_.begin(); it != box_.end() && it->first == least; ++it) {
      int32_t d = x_.items[it->second].remove;
      if (d != kNone && started_[d]) {
        take(it->second, d);
        return true;
      }
    }
    for (auto it = box_.begin(); it != box_.end() && it->first == least; ++it) {
      if (x_.items[it->second].remove != kNone || crashed_.empty()) continue;
      int32_t c = crashed_.back();
      crashed_.pop_back();
      take(it->second, c);
      return true;
    }
    return false;
  }

  bool force(int32_t k) {
    int32_t item = x_.item_of[k];
    if (item == kNone) {  // an empty extract-min
      while (!box_.empty())
        if (!take_least()) return false;
      placed_[k] = true;
      return true;
    }
    if (is_insert(k)) {
      put(item);
      return true;
    }
    if (!in_box_[item]) {
      if (!started_[x_.items[item].insert]) return false;
      put(item);
    }
    while (box_.begin()->first < rank(item))
      if (!take_least()) return false;
    take(item, k);
    return true;
  }

  void settle() {
    for (bool changed = true; changed;) {
      changed = false;
      if (box_.empty()) {
        for (int32_t k : empties_) placed_[k] = true;
        empties_.clear();
      } else {
        int64_t least = box_.begin()->first;
        for (auto it = box_.begin(); it != box_.end() && it->first == least; ++it) {
          int32_t d = x_.items[it->second].remove;
          if (d != kNone && started_[d] && !placed_[d]) {
            take(it->second, d);
            changed = true;
            break;
          }
        }
        if (changed) continue;
      }
      while (!pairs_.empty() && placed_[x_.items[pairs_.begin()->second].insert])
        pairs_.erase(pairs_.begin());
      if (!pairs_.empty() && (box_.empty() || pairs_.begin()->first <= box_.begin()->first)) {
        int32_t item = pairs_.begin()->second;
        pairs_.erase(pairs_.begin());
        put(item);
        take(item, x_.items[item].remove);
        changed = true;
      }
    }
    std::erase_if(empties_, [&](int32_t k) { return placed_[k]; });
  }

  const FastInput& in_;
  const Indexed& x_;
  std::vector<bool> started_, placed_, in_box_;
  std::vector<int64_t> rank_;
  std::set<std::pair<int64_t, int32_t>> box_;    // (rank, item)
  std::set<std::pair<int64_t, int32_t>> pairs_;  // (rank, item): both ops begun, not placed
  std::vector<int32_t> crashed_, empties_;
};

// y extracted while a smaller x was in for certain.
std::vector<int32_t> smaller_left_behind(const Indexed& x, const Sweep& sweep) {
  if (x.items.size() > kMaxPairValues) return {};
  bool may_vanish = !x.crashed_removals.empty();
  for (size_t i = 0; i < x.items.size(); ++i) {
    const Item& lo = x.items[i];
    if (lo.remove == kNone && (may_vanish || x.e[lo.insert] == kOpen)) continue;
    int64_t lo_leaves = lo.remove == kNone ? kOpen : x.s[lo.remove];
    for (size_t j = 0; j < x.items.size(); ++j) {
      const Item& hi = x.items[j];
      if (hi.remove == kNone ||
          sweep.rank(static_cast<int32_t>(i)) >= sweep.rank(static_cast<int32_t>(j)))
        continue;
      if (x.e[lo.insert] < x.s[hi.remove] && x.e[hi.remove] < lo_leaves)
        return {lo.insert, lo.remove, hi.insert, hi.remove};
    }
  }
  return {};
}

FastResult priority_queue_fast(const FastInput& in) {
  Indexed x;
  if (auto done = collection::index_removals(in, PriorityQueueModel::kInsert, kName, x))
    return *done;
  Sweep sweep(in, x);
  int32_t stuck = kNone;
  if (sweep.run(stuck)) return collection::valid(kName);
  if (stuck == kNone) {
    FastResult r;
    r.verdict = FastVerdict::kUnknown;
    r.reason = in.budget.reason() ? in.budget.reason() : "stopped";
    return r;
  }
  FastResult bag = collection::bag_check(in, x, kName);
  if (bag.verdict == FastVerdict::kInvalid) return bag;
  std::vector<int32_t> pair = smaller_left_behind(x, sweep);
  if (!pair.empty()) return collection::invalid(in, kName, pair);
  return collection::declined(kName, collection::stuck_reason(in, stuck));
}

struct Make {
  static PriorityQueueModel make(const CheckOptions&, Value) { return PriorityQueueModel(); }
};

// ModelDef::effects: insert x writes x; an ok extract-min of x != nil reads x.
void effects(const ModelDef&, const History& h, const Operation& op, Value key, const CheckOptions&,
             Effects& fx) {
  Value f = h.f(op);
  if (lin::f_is(f, {"insert"}))
    fx.writes.push_back({key, h.argument(op)});
  else if (lin::f_is(f, {"extract-min"}) && op.status == OpStatus::kOk && !h.result(op).is_null())
    fx.reads.push_back({key, h.result(op)});
}

// For `ariadne generate`: clients insert [priority value] elements (a
// priority of 0-9, so that ties happen; the value from the value source, so
// elements are unique under --unique-values) and extract the least one (of
// tied priorities, the least value).
class Gen : public gen::GenObject {
 public:
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.update = true;
    op.arg = gen::Datum::nil();
    bool insert = gen::coin(rng, 0.5);
    op.f = insert ? "insert" : "extract-min";
    if (insert)
      op.arg = gen::Datum::list(
          {gen::Datum::integer(gen::pick(rng, 10)), gen::Datum::integer(values.next(rng))});
  }
  bool apply(gen::Op& op) override {
    op.result = op.arg;
    if (std::string_view(op.f) == "insert") {
      elements_.insert(op.arg);
    } else if (elements_.empty()) {
      op.result = gen::Datum::nil();
    } else {
      op.result = *elements_.begin();
      elements_.erase(elements_.begin());
    }
    return true;
  }
  size_t size() const override { return elements_.size(); }

 private:
  // An element's priority, then its value: [p v], or a bare integer (an
  // anomaly's scripted insert), its own priority.
  static std::pair<int64_t, int64_t> order(const gen::Datum& e) {
    if (e.items.size() == 2) return {e.items[0].number, e.items[1].number};
    return {e.number, e.number};
  }
  struct Less {
    bool operator()(const gen::Datum& a, const gen::Datum& b) const { return order(a) < order(b); }
  };
  std::multiset<gen::Datum, Less> elements_;
};

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<Gen>(); }

}  // namespace

ARIADNE_MODEL(priority_queue) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "priority-queue";
    d.help =
        "a min-priority queue of [priority value] elements (or bare values, their own priority); "
        "extract-min returns a least one, nil when empty";
    d.operations = "insert, extract-min";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.rank = 8;
    d.effects = &effects;
    d.reads_one_value = true;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.anomalies = {gen::Anomaly::kDuplicate, gen::Anomaly::kMissing};
      g.put = "insert";
      g.take = "extract-min";
      return g;
    }();
    d.generator = &generator;
    d.fast = &priority_queue_fast;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
