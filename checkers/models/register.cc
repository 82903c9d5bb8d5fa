// register: read -> v, write v. One register (per key, when ops have
// keys), starting at --initial (nil by default). Spec: register_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/register_spec.h"

namespace ariadne::models {

namespace {

struct Make {
  static lin::RegisterModel make(const CheckOptions& options, Value key) {
    return lin::RegisterModel({"register", false, false}, options, key);
  }
};

}  // namespace

ARIADNE_MODEL(register) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "register";
    d.help = "a read/write register (one per key when ops have keys)";
    d.operations = "read, write";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential,
                     Consistency::kCausal,       Consistency::kCausalConvergence,
                     Consistency::kCausalMemory, Consistency::kEventual};
    d.rank = 0;
    d.nil_reads_any = true;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    d.convergence = Convergence::kRegister;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
