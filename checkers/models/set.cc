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

// Clients add small integers, remove and read; the set is kept sorted.
class Gen : public gen::GenObject {
 public:
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.arg = gen::Datum::nil();
    int r = gen::pick(rng, 10);
    op.f = r < 6 ? "add" : r < 7 ? "remove" : "read";
    if (r < 7) op.arg = gen::Datum::integer(values.next(rng));
    op.update = r < 7;
  }
  bool apply(gen::Op& op) override {
    std::string_view f = op.f;
    op.result = op.arg;
    auto it = std::lower_bound(elements_.begin(), elements_.end(), op.arg.number);
    bool present = it != elements_.end() && *it == op.arg.number;
    if (f == "read")
      op.result = gen::int_list(elements_);
    else if (f == "add" && !present)
      elements_.insert(it, op.arg.number);
    else if (f == "remove" && present)
      elements_.erase(it);
    return true;
  }

 private:
  std::vector<int64_t> elements_;  // sorted
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
