// cas-register: read -> v, write v, cas [old new] (ok: swapped; fail: not
// applied). One register (per key, when ops have keys), starting at
// --initial (nil by default). Spec: register_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/register_spec.h"
#include "models/value_fast.h"

namespace ariadne::models {

namespace {

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<RegisterGen>(true); }

struct Make {
  static lin::RegisterModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::RegisterModel(def.name, *def.registers, options, key);
  }
};

}  // namespace

ARIADNE_MODEL(cas_register) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "cas-register";
    d.help = "a register with compare-and-set (one per key when ops have keys)";
    d.operations = "read, write, cas";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential,
                     Consistency::kCausal,       Consistency::kCausalConvergence,
                     Consistency::kCausalMemory, Consistency::kEventual};
    d.rank = 1;
    d.nil_reads_any = true;
    d.registers = RegisterOps{.cas = true};
    d.effects = &register_effects;
    d.initial_reads = InitialReads::kValue;
    d.reads_one_value = true;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.anomalies = {gen::Anomaly::kStaleRead, gen::Anomaly::kLostWrite, gen::Anomaly::kFutureRead};
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
