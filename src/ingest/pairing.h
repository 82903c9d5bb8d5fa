// From events to operations (SPEC section 1, "Pairing").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ariadne/history.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

struct PairingOptions {
  bool independent = false;
  int64_t clock_skew_ns = 0;
  // A second invoke of a process with one open: without lenient an error;
  // with it, the open one is closed as crashed and a warning counted.
  bool lenient = false;
};

// REQUIRES: history.events in file order, as the builder made them.
// Orders the events in real time, splits [key value] tuples (independent),
// pairs invokes with completions and fills history.ops, history.nemesis,
// history.timed. Returns the first input error, if any.
std::optional<ParseError> pair_events(History& history, const Source& source,
                                      const PairingOptions& options,
                                      std::vector<std::string>& warnings);

}  // namespace ariadne::ingest
