// Turns records (syntax) into events (meaning): which fields are the
// event's type, process, f, value, key and time, and which are kept aside.
#pragma once

#include <optional>
#include <vector>

#include "ariadne/history.h"
#include "ingest/pairing.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

// A RecordSink that appends one Event per record, or two for a complete
// operation record (`start`/`end`): a synthetic invoke at `start` and its
// completion at `end`, adjacent and both flagged kCompleteRecord.
//
// Semantic errors (missing `type`, a `time` that is not an integer, ...)
// stop reading with `error` set; under `lenient` the record is skipped and
// counted in `skipped` instead.
class EventBuilder : public RecordSink {
 public:
  // Events go to region[0, capacity) first, then to `events`.
  EventBuilder(const Source& source, bool lenient, Event* region = nullptr, size_t capacity = 0);

  bool add(const Record& record) override;

  size_t placed = 0;          // events written to the region
  std::vector<Event> events;  // the events after the region's
  EventSummary summary;       // of all events, in order
  std::optional<ParseError> error;
  size_t skipped = 0;

 private:
  void push(const Event& e) {
    if (placed < capacity_)
      region_[placed++] = e;
    else
      events.push_back(e);
    summary.add(e);
  }
  // Sets `error` (or counts a skip); returns whether reading may go on.
  bool fail(const Record& record, size_t offset, std::string message);

  const Source& source_;
  bool lenient_;
  Event* region_;
  size_t capacity_;
  std::vector<Value> extra_;  // reused buffer of extra field pairs
};

}  // namespace ariadne::ingest
