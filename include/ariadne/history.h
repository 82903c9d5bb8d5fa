// ariadne/history.h — events as recorded, and the operations they form.
//
// A History holds the events of one input in real-time order (file order,
// or stable-sorted by `time` when every event has one) and the operations
// built from them by pairing each invoke with the next completion of the
// same process (SPEC section 1). Nemesis events are kept for display and
// are never part of an operation.
//
// Real time: an operation occupies the closed interval [start, end] on the
// history's clock — nanoseconds when the history is timed, else the
// position of its events in file order. Operation a precedes b iff
// a.end < b.start. A crashed operation (`info`, or an invoke never
// completed) has end == kNever: nothing follows it.
//
// Thread safety: a History is immutable once built; share it freely.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ariadne/value.h"

namespace ariadne {

enum class EventType : uint8_t { kInvoke, kOk, kFail, kInfo };

std::string_view event_type_name(EventType type);

struct Event {
  enum Flags : uint8_t {
    kHasKey = 1,          // `key` came from the input (or from --independent)
    kHasTime = 2,         // `time` came from the input
    kNemesis = 4,         // process is the fault injector
    kCompleteRecord = 8,  // one of the two events made from a start/end record
    kSplitTuple = 16,     // `value` was a [key value] tuple split by --independent
    kHasIndex = 32,       // `index` came from the input
  };

  Value process;
  Value f;            // always a keyword
  Value value;        // the invoke's argument, or the completion's result
  Value key;          // meaningful when kHasKey
  Value extra;        // every other field of the record, as a map (null if none)
  int64_t time = 0;   // meaningful when kHasTime; `start`/`end` for complete records
  int64_t index = 0;  // meaningful when kHasIndex
  uint32_t line = 0;  // 1-based line where the record starts
  EventType type = EventType::kInvoke;
  uint8_t flags = 0;

  bool has(Flags f) const { return (flags & f) != 0; }
};

enum class OpStatus : uint8_t {
  kOk,       // happened; the completion's value is its result
  kFail,     // certainly did not happen
  kCrashed,  // info, or never completed: may have happened, at most once
};

std::string_view op_status_name(OpStatus status);

// An operation refers to its events; its interval is worked out from them
// (History::start and History::end), so that it costs 12 bytes.
struct Operation {
  static constexpr uint32_t kNoEvent = std::numeric_limits<uint32_t>::max();
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  uint32_t invoke = kNoEvent;    // kNoEvent: a completion with no invoke
  uint32_t complete = kNoEvent;  // kNoEvent: never completed
  OpStatus status = OpStatus::kCrashed;
};

class History {
 public:
  std::string name;               // file name as given, or "-"
  std::vector<Event> events;      // real-time order
  std::vector<Operation> ops;     // sorted by start, then by invoke position
  std::vector<uint32_t> nemesis;  // indices of nemesis events
  bool timed = false;             // intervals are nanoseconds, not positions
  int64_t clock_skew = 0;         // already applied to every interval

  // The event that names the operation: its invoke, else its completion.
  uint32_t first_event_index(const Operation& op) const {
    return op.invoke != Operation::kNoEvent ? op.invoke : op.complete;
  }
  const Event& first_event(const Operation& op) const { return events[first_event_index(op)]; }

  // The closed interval [start, end] of an operation on the history's clock:
  // nanoseconds widened by clock_skew when timed, else event positions.
  int64_t start(const Operation& op) const {
    uint32_t e = first_event_index(op);
    return timed ? widen(events[e].time, -clock_skew) : static_cast<int64_t>(e);
  }
  int64_t end(const Operation& op) const {
    if (op.status == OpStatus::kCrashed) return Operation::kNever;
    return timed ? widen(events[op.complete].time, clock_skew) : static_cast<int64_t>(op.complete);
  }
  Value process(const Operation& op) const { return first_event(op).process; }
  Value f(const Operation& op) const { return first_event(op).f; }
  bool has_key(const Operation& op) const { return first_event(op).has(Event::kHasKey); }
  Value key(const Operation& op) const { return first_event(op).key; }
  // The argument: the invoke's value (the completion's, with no invoke).
  Value argument(const Operation& op) const { return first_event(op).value; }
  // The result: the ok completion's value; null otherwise.
  Value result(const Operation& op) const {
    return op.status == OpStatus::kOk ? events[op.complete].value : Value();
  }

 private:
  static int64_t widen(int64_t t, int64_t by) {
    int64_t r;
    if (__builtin_add_overflow(t, by, &r)) return by > 0 ? Operation::kNever - 1 : INT64_MIN;
    return r;
  }
};

// The sub-history of some operations: their events (invoke and completion,
// with every field and line as recorded), in the order of `h`, paired again
// into the same operations. Nemesis events are left out. `ops` are indices
// into h.ops, ascending; the result's ops are in the same order, so
// result.ops[i] is h.ops[ops[i]].
History sub_history(const History& h, const std::vector<uint32_t>& ops);

}  // namespace ariadne
