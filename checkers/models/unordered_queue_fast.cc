// The fast procedure of unordered-queue: exact, O(n log n), when every
// enqueued value is unique in the partition (else it declines). A
// dequeue may take any element, so the queue is a bag: see bag_check in
// collection_fast.cc for the reading and why it is exact, crashed
// enqueues and dequeues included.
#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/queue_spec.h"

namespace ariadne::models {

FastResult unordered_queue_fast(const FastInput& in) {
  static constexpr const char* kName = "unordered-queue: unique values (bag)";
  collection::Indexed x;
  if (auto done = collection::index_removals(in, lin::QueueModel::kEnqueue, kName, x)) return *done;
  return collection::bag_check(in, x, kName);
}

}  // namespace ariadne::models
