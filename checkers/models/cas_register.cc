// cas-register: read -> v, write v, cas [old new] (ok: swapped; fail: not
// applied). One register (per key, when ops have keys), starting at
// --initial (nil by default). Spec: register_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/register_spec.h"

namespace ariadne::models {

namespace {

struct Make {
  static lin::RegisterModel make(const CheckOptions& options, Value key) {
    return lin::RegisterModel({"cas-register", true, false}, options, key);
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
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    d.convergence = Convergence::kRegister;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
