// Shared parts of the fast procedures of the collections (fifo-queue,
// unordered-queue, stack, set; issue 16): one partition's operations
// indexed by inserted value, and the exact bag check.
//
// Time: each op's interval [s, e] becomes [2s, 2e + 1] ("doubled time"),
// a crashed op's end stays kOpen. Then an op precedes another in real
// time (a.e < b.s) iff their doubled intervals are disjoint, and every
// interval has positive length, so a linearization is a choice of one
// distinct point inside each interval (ties of the original clock become
// free choices, as in the search: calls before returns at equal times).
//
// Precondition of every procedure here: each inserted value is inserted at
// most once in the partition. A repeat, a nil insert (nil is what an empty
// removal returns) or times beyond +-2^61 make it decline.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/fast.h"

namespace ariadne::models::collection {

constexpr int64_t kOpen = INT64_MAX;  // a crashed op's (doubled) end
constexpr int32_t kNone = -1;

// One inserted value. `insert` and `remove` index FastInput::ops.
struct Item {
  uint64_t bits = 0;       // the value's Value bits
  int32_t insert = kNone;  // its insert (ok, or crashed)
  int32_t remove = kNone;  // the ok removal that returned it, if any
};

struct Indexed {
  std::vector<Item> items;        // in order of first appearance
  std::vector<int32_t> item_of;   // per op: its item, or kNone
  std::vector<uint32_t> empties;  // ok removals that saw it empty
  std::vector<uint32_t> crashed_removals;
  std::vector<int64_t> s, e;  // per op: doubled interval
};

// Doubled time of every op; false when some time is out of range.
bool doubled_times(const FastInput& in, std::vector<int64_t>& s, std::vector<int64_t>& e);

// Indexes a queue's or stack's ops: `insert_code` is the model's insert
// (enqueue, push), every other op a removal. Returns a result when the
// indexing alone decides (declined, or invalid: a value removed twice, or
// never inserted, or removed before it was inserted); nullopt otherwise.
std::optional<FastResult> index_removals(const FastInput& in, uint8_t insert_code,
                                         const char* procedure, Indexed& out);

// Whether the partition holds ops of several keys (a keyed history checked
// as one object): the procedures here decline those.
bool several_slots(const FastInput& in);

// The exact decision for a bag (unordered-queue: a removal takes any
// element; a crashed removal any element or none). Valid or invalid, never
// declined. Every FIFO or LIFO linearization is one of the bag too, so an
// invalid answer here refutes fifo-queue and stack as well.
FastResult bag_check(const FastInput& in, const Indexed& x, const char* procedure);

// History::ops indices of ops (partition indices), sorted, unique.
std::vector<uint32_t> witness_of(const FastInput& in, std::vector<int32_t> ops);

FastResult declined(const char* procedure, std::string why);
// "the greedy sweep got stuck at the op of line N and found no violation it
// can prove"
std::string stuck_reason(const FastInput& in, int32_t stuck);
// The input line where op `i` of the partition (FastInput::ops) begins.
uint32_t line_of(const FastInput& in, int32_t i);
FastResult invalid(const FastInput& in, const char* procedure, std::vector<int32_t> ops);
FastResult valid(const char* procedure);
// kUnknown when the budget (time, work) has run out already.
std::optional<FastResult> stopped(const FastInput& in);

// The sweep of priority_queue_fast.cc walks this way: the calls
// and returns of in's ops in time order (x's doubled times: a call and a
// return never tie; ties among calls or among returns are free). At a call
// `call(op)`; at a return `returned(op)`, false when the op cannot be
// placed by then; `settle()` after each. True when every return was met;
// else false with `stuck` the op that could not be placed, or kNone when
// time ran out (in.budget, asked every 65,536 events).
template <class Call, class Returned, class Settle>
bool walk_in_time_order(const FastInput& in, const Indexed& x, Call call, Returned returned,
                        Settle settle, int32_t& stuck) {
  size_t n = in.ops.size();
  std::vector<std::pair<int64_t, int32_t>> events;  // (time, op) call; (time, ~op) return
  events.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    events.push_back({x.s[i], static_cast<int32_t>(i)});
    if (!in.ops[i].crashed) events.push_back({x.e[i], ~static_cast<int32_t>(i)});
  }
  std::sort(events.begin(), events.end());
  size_t seen = 0;
  for (const auto& [t, code] : events) {
    if ((++seen & 0xffff) == 0 && in.budget.reason()) {
      stuck = kNone;
      return false;
    }
    if (code >= 0) {
      call(code);
    } else if (!returned(~code)) {
      stuck = ~code;
      return false;
    }
    settle();
  }
  return true;
}

}  // namespace ariadne::models::collection
