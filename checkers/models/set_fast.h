// Shared between the set's fast procedures (set_fast.cc: the whole
// procedure; set_grow_fast.cc: the exact decision when nothing is removed).
#pragma once

#include <cstdint>
#include <vector>

#include "models/fast.h"

namespace ariadne::models::set {

// One partition indexed by element (a value added, or in the initial set).
struct Indexed {
  std::vector<int64_t> s, e;  // per op: doubled interval (collection_fast.h)
  // Per element: its add (an index into FastInput::ops), or kNone for an
  // element of the initial set.
  std::vector<int32_t> add;
  // Per op: the elements a read shows, ascending; empty for other ops.
  std::vector<std::vector<int32_t>> shows;
  std::vector<int32_t> reads;  // the reads, in op order
};

// The exact decision when no element is ever removed (every remove, if
// any, is of a value never added and not initial): valid or invalid, never
// declined. O(n log n + the total size of the reads).
FastResult decide_growing(const FastInput& in, const Indexed& x, const char* procedure);

}  // namespace ariadne::models::set
