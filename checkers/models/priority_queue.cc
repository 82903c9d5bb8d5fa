// priority-queue: `insert` x, `extract-min` -> an element of least
// priority, or nil when empty. An element's priority is its first item
// when it is a 2-vector [priority value], else the element itself;
// priorities compare as values do (numbers by value). Elements of equal
// priority are ties: an extract-min may return any of them, and the history
// says which. The state is the elements' Value bits in ascending order (a
// canonical multiset).
//
// Fast procedure: priority_queue_fast.cc (exact when every inserted element
// is unique in the partition).
#include <algorithm>
#include <set>

#include "linearizability/run_model.h"
#include "models/collection_procedures.h"
#include "models/generator.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

Value priority_of(Value v) { return models::pq_priority_of(v); }

class PriorityQueueModel {
 public:
  // A crashed extract-min may have taken any of several tied elements.
  static constexpr bool kNondeterministic = true;
  enum Code : uint8_t { kInsert, kExtract };

  static_assert(kInsert == 0 && kExtract == 1);  // prepare_put_take's codes
  static_assert(kInsert == models::kPqInsert);
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

Value pq_priority_of(Value v) {
  if (v.kind() == Kind::kVector && v.size() == 2) return v.items()[0];
  return v;
}

namespace {

using lin::PriorityQueueModel;

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
      g.anomalies = {gen::Anomaly::kDuplicate, gen::Anomaly::kReorder, gen::Anomaly::kMissing};
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
