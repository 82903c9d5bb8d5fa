// The collections' fast procedures (issue 16), one file each:
// fifo_queue_fast.cc, unordered_queue_fast.cc, stack_fast.cc, set_fast.cc.
#pragma once

#include "models/fast.h"

namespace ariadne::models {

FastResult fifo_queue_fast(const FastInput& in);
FastResult unordered_queue_fast(const FastInput& in);
FastResult stack_fast(const FastInput& in);
FastResult set_fast(const FastInput& in);

}  // namespace ariadne::models
