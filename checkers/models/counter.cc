// counter: add/increment delta (1 when absent), read -> n. The state is
// the count as a signed 64-bit word.
#include "linearizability/run_model.h"
#include "models/model.h"

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

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

struct Make {
  static lin::CounterModel make(const CheckOptions& options, Value key) {
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
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
