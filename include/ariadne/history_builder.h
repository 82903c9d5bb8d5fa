// ariadne/history_builder.h — a History made in memory, event by event,
// as read_history_file would make it from the same records.
//
//   HistoryBuilder b("bank");
//   b.invoke(Value::integer(0), "transfer", v).ok(Value::integer(0), "transfer", v);
//   ReadResult r = std::move(b).build();   // r.history, or r.error
//
// Events are taken in the order they are added, which must be real-time
// order (the order in which they happened). An event's `time` (nanoseconds,
// any origin) is optional; when every event has one, the history is timed
// and operations' intervals are those times, else they are the events'
// positions. A `key` makes the event's operation belong to that key
// (per-key checking, models kv, list-append, ...), as the `key` field of a
// record does.
//
// build() pairs each invoke with the next completion of its process, as
// for a file (SPEC section 1). An error (a second invoke of a process whose
// operation is still open, say) is returned in ReadResult::error; its
// `line` is the 1-based position of the event, its file the builder's name.
//
// Thread safety: none; build one history per thread, or use ariadne::Recorder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ariadne/history.h"
#include "ariadne/ingest.h"
#include "ariadne/value.h"

namespace ariadne {

// One event to add; fields as in a history record.
struct EventSpec {
  EventType type = EventType::kInvoke;
  Value process;
  std::string_view f;  // without the colon: "read"
  Value value;
  std::optional<int64_t> time;  // nanoseconds
  std::optional<Value> key;
};

class HistoryBuilder {
 public:
  explicit HistoryBuilder(std::string name = "memory") : name_(std::move(name)) {}

  HistoryBuilder& add(const EventSpec& event);
  HistoryBuilder& invoke(Value process, std::string_view f, Value value = {},
                         std::optional<int64_t> time = {}) {
    return add({EventType::kInvoke, process, f, value, time, {}});
  }
  HistoryBuilder& ok(Value process, std::string_view f, Value value = {},
                     std::optional<int64_t> time = {}) {
    return add({EventType::kOk, process, f, value, time, {}});
  }
  HistoryBuilder& fail(Value process, std::string_view f, Value value = {},
                       std::optional<int64_t> time = {}) {
    return add({EventType::kFail, process, f, value, time, {}});
  }
  HistoryBuilder& info(Value process, std::string_view f, Value value = {},
                       std::optional<int64_t> time = {}) {
    return add({EventType::kInfo, process, f, value, time, {}});
  }

  size_t size() const { return events_.size(); }

  // The history, or the first error. The builder is left empty.
  ReadResult build() &&;

 private:
  std::string name_;
  std::vector<Event> events_;
};

}  // namespace ariadne
