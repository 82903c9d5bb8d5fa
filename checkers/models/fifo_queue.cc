// fifo-queue: enqueue x, dequeue -> x (the oldest element) or nil when
// empty. Spec: queue_spec.h.
#include "linearizability/run_model.h"
#include "models/collection_procedures.h"
#include "models/model.h"
#include "models/queue_spec.h"

namespace ariadne::models {

namespace {

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<QueueGen>(true); }

struct Make {
  static lin::QueueModel make(const ModelDef& def, const CheckOptions&, Value) {
    return lin::QueueModel(true, def.name);
  }
};

}  // namespace

ARIADNE_MODEL(fifo_queue) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "fifo-queue";
    d.help = "a FIFO queue; dequeue returns nil when it is empty";
    d.operations = "enqueue, dequeue";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.rank = 5;
    d.effects = &queue_effects;
    d.reads_one_value = true;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.anomalies = {gen::Anomaly::kDuplicate, gen::Anomaly::kReorder, gen::Anomaly::kMissing};
      return g;
    }();
    d.generator = &generator;
    d.fast = &fifo_queue_fast;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
