// unordered-queue: enqueue x, dequeue -> x (any element present) or nil when
// empty. Spec: queue_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/queue_spec.h"

namespace ariadne::models {

namespace {

struct Make {
  static lin::QueueModel make(const CheckOptions&, Value) {
    return lin::QueueModel(false, "unordered-queue");
  }
};

}  // namespace

ARIADNE_MODEL(unordered_queue) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "unordered-queue";
    d.help = "a queue whose dequeue takes any element, or nil when it is empty";
    d.operations = "enqueue, dequeue";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.rank = 6;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
