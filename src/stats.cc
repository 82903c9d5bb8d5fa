#include "ariadne/stats.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace ariadne {

namespace {

// Largest number of closed intervals [start, end] sharing a point.
size_t max_overlap(std::vector<int64_t> starts, std::vector<int64_t> ends) {
  std::sort(starts.begin(), starts.end());
  std::sort(ends.begin(), ends.end());
  size_t open = 0, best = 0, j = 0;
  for (int64_t s : starts) {
    while (j < ends.size() && ends[j] < s) {  // closed intervals: equal times overlap
      ++j;
      --open;
    }
    best = std::max(best, ++open);
  }
  return best;
}

void count(OpCounts& c, OpStatus s) {
  if (s == OpStatus::kOk) ++c.ok;
  else if (s == OpStatus::kFail) ++c.fail;
  else ++c.crashed;
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
  std::vector<int64_t> starts, ends, done_starts, done_ends;
  starts.reserve(h.ops.size());
  ends.reserve(h.ops.size());
  for (const Operation& op : h.ops) {
    count(s.ops, op.status);
    count(s.by_f[std::string(h.f(op).as_text())], op.status);
    processes.insert(h.process(op));
    if (h.has_key(op)) keys.insert(h.key(op));
    starts.push_back(op.start);
    ends.push_back(op.end);
    if (op.status != OpStatus::kCrashed) {
      done_starts.push_back(op.start);
      done_ends.push_back(op.end);
    }
  }
  s.processes = processes.size();
  s.keys = keys.size();
  s.max_concurrency = max_overlap(std::move(starts), std::move(ends));
  s.max_concurrency_completed = max_overlap(std::move(done_starts), std::move(done_ends));
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
           ",\"fail\":" + std::to_string(c.fail) + ",\"crashed\":" + std::to_string(c.crashed) + "}";
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
