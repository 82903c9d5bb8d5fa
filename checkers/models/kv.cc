// kv: read/get, write/put, append, cas on `key`: one register per key, each
// starting at its initial value (a map --initial names keys' values);
// append to nil appends to "". Spec: register_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/register_spec.h"

namespace ariadne::models {

namespace {

struct Make {
  static lin::RegisterModel make(const CheckOptions& options, Value key) {
    return lin::RegisterModel({"kv", true, true}, options, key);
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
    d.initial_by_key = true;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    d.convergence = Convergence::kRegister;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
