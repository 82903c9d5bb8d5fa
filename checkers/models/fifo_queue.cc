// fifo-queue: enqueue x, dequeue -> x (the oldest element) or nil when
// empty. Spec: queue_spec.h.
#include "linearizability/run_model.h"
#include "models/model.h"
#include "models/queue_spec.h"

namespace ariadne::models {

namespace {

struct Make {
  static lin::QueueModel make(const CheckOptions&, Value) {
    return lin::QueueModel(true, "fifo-queue");
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
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
