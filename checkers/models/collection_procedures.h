// The collections' fast procedures (issue 16), one file each:
// fifo_queue_fast.cc, unordered_queue_fast.cc, stack_fast.cc, set_fast.cc,
// priority_queue_fast.cc.
// Each is set as its model's ModelDef::fast (fifo_queue.cc, ...).
#pragma once

#include <cstdint>

#include "models/fast.h"

namespace ariadne::models {

// The op codes stack.cc and set.cc prepare (their models' Code enums, which
// live in those files; each static_asserts that they match). The queues'
// codes are QueueModel's (queue_spec.h).
inline constexpr uint8_t kStackPush = 0;
inline constexpr uint8_t kSetAdd = 0, kSetRemove = 1, kSetRead = 2;
inline constexpr uint8_t kPqInsert = 0;  // priority_queue.cc's insert

// A priority-queue element's priority (priority_queue.cc): the first item
// of a 2-vector [priority value], else the element itself.
Value pq_priority_of(Value element);

FastResult fifo_queue_fast(const FastInput& in);
FastResult unordered_queue_fast(const FastInput& in);
FastResult stack_fast(const FastInput& in);
FastResult set_fast(const FastInput& in);
FastResult priority_queue_fast(const FastInput& in);

}  // namespace ariadne::models
