// counter: add/increment delta (1 when absent), read -> n. The state is
// the count as a signed 64-bit word.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/value_fast.h"

namespace ariadne::lin {

namespace {

class CounterModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kAdd, kRead };

  explicit CounterModel(Value initial) : initial_(initial.is_int() ? initial.as_int() : 0) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    if (f_is(f, {"add", "increment", "incr"})) {
      Value d = h.argument(op);
      if (d.is_null()) d = Value::integer(1);
      if (!d.is_int()) {
        why = "expected an integer delta, got " + to_edn(d);
        return Prepared::kError;
      }
      out.code = kAdd;
      out.a = d;
      return Prepared::kKeep;
    }
    if (f_is(f, {"read"})) {
      if (op.status != OpStatus::kOk) return Prepared::kDrop;
      Value r = h.result(op);
      if (!r.is_int()) {
        why = "expected a counter read to return an integer, got " + to_edn(r);
        return Prepared::kError;
      }
      out.code = kRead;
      out.pure = true;
      out.result = r;
      return Prepared::kKeep;
    }
    why = "expected f :add, :increment or :read for model counter, got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.assign(1, static_cast<uint64_t>(initial_)); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    int64_t n = static_cast<int64_t>(s[0]);
    if (op.code == kRead) {
      if (n != op.result.as_int()) return false;
      out.assign(1, s[0]);
      return true;
    }
    out.assign(1, static_cast<uint64_t>(n) + static_cast<uint64_t>(op.a.as_int()));
    return true;
  }

  std::string describe(Words s) const { return std::to_string(static_cast<int64_t>(s[0])); }

 private:
  int64_t initial_;
};
static_assert(CounterModel::kAdd == models::counter_codes::kAdd &&
              CounterModel::kRead == models::counter_codes::kRead);

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

// An ok read of n reads "n - initial" (increments must explain it); an add
// has its delta.
void effects(const ModelDef&, const History& h, const Operation& op, Value,
             const CheckOptions& options, Effects& fx) {
  Value f = h.f(op);
  Value arg = h.argument(op);
  Value res = h.result(op);
  if (lin::f_is(f, {"add", "increment", "incr"})) {
    fx.delta = arg.is_null() ? 1 : arg.is_int() ? arg.as_int() : 0;
  } else if (lin::f_is(f, {"read"}) && op.status == OpStatus::kOk && res.is_int()) {
    fx.counter_read = true;
    fx.delta_read = res.as_int() - (options.initial.is_int() ? options.initial.as_int() : 0);
  }
}

// Clients add 1-5 (1 with unique values: a read then names how many adds
// took effect) and read.
class Gen : public gen::GenObject {
 public:
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.arg = gen::Datum::nil();
    bool add = gen::coin(rng, 0.6);
    op.f = add ? "add" : "read";
    if (add) op.arg = gen::Datum::integer(values.unique() ? 1 : 1 + gen::pick(rng, 5));
    op.update = add;
  }
  bool apply(gen::Op& op) override {
    op.result = op.arg;
    if (std::string_view(op.f) == "read")
      op.result = gen::Datum::integer(count_);
    else
      count_ += op.arg.number;
    return true;
  }

 private:
  int64_t count_ = 0;
};

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<Gen>(); }

struct Make {
  static lin::CounterModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::CounterModel(options.initial);
  }
};

}  // namespace

ARIADNE_MODEL(counter) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "counter";
    d.help = "a counter that starts at --initial (0 by default)";
    d.operations = "add/increment, read";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential, Consistency::kEventual};
    d.rank = 4;
    d.convergence = Convergence::kCounter;
    d.effects = &effects;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.replicated = true;
      g.anomalies = {gen::Anomaly::kImpossibleRead};
      return g;
    }();
    d.generator = &generator;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    d.fast = &counter_fast;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
