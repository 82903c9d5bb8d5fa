// ariadne/stats.h — what a history holds, at a glance (`ariadne stats`).
//
// Thread safety: pure functions of an immutable History.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "ariadne/history.h"

namespace ariadne {

struct OpCounts {
  size_t ok = 0, fail = 0, crashed = 0;
  size_t total() const { return ok + fail + crashed; }
};

struct HistoryStats {
  size_t events = 0;
  size_t nemesis_events = 0;
  OpCounts ops;                          // by outcome
  std::map<std::string, OpCounts> by_f;  // keyed by f's name
  size_t processes = 0;                  // distinct non-nemesis processes
  size_t keys = 0;                       // distinct keys among operations with one
  // Most operations open at once. A crashed operation stays open to the end.
  size_t max_concurrency = 0;
  // Same, counting only operations that completed (ok or fail).
  size_t max_concurrency_completed = 0;
  bool timed = false;
  int64_t first_time = 0, last_time = 0;  // over all events, when timed
};

HistoryStats compute_stats(const History& history);

// Plain text, one "name: value" per line.
std::string stats_text(const HistoryStats& stats);
// One JSON object (no trailing newline).
std::string stats_json(const HistoryStats& stats, const std::string& file);

}  // namespace ariadne
