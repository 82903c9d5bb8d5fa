// Invariants of the result:
//  * events are in real-time order: stable-sorted by `time` when every event
//    has one, else in file order (the order the builder produced them);
//  * every non-nemesis event belongs to exactly one operation;
//  * ops are sorted by (start, index of their first event);
//  * an op's interval is closed; kNever as end means "never returned".
#include "ingest/pairing.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>

namespace ariadne::ingest {

namespace {

size_t offset_of_line(std::string_view data, uint32_t line) {
  size_t offset = 0;
  for (uint32_t l = 1; l < line; ++l) {
    // An empty source (a history built in memory) may have no data pointer
    // at all: memchr must not see it.
    if (offset >= data.size()) return data.size();
    const void* nl = std::memchr(data.data() + offset, '\n', data.size() - offset);
    if (nl == nullptr) return data.size();
    offset = static_cast<const char*>(nl) - data.data() + 1;
  }
  return offset;
}

// Sorts events by time (stable) in place. Returns old index -> new index.
// REQUIRES: the events are not sorted by time already.
std::vector<uint32_t> sort_by_time(std::vector<Event>& ev) {
  size_t n = ev.size();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<uint32_t> pos(n);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ev[a].time < ev[b].time; });
  for (size_t j = 0; j < n; ++j) pos[order[j]] = static_cast<uint32_t>(j);
  // Apply new[j] = old[order[j]] in place, cycle by cycle.
  for (size_t i = 0; i < n; ++i) {
    if (order[i] == i) continue;
    Event tmp = ev[i];
    size_t j = i;
    while (true) {
      size_t k = order[j];
      order[j] = static_cast<uint32_t>(j);
      if (k == i) {
        ev[j] = tmp;
        break;
      }
      ev[j] = ev[k];
      j = k;
    }
  }
  return pos;
}

std::string describe_process(Value p) { return to_edn(p); }

// Each process's slot, numbered in order of first appearance. Small
// non-negative integer processes (Jepsen's) are looked up in a vector,
// others in a hash map.
class ProcessSlots {
 public:
  // The slot of p, and whether it is new.
  std::pair<uint32_t, bool> find_or_add(Value p) {
    if (p.kind() == Kind::kInt && p.as_int() >= 0 && p.as_int() < kDirect) {
      size_t i = static_cast<size_t>(p.as_int());
      if (i >= direct_.size()) direct_.resize(std::max(i + 1, 2 * direct_.size()), kNone);
      if (direct_[i] != kNone) return {direct_[i], false};
      direct_[i] = count_;
      return {count_++, true};
    }
    auto [it, fresh] = others_.try_emplace(p, count_);
    if (fresh) ++count_;
    return {it->second, fresh};
  }

 private:
  static constexpr int64_t kDirect = 1 << 20;
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> direct_;
  std::unordered_map<Value, uint32_t, ValueHash> others_;
  uint32_t count_ = 0;
};

}  // namespace

void EventSummary::append(const EventSummary& next) {
  if (next.events == 0) return;
  if (events == 0) {
    *this = next;
    return;
  }
  time_sorted = time_sorted && next.time_sorted && last_time <= next.first_time;
  all_timed = all_timed && next.all_timed;
  any_complete = any_complete || next.any_complete;
  last_time = next.last_time;
  events += next.events;
}

std::optional<ParseError> pair_events(History& h, const Source& source,
                                      const PairingOptions& options, const EventSummary& summary,
                                      std::vector<std::string>& warnings) {
  std::vector<Event>& ev = h.events;
  size_t n = ev.size();
  auto error_at_line = [&](uint32_t line, std::string message) {
    return source.error_at(offset_of_line(source.data, line), line, std::move(message));
  };
  if (n >= Operation::kNoEvent)
    return error_at_line(1, "expected fewer than 2^32 events, got more");

  bool all_timed = n > 0 && summary.all_timed;
  bool any_complete = summary.any_complete;
  if (any_complete && !all_timed) {
    auto it =
        std::find_if(ev.begin(), ev.end(), [](const Event& e) { return !e.has(Event::kHasTime); });
    return error_at_line(it->line,
                         "expected field \"time\" (records with start and end are ordered by "
                         "time, so every event needs one), got none");
  }
  h.timed = all_timed;
  h.clock_skew = all_timed ? options.clock_skew_ns : 0;
  if (options.clock_skew_ns > 0 && !all_timed)
    warnings.push_back(
        "--clock-skew ignored: not every event has a time, so file order is "
        "real-time order");

  // Complete records: the completion directly follows its invoke before sorting.
  std::vector<uint32_t> partner;
  if (any_complete) {
    partner.assign(n, Operation::kNoEvent);
    for (size_t i = 0; i + 1 < n; ++i)
      if (ev[i].has(Event::kCompleteRecord) && ev[i].type == EventType::kInvoke)
        partner[i] = static_cast<uint32_t>(i + 1);
  }
  if (all_timed && !summary.time_sorted) {
    std::vector<uint32_t> pos = sort_by_time(ev);
    if (any_complete) {
      std::vector<uint32_t> moved(n, Operation::kNoEvent);
      for (size_t i = 0; i < n; ++i)
        if (partner[i] != Operation::kNoEvent) moved[pos[i]] = pos[partner[i]];
      partner.swap(moved);
    }
  }

  if (options.independent) {
    for (Event& e : ev) {
      if (e.has(Event::kNemesis)) continue;
      if (e.value.kind() == Kind::kVector && e.value.size() == 2) {
        auto kv = e.value.items();
        e.key = kv[0];
        e.value = kv[1];
        e.flags |= Event::kHasKey | Event::kSplitTuple;
      } else if (e.type == EventType::kInvoke || e.type == EventType::kOk) {
        return error_at_line(e.line,
                             "expected value to be a [key value] tuple (--independent), got " +
                                 describe_value(e.value));
      }
    }
  }

  auto status_of = [](EventType t) {
    return t == EventType::kOk     ? OpStatus::kOk
           : t == EventType::kFail ? OpStatus::kFail
                                   : OpStatus::kCrashed;
  };

  // Ops are appended at their first event, so they come out sorted by it,
  // and so by start (events are in real-time order). Each process has a
  // slot, made at its first event and never removed; open_op[slot] is the
  // op its last invoke opened, or kNoEvent.
  ProcessSlots slots;
  std::vector<uint32_t> open_op;
  size_t closed_by_reinvoke = 0;
  h.ops.clear();
  h.ops.reserve(n / 2 + 1);
  for (uint32_t i = 0; i < n; ++i) {
    const Event& e = ev[i];
    if (e.has(Event::kNemesis)) {
      h.nemesis.push_back(i);
      continue;
    }
    if (e.has(Event::kCompleteRecord)) {
      if (e.type == EventType::kInvoke) {
        uint32_t c = partner[i];
        h.ops.push_back({i, c, status_of(ev[c].type)});
      }
      continue;
    }
    auto [slot, fresh] = slots.find_or_add(e.process);
    if (fresh) open_op.push_back(Operation::kNoEvent);
    uint32_t& open = open_op[slot];
    if (e.type == EventType::kInvoke) {
      if (open != Operation::kNoEvent) {
        uint32_t prev = h.ops[open].invoke;
        if (!options.lenient)
          return error_at_line(e.line, "expected a completion of process " +
                                           describe_process(e.process) + "'s " +
                                           to_edn(ev[prev].f) + " (invoked at line " +
                                           std::to_string(ev[prev].line) + "), got another invoke");
        ++closed_by_reinvoke;  // the earlier op stays crashed
      }
      open = static_cast<uint32_t>(h.ops.size());
      h.ops.push_back({i, Operation::kNoEvent, OpStatus::kCrashed});
      continue;
    }
    if (open == Operation::kNoEvent) {  // a completion alone: a point interval
      h.ops.push_back({Operation::kNoEvent, i, status_of(e.type)});
      continue;
    }
    Operation& op = h.ops[open];
    open = Operation::kNoEvent;
    if (ev[op.invoke].f != e.f && !options.lenient)
      return error_at_line(
          e.line, "expected a completion of process " + describe_process(e.process) + "'s " +
                      to_edn(ev[op.invoke].f) + " (invoked at line " +
                      std::to_string(ev[op.invoke].line) + "), got " + to_edn(e.f));
    op.complete = i;
    op.status = status_of(e.type);
  }
  if (closed_by_reinvoke > 0)
    warnings.push_back(std::to_string(closed_by_reinvoke) +
                       " operations were invoked again before completing; the earlier invokes "
                       "are treated as crashed (--lenient)");
  return std::nullopt;
}

}  // namespace ariadne::ingest
