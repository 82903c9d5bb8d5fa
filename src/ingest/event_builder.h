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
  EventBuilder(const Source& source, bool lenient);

  bool add(const Record& record) override;

  std::vector<Event> events;
  EventSummary summary;  // of `events`
  std::optional<ParseError> error;
  size_t skipped = 0;

 private:
  void push(const Event& e) {
    events.push_back(e);
    summary.add(e);
  }
  // Sets `error` (or counts a skip); returns whether reading may go on.
  bool fail(const Record& record, size_t offset, std::string message);

  const Source& source_;
  bool lenient_;
  std::vector<Value> extra_;  // reused buffer of extra field pairs
};

}  // namespace ariadne::ingest
