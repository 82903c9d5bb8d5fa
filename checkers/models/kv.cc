// kv: read/get, write/put, append, cas on `key`: one register per key, each
// starting at its initial value (a map --initial names keys' values);
// append to nil appends to "". Spec: register_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/register_spec.h"
#include "models/value_fast.h"

namespace ariadne::models {

namespace {

// Clients get, put and append strings "x<n> ".
class Gen : public gen::GenObject {
 public:
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.update = true;
    op.arg = gen::Datum::nil();
    int r = gen::pick(rng, 5);
    if (r < 2) {
      op.f = "get";
      op.update = false;
    } else {
      op.f = r == 2 ? "put" : "append";
      op.arg = gen::Datum::string("x" + std::to_string(values.next(rng)) + " ");
    }
  }
  bool apply(gen::Op& op) override {
    std::string_view f = op.f;
    op.result = op.arg;
    if (f == "get" || f == "read")
      op.result = value_;
    else if (f == "put" || f == "write")
      value_ = op.arg;
    else if (f == "append")
      value_ =
          gen::Datum::string((value_.kind == gen::Datum::kString ? value_.text : "") + op.arg.text);
    return true;
  }

 private:
  gen::Datum value_;
};

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<Gen>(); }

struct Make {
  static lin::RegisterModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::RegisterModel(def.name, *def.registers, options, key);
  }
};

}  // namespace

ARIADNE_MODEL(kv) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "kv";
    d.help = "a key-value store: one register per key, with appends to strings";
    d.operations = "read/get, write/put, append, cas";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential,
                     Consistency::kCausal,       Consistency::kCausalConvergence,
                     Consistency::kCausalMemory, Consistency::kEventual};
    d.keys = Keys::kRequired;
    d.rank = 2;
    d.nil_reads_any = true;
    d.registers = RegisterOps{.cas = true, .get_put = true, .append = true};
    d.effects = &register_effects;
    d.initial_reads = InitialReads::kValue;
    d.reads_one_value = true;
    d.initial_by_key = true;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.anomalies = {gen::Anomaly::kStaleRead, gen::Anomaly::kLostWrite, gen::Anomaly::kFutureRead};
      g.read = "get";
      g.write = "put";
      g.string_values = true;
      g.replicated = true;
      return g;
    }();
    d.generator = &generator;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    d.fast = &register_fast;
    d.convergence = Convergence::kRegister;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
