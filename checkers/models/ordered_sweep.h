// A greedy linearization of a fifo-queue or stack partition with unique
// values (fifo_queue_fast.cc, stack_fast.cc): a sweep over real time that
// places each op no later than its return and only after its call, and
// applies the model as it goes. What it builds is a linearization (every op
// within its interval, every step legal), so "built" proves the partition
// valid. "Stuck" proves nothing: the caller then looks for a violation it
// can prove (bag_check, order patterns) and otherwise declines.
//
// Choices (each keeps every linearization the sweep could still extend,
// except the last, which is a heuristic and the reason "stuck" proves
// nothing):
//  * an ok op that is legal and changes nothing (an empty removal when
//    empty) goes at once;
//  * a removal whose value is at the removal end (head, top) goes at once:
//    keeping the value longer helps no op;
//  * a value whose insert and removal are both pending goes in and out at
//    once, for a stack always, for a queue when it is empty;
//  * an insert goes in only when it must (its return, or its value's
//    removal returns); one that must go in takes along, first, the pending
//    inserts whose values should be nearer the removal end than it
//    (queue: removed sooner, by the removal's return; stack: removed
//    later).
#pragma once

#include <cstdint>

#include "models/collection_fast.h"

namespace ariadne::models::collection {

// True when it built a linearization. Else `stuck` is the op (index into
// FastInput::ops) it could not place by its return, or kNone when the
// budget ran out. `eager` (a queue): every pending value that leaves sooner
// goes ahead of a value that never leaves, not only those whose dequeue has
// begun (a second try when the first order gets stuck).
bool ordered_sweep(const FastInput& in, const Indexed& x, bool lifo, bool eager, int32_t& stuck);

}  // namespace ariadne::models::collection
