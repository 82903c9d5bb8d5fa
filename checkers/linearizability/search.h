// Wing & Gong's linearizability search with Lowe's cache (G. Lowe, "Testing
// for linearizability", 2017), over one partition of a history.
//
// Invariants:
//  * `entries` is a doubly linked list, in real-time order, of a call entry
//    per operation and a return entry per operation that returned (calls
//    before returns at equal times: intervals are closed). Linearizing an
//    operation lifts its call and return out of the list; backtracking puts
//    them back (dancing links, in reverse order of removal).
//  * An operation may be linearized next iff its call lies before the first
//    return in the list: no operation still to be linearized returned
//    before it was invoked.
//  * A cache entry (linearized set, state) means: the search has reached this
//    configuration before, so everything reachable from it has been tried
//    or is being tried. Equal states have equal words (model.h), and the
//    comparison is exact, so the cache never prunes a new configuration.
//  * "Linearized", for a crashed operation (info, or never completed), means
//    "took effect at this point". A crashed operation has a call entry and
//    no return entry: it may be linearized at any point after its call, or
//    never. The search succeeds as soon as every ok operation is linearized;
//    crashed ones still in the list simply never happened.
//
// Why this is exact: a crashed operation may have taken effect at any point
// after its invocation, or not at all. Each linearization of the history
// picks a subset of the crashed operations and an order; the search tries
// every minimal operation at every step, crashed ones included, so it
// reaches every such choice (up to the cache, which only drops repeats).
// Conversely everything the search accepts is such a choice.
//
// Why not close crashed operations "at the end of the history" (as Knossos
// and Porcupine do): that makes every crashed operation mandatory, so with
// k crashed operations pending at the end the search must place all of them
// in every branch, and on a non-linearizable history it explores their
// interleavings (up to k! orders, 2^k subsets in the cache) before it can
// give up. Here a crashed operation that changes nothing is never placed
// (its step is skipped when the state would not change), and one that is
// never needed is never placed at all.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "linearizability/cache.h"
#include "linearizability/model.h"

namespace ariadne::lin {

// An operation's real-time interval (closed); end == Operation::kNever for
// a crashed operation.
struct Interval {
  int64_t start, end;
};

struct SearchOutcome {
  Verdict verdict = Verdict::kValid;
  std::string reason;
  bool cancelled = false;
  uint64_t states = 0;
  size_t best_ok = 0;                     // most ok operations placed at once
  std::vector<uint32_t> longest_prefix;   // indices into the partition's ops
  int64_t stuck = -1;                     // index into the partition's ops
  std::vector<std::string> stuck_states;
};

namespace detail {

constexpr size_t kMaxStuckStates = 8;

// Periodic checks of time, memory and cancellation.
inline bool should_stop(const Limits& limits, SearchOutcome& out, uint64_t& reported) {
  if (limits.explored) {
    limits.explored->fetch_add(out.states - reported, std::memory_order_relaxed);
    reported = out.states;
  }
  if (limits.max_states != 0 && out.states >= limits.max_states) {
    out.verdict = Verdict::kUnknown;
    out.reason = kOverBudget;
    return true;
  }
  if (limits.cancel && limits.cancel->load(std::memory_order_relaxed)) {
    out.cancelled = true;
    out.verdict = Verdict::kUnknown;
    out.reason = "cancelled";
    return true;
  }
  if (std::chrono::steady_clock::now() >= limits.deadline) {
    out.verdict = Verdict::kUnknown;
    out.reason = "timeout";
    return true;
  }
  if (limits.memory && limits.memory->exhausted()) {
    out.verdict = Verdict::kUnknown;
    out.reason = "memory limit";
    return true;
  }
  return false;
}

}  // namespace detail

// REQUIRES: ops[i] spans times[i]. The model may be stateful only in
// prepare(); step() is const.
template <class Model>
SearchOutcome search_linearizable(const Model& model, const std::vector<PreparedOp>& ops,
                                  const std::vector<Interval>& times, const Limits& limits) {
  SearchOutcome out;
  const uint32_t n = static_cast<uint32_t>(ops.size());
  // Entries: 2i is the call of op i, 2i+1 its return. Node 2n is the head.
  struct Point {
    int64_t time;
    uint32_t entry;
  };
  std::vector<Point> points;
  points.reserve(2 * n);
  size_t total_ok = 0;
  for (uint32_t i = 0; i < n; ++i) {
    points.push_back({times[i].start, 2 * i});
    if (!ops[i].crashed) {
      points.push_back({times[i].end, 2 * i + 1});
      ++total_ok;
    }
  }
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    if (a.time != b.time) return a.time < b.time;
    bool ca = (a.entry & 1) == 0, cb = (b.entry & 1) == 0;
    if (ca != cb) return ca;  // calls first: closed intervals
    return a.entry < b.entry;
  });
  const uint32_t head = 2 * n, none = UINT32_MAX;
  std::vector<uint32_t> next(2 * n + 1, none), prev(2 * n + 1, none);
  uint32_t last = head;
  for (const Point& p : points) {
    next[last] = p.entry;
    prev[p.entry] = last;
    last = p.entry;
  }
  auto unlink = [&](uint32_t e) {
    next[prev[e]] = next[e];
    if (next[e] != none) prev[next[e]] = prev[e];
  };
  auto relink = [&](uint32_t e) {
    next[prev[e]] = e;
    if (next[e] != none) prev[next[e]] = e;
  };
  auto lift = [&](uint32_t op) {
    unlink(2 * op);
    if (!ops[op].crashed) unlink(2 * op + 1);
  };
  auto unlift = [&](uint32_t op) {
    if (!ops[op].crashed) relink(2 * op + 1);
    relink(2 * op);
  };

  const size_t words = (n + 63) / 64;
  std::vector<uint64_t> linearized(words, 0);
  uint64_t set_hash = 0;
  StateCache cache(words, *limits.memory);

  struct Frame {
    uint32_t op;
    uint32_t alt;
    size_t saved;  // offset of the saved state in `saved_states`
  };
  std::vector<Frame> stack;
  std::vector<uint64_t> saved_states;
  State state, successor;
  model.initial(state);
  size_t remaining = total_ok;
  size_t best_recorded = 0;
  bool recorded_any = false;
  uint64_t reported = 0;

  auto flip = [&](uint32_t op) {
    linearized[op / 64] ^= uint64_t{1} << (op % 64);
    set_hash ^= StateCache::op_key(op);
  };

  uint32_t entry = next[head];
  unsigned alt = 0;
  while (true) {
    if (remaining == 0) {
      out.verdict = Verdict::kValid;
      break;
    }
    if ((++out.states & 1023) == 0 && detail::should_stop(limits, out, reported)) break;
    if (entry == none || (entry & 1) == 1) {
      // A return (or the end): its operation can no longer be linearized
      // after the current prefix. Note where we are, then backtrack.
      size_t placed = total_ok - remaining;
      if (!recorded_any || placed > best_recorded) {
        recorded_any = true;
        best_recorded = placed;
        out.best_ok = placed;
        out.longest_prefix.clear();
        for (const Frame& f : stack) out.longest_prefix.push_back(f.op);
        out.stuck = entry == none ? -1 : static_cast<int64_t>(entry / 2);
        out.stuck_states.clear();
      }
      if (placed == best_recorded && out.stuck_states.size() < detail::kMaxStuckStates) {
        std::string d = model.describe(state);
        if (std::find(out.stuck_states.begin(), out.stuck_states.end(), d) == out.stuck_states.end())
          out.stuck_states.push_back(std::move(d));
      }
      if (stack.empty()) {
        out.verdict = Verdict::kInvalid;
        break;
      }
      Frame f = stack.back();
      stack.pop_back();
      state.assign(saved_states.begin() + f.saved, saved_states.end());
      saved_states.resize(f.saved);
      unlift(f.op);
      flip(f.op);
      if (!ops[f.op].crashed) ++remaining;
      if constexpr (Model::kNondeterministic) {
        entry = 2 * f.op;
        alt = f.alt + 1;
      } else {
        entry = next[2 * f.op];
        alt = 0;
      }
      continue;
    }
    const uint32_t op = entry / 2;
    const PreparedOp& p = ops[op];
    if (model.step(state, p, alt, successor)) {
      // A crashed operation that changes nothing need not be placed.
      if (!(p.crashed && successor == state)) {
        flip(op);
        uint64_t h = StateCache::combine(set_hash, successor);
        auto inserted = cache.insert(linearized.data(), successor, h);
        if (inserted == StateCache::Insert::kNew) {
          stack.push_back({op, alt, saved_states.size()});
          saved_states.insert(saved_states.end(), state.begin(), state.end());
          state.swap(successor);
          lift(op);
          if (!p.crashed) --remaining;
          entry = next[head];
          alt = 0;
          continue;
        }
        flip(op);
        if (inserted == StateCache::Insert::kNoMemory) {
          out.verdict = Verdict::kUnknown;
          out.reason = "memory limit";
          break;
        }
      }
      if constexpr (Model::kNondeterministic) {
        ++alt;
        continue;
      }
    }
    entry = next[entry];
    alt = 0;
  }
  if (limits.explored) limits.explored->fetch_add(out.states - reported, std::memory_order_relaxed);
  if (out.verdict != Verdict::kInvalid) {
    out.best_ok = std::max(out.best_ok, total_ok - remaining);
  }
  return out;
}

}  // namespace ariadne::lin
