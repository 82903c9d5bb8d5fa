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

// Facts about events in file order, gathered as they are built so that
// pairing need not scan them again.
struct EventSummary {
  size_t events = 0;
  bool all_timed = true;      // every event has a time
  bool any_complete = false;  // some event came from a start/end record
  bool time_sorted = true;    // times never decrease; meaningful when all_timed
  int64_t first_time = 0;     // of the first event, when all_timed
  int64_t last_time = 0;      // of the last event, when all_timed

  void add(const Event& e) {
    bool timed = e.has(Event::kHasTime);
    all_timed = all_timed && timed;
    any_complete = any_complete || e.has(Event::kCompleteRecord);
    if (timed) {
      if (events == 0) first_time = e.time;
      time_sorted = time_sorted && (events == 0 || e.time >= last_time);
      last_time = e.time;
    }
    ++events;
  }
  // Summarises this run of events followed by `next`'s.
  void append(const EventSummary& next);
};

// REQUIRES: history.events in file order, as the builder made them, and
// `summary` made from exactly those events.
// Orders the events in real time, splits [key value] tuples (independent),
// pairs invokes with completions and fills history.ops, history.nemesis,
// history.timed. Returns the first input error, if any.
std::optional<ParseError> pair_events(History& history, const Source& source,
                                      const PairingOptions& options, const EventSummary& summary,
                                      std::vector<std::string>& warnings);

}  // namespace ariadne::ingest
