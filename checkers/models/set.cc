// set: add x, remove x, read -> [elements]. The state is the elements'
// Value bits in ascending order of bits (canonical: one encoding per set).
#include <algorithm>

#include "linearizability/run_model.h"
#include "models/collection_procedures.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

class SetModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kAdd, kRemove, kRead };

  explicit SetModel(Value initial) : initial_(initial) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    if (f_is(f, {"add"})) {
      out.code = kAdd;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (f_is(f, {"remove"})) {
      out.code = kRemove;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (f_is(f, {"read"})) {
      if (op.status != OpStatus::kOk) return Prepared::kDrop;
      Value r = h.result(op);
      if (r.kind() != Kind::kVector && r.kind() != Kind::kSet && !r.is_null()) {
        why = "expected a set read to return a collection, got " + to_edn(r);
        return Prepared::kError;
      }
      out.code = kRead;
      out.pure = true;
      out.result = Value::set(r.items());
      // A read that returns an element twice matches no set.
      out.aux = out.result.size() != r.items().size();
      return Prepared::kKeep;
    }
    why = "expected f :add, :remove or :read for model set, got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const {
    out.clear();
    if (initial_.kind() == Kind::kVector || initial_.kind() == Kind::kSet)
      for (Value v : initial_.items()) out.push_back(word(v));
    canonical(out);
  }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    uint64_t x = word(op.a);
    auto pos = std::lower_bound(s.begin(), s.end(), x);
    bool present = pos != s.end() && *pos == x;
    switch (op.code) {
      case kAdd:
        out.assign(s.begin(), s.end());
        if (!present) out.insert(out.begin() + (pos - s.begin()), x);
        return true;
      case kRemove:
        out.assign(s.begin(), s.end());
        if (present) out.erase(out.begin() + (pos - s.begin()));
        return true;
      case kRead: {
        if (op.aux) return false;
        auto items = op.result.items();
        if (items.size() != s.size()) return false;
        for (Value v : items)
          if (!std::binary_search(s.begin(), s.end(), word(v))) return false;
        out.assign(s.begin(), s.end());
        return true;
      }
    }
    return false;
  }

  // Lookahead (model.h): removes reset; adds only grow the set, so a read
  // that lacks an element of the current set can never become legal.
  bool resets(const PreparedOp& op) const { return op.code == kRemove; }
  bool watched(const PreparedOp& op) const { return op.code == kRead; }
  bool unreachable(Words s, const PreparedOp& read) const {
    if (read.aux) return true;
    auto items = read.result.items();  // sorted by Value order (Value::set)
    if (items.size() < s.size()) return true;
    for (uint64_t x : s)
      if (!std::binary_search(items.begin(), items.end(), value_of(x))) return true;
    return false;
  }

  std::string describe(Words s) const {
    State sorted(s.begin(), s.end());
    std::sort(sorted.begin(), sorted.end(),
              [](uint64_t a, uint64_t b) { return value_of(a) < value_of(b); });
    return describe_values(sorted, "#{", "}");
  }

 private:
  static void canonical(State& s) {
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
  }
  Value initial_;
};

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

// A read reads each element it returns; add x writes x.
void effects(const ModelDef&, const History& h, const Operation& op, Value key, const CheckOptions&,
             Effects& fx) {
  element_effects("add", h, op, key, fx);
}

// Clients add, remove and read.
//  * Values that collide (0-4): add 60%, remove 10%, read 30%; the set
//    holds at most five elements.
//  * Unique values: Jepsen's set workload with removes that keep the set
//    small, so that a read lists a few elements and the file grows linearly.
//    A remove names an element already added and not yet named by another
//    remove (each value is added once and removed at most once); adds
//    outnumber removes while fewer than kLive elements wait for one. A
//    crashed remove that did not take effect at its crash takes effect just
//    before the next op that does (a crashed op may take effect at any
//    point after its call); a failed one leaves its element to be named by
//    another remove. So the set holds about kLive elements plus those of
//    the removes in flight. Should it hold more than kListed, reads get
//    rarer (probability 0.2 * kListed / size), which bounds the elements
//    listed per operation by 0.2 * kListed on average.
class Gen : public gen::GenObject {
 public:
  static constexpr size_t kLive = 6, kListed = 40;

  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.arg = gen::Datum::nil();
    unique_ = values.unique();
    if (!unique_) {
      int r = gen::pick(rng, 10);
      op.f = r < 6 ? "add" : r < 7 ? "remove" : "read";
      if (r < 7) op.arg = gen::Datum::integer(values.next(rng));
      op.update = r < 7;
      return;
    }
    double size = static_cast<double>(std::max(elements_.size(), kListed));
    op.update = !gen::coin(rng, 0.2 * static_cast<double>(kListed) / size);
    if (!op.update) {
      op.f = "read";
      return;
    }
    bool add = removable_.empty() || (removable_.size() < kLive && gen::coin(rng, 0.5));
    op.f = add ? "add" : "remove";
    if (add) {
      op.arg = gen::Datum::integer(values.next(rng));
      return;
    }
    size_t at = static_cast<size_t>(gen::pick(rng, static_cast<int>(removable_.size())));
    op.arg = gen::Datum::integer(removable_[at]);
    removable_[at] = removable_.back();  // named: no other remove names it
    removable_.pop_back();
  }
  void unapplied(const gen::Op& op, bool crashed) override {
    if (!unique_ || std::string_view(op.f) != "remove") return;
    if (crashed)
      late_.push_back(op.arg.number);
    else
      removable_.push_back(op.arg.number);
  }
  bool apply(gen::Op& op) override {
    for (int64_t x : late_) {
      auto it = std::lower_bound(elements_.begin(), elements_.end(), x);
      if (it != elements_.end() && *it == x) elements_.erase(it);
    }
    late_.clear();
    std::string_view f = op.f;
    op.result = op.arg;
    if (f == "read") {
      op.result = gen::int_list(elements_);
      return true;
    }
    int64_t x = op.arg.number;
    auto it = std::lower_bound(elements_.begin(), elements_.end(), x);
    bool present = it != elements_.end() && *it == x;
    if (f == "add" && !present) {
      elements_.insert(it, x);
      removable_.push_back(x);
    } else if (f == "remove" && present) {
      elements_.erase(it);
      auto named = std::find(removable_.begin(), removable_.end(), x);  // a scripted remove
      if (named != removable_.end()) removable_.erase(named);
    }
    return true;
  }
  size_t size() const override { return elements_.size(); }

 private:
  std::vector<int64_t> elements_;  // sorted
  // Unique values: elements added and not yet named by a remove.
  mutable std::vector<int64_t> removable_;
  mutable bool unique_ = false;
  std::vector<int64_t> late_;  // crashed removes that take effect at the next apply
};

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<Gen>(); }

struct Make {
  static lin::SetModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::SetModel(options.initial);
  }
};

}  // namespace

static_assert(lin::SetModel::kAdd == kSetAdd && lin::SetModel::kRemove == kSetRemove &&
              lin::SetModel::kRead == kSetRead);  // set_fast.cc

ARIADNE_MODEL(set) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "set";
    d.help = "a set of elements (one per key when ops have keys)";
    d.operations = "add, remove, read";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential, Consistency::kEventual};
    d.rank = 3;
    d.fast = &set_fast;
    d.convergence = Convergence::kSet;
    d.effects = &effects;
    d.initial_reads = InitialReads::kElements;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.replicated = true;
      g.anomalies = {gen::Anomaly::kReorder, gen::Anomaly::kFutureRead, gen::Anomaly::kMissing};
      g.put = "add";
      g.take = "remove";
      return g;
    }();
    d.generator = &generator;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
