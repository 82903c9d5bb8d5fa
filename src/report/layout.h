// Operations placed on a timeline: one row per process (more when a
// process's operations overlap, as a crashed op does with the next), and
// columns ("slots") for the distinct instants of their events in real-time
// order. Text and HTML draw from the same layout.
#pragma once

#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/history.h"

namespace ariadne::report {

struct Box {
  uint32_t op = 0;    // index into History::ops
  size_t row = 0;     // index into Layout::rows
  size_t start = 0;   // slot of its first event
  size_t end = 0;     // slot of its completion; == start for a point
  bool open = false;  // crashed: no end
};

struct Layout {
  std::vector<std::string> rows;  // "process 3", in order of first appearance
  std::vector<Box> boxes;         // in the order of the ops given
  size_t slots = 0;
};

// REQUIRES: ops ascending indices into h.ops.
Layout lay_out(const History& h, const std::vector<uint32_t>& ops);

// "write 1", "read -> 3", "cas [1 2]": f, argument and result, values cut
// to about `max_chars` each; with_key: `write "x" 1`.
std::string op_label(const History& h, uint32_t op, size_t max_chars = 24, bool with_key = false);

// Whether f names an op whose result is worth showing even when nil.
bool reads(Value f);

// Whether `ops` touch more than one key.
bool several_keys(const History& h, const std::vector<uint32_t>& ops);

// "linearizable", "sequentially consistent": what a history is not.
std::string consistency_words(Consistency c);

}  // namespace ariadne::report
