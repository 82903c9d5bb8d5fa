#include "ariadne/stats.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace ariadne {

namespace {

// Event marks for the concurrency sweep.
enum : uint8_t { kStarts = 1, kEnds = 2, kCrashedStarts = 4 };

// Most operations open at once, by a sweep over the events (which are in
// real-time order). Intervals are closed: at equal times, starts count
// before ends. With `crashed`, crashed operations count, open to the end.
size_t max_open(const History& h, const std::vector<uint8_t>& marks, bool crashed) {
  size_t open = 0, best = 0;
  for (size_t i = 0; i < marks.size();) {
    size_t j = i + 1;
    if (h.timed)
      while (j < marks.size() && h.events[j].time == h.events[i].time) ++j;
    for (size_t k = i; k < j; ++k)
      open += ((marks[k] & kStarts) != 0) + (crashed && (marks[k] & kCrashedStarts) != 0);
    best = std::max(best, open);
    for (size_t k = i; k < j; ++k) open -= (marks[k] & kEnds) != 0;
    i = j;
  }
  return best;
}

void count(OpCounts& c, OpStatus s) {
  if (s == OpStatus::kOk)
    ++c.ok;
  else if (s == OpStatus::kFail)
    ++c.fail;
  else
    ++c.crashed;
}

}  // namespace

HistoryStats compute_stats(const History& h) {
  HistoryStats s;
  s.events = h.events.size();
  s.nemesis_events = h.nemesis.size();
  s.timed = h.timed;
  if (h.timed && !h.events.empty()) {
    s.first_time = h.events.front().time;
    s.last_time = h.events.back().time;
  }
  std::unordered_set<Value, ValueHash> processes, keys;
  std::vector<uint8_t> marks(h.events.size(), 0);
  for (const Operation& op : h.ops) {
    count(s.ops, op.status);
    count(s.by_f[std::string(h.f(op).as_text())], op.status);
    processes.insert(h.process(op));
    if (h.has_key(op)) keys.insert(h.key(op));
    uint32_t first = h.first_event_index(op);
    if (op.status == OpStatus::kCrashed) {
      marks[first] |= kCrashedStarts;
    } else {
      marks[first] |= kStarts;
      marks[op.complete] |= kEnds;
    }
  }
  s.processes = processes.size();
  s.keys = keys.size();
  s.max_concurrency = max_open(h, marks, true);
  s.max_concurrency_completed = max_open(h, marks, false);
  return s;
}

std::string stats_text(const HistoryStats& s) {
  std::string out;
  auto line = [&](const std::string& name, const std::string& value) {
    out += name + ": " + value + "\n";
  };
  auto counts = [](const OpCounts& c) {
    return std::to_string(c.total()) + " (ok " + std::to_string(c.ok) + ", fail " +
           std::to_string(c.fail) + ", crashed " + std::to_string(c.crashed) + ")";
  };
  line("events", std::to_string(s.events));
  line("operations", counts(s.ops));
  for (const auto& [f, c] : s.by_f) line("  " + f, counts(c));
  line("nemesis events", std::to_string(s.nemesis_events));
  line("processes", std::to_string(s.processes));
  line("keys", std::to_string(s.keys));
  line("max concurrency", std::to_string(s.max_concurrency) + " (" +
                              std::to_string(s.max_concurrency_completed) +
                              " without crashed operations)");
  if (s.timed) {
    double span = static_cast<double>(s.last_time - s.first_time) / 1e9;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f s", span);
    line("time span", buf);
  } else {
    line("time span", "none (no times; file order is real-time order)");
  }
  return out;
}

std::string stats_json(const HistoryStats& s, const std::string& file) {
  std::string out = "{\"file\":";
  append_json_string(out, file);
  auto counts = [](const OpCounts& c) {
    return "{\"total\":" + std::to_string(c.total()) + ",\"ok\":" + std::to_string(c.ok) +
           ",\"fail\":" + std::to_string(c.fail) + ",\"crashed\":" + std::to_string(c.crashed) +
           "}";
  };
  out += ",\"events\":" + std::to_string(s.events);
  out += ",\"operations\":" + counts(s.ops);
  out += ",\"by_f\":{";
  bool first = true;
  for (const auto& [f, c] : s.by_f) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, f);
    out += ':' + counts(c);
  }
  out += "},\"nemesis_events\":" + std::to_string(s.nemesis_events);
  out += ",\"processes\":" + std::to_string(s.processes);
  out += ",\"keys\":" + std::to_string(s.keys);
  out += ",\"max_concurrency\":" + std::to_string(s.max_concurrency);
  out += ",\"max_concurrency_completed\":" + std::to_string(s.max_concurrency_completed);
  if (s.timed)
    out += ",\"time_span_ns\":" + std::to_string(s.last_time - s.first_time);
  else
    out += ",\"time_span_ns\":null";
  out += '}';
  return out;
}

}  // namespace ariadne
