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
//  * Lookahead (models that offer it, model.h): every ok read must still be
//    placed after the current prefix. Let r be the unplaced watched read
//    that returned first. If no unplaced reset op was invoked before r
//    returned, only forward ops can come between the prefix and r; when the
//    model says none of their sequences makes r legal, the prefix extends
//    to no linearization and is dropped. Cursors: every watched read before
//    `watch_at_` (in order of return) and every reset before `reset_at_`
//    (in order of invocation) is placed.
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
#include <concepts>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "linearizability/cache.h"
#include "linearizability/model.h"
#include "linearizability/placed_set.h"

namespace ariadne::lin {

struct SearchOutcome {
  Verdict verdict = Verdict::kValid;
  std::string reason;
  bool cancelled = false;
  uint64_t states = 0;
  size_t best_ok = 0;                    // most ok operations placed at once
  std::vector<uint32_t> longest_prefix;  // indices into the partition's ops
  int64_t stuck = -1;                    // index into the partition's ops
  std::vector<std::string> stuck_states;
};

namespace detail {

constexpr size_t kMaxStuckStates = 8;

// Periodic checks of time, memory and cancellation.
inline bool should_stop(const Limits& limits, SearchOutcome& out, uint64_t& reported) {
  if (limits.explored) limits.explored->fetch_add(out.states - reported, std::memory_order_relaxed);
  if (limits.budget) limits.budget->spend(out.states - reported);
  reported = out.states;
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
  if (const char* why = limits.budget ? limits.budget->reason() : nullptr) {
    out.verdict = Verdict::kUnknown;
    out.reason = why;
    return true;
  }
  if (limits.memory && limits.memory->refused()) {
    out.verdict = Verdict::kUnknown;
    out.reason = "memory limit";
    return true;
  }
  return false;
}

}  // namespace detail

template <class Model>
concept HasLookahead = requires(const Model& m, const PreparedOp& op, Words s) {
  { m.resets(op) } -> std::same_as<bool>;
  { m.watched(op) } -> std::same_as<bool>;
  { m.unreachable(s, op) } -> std::same_as<bool>;
};

// One partition's search, resumable: run() goes on from where the last
// call stopped (a state budget, say) until it decides or stops again.
// REQUIRES: ops[i] spans times[i]; model, ops and times outlive the search.
// The model may be stateful only in prepare(); step() is const.
template <class Model>
class LinearizableSearch {
 public:
  LinearizableSearch(const Model& model, const std::vector<PreparedOp>& ops,
                     const std::vector<Interval>& times, MemoryBudget& memory)
      : model_(model),
        ops_(ops),
        n_(static_cast<uint32_t>(ops.size())),
        memory_(memory),
        fixed_(memory, fixed_bytes(ops.size())),
        placed_(n_),
        cache_(memory) {
    // Entries: 2i is the call of op i, 2i+1 its return. Node 2n is the head.
    struct Point {
      int64_t time;
      uint32_t entry;
    };
    std::vector<Point> points;
    points.reserve(2 * n_);
    for (uint32_t i = 0; i < n_; ++i) {
      points.push_back({times[i].start, 2 * i});
      if (!ops[i].crashed) {
        points.push_back({times[i].end, 2 * i + 1});
        ++total_ok_;
      }
    }
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
      if (a.time != b.time) return a.time < b.time;
      bool ca = (a.entry & 1) == 0, cb = (b.entry & 1) == 0;
      if (ca != cb) return ca;  // calls first: closed intervals
      return a.entry < b.entry;
    });
    head_ = 2 * n_;
    next_.assign(2 * n_ + 1, kNone);
    prev_.assign(2 * n_ + 1, kNone);
    uint32_t last = head_;
    for (const Point& p : points) {
      next_[last] = p.entry;
      prev_[p.entry] = last;
      last = p.entry;
    }
    if constexpr (HasLookahead<Model>) prepare_lookahead(times);
    model_.initial(state_);
    initial_ = state_;
    remaining_ = total_ok_;
    entry_ = next_[head_];
  }

  ~LinearizableSearch() { memory_.give(stuck_paid_); }
  LinearizableSearch(const LinearizableSearch&) = delete;
  LinearizableSearch& operator=(const LinearizableSearch&) = delete;

  // Searches until a verdict, or until `limits` stop it (verdict unknown,
  // with the reason); then it may be called again.
  const SearchOutcome& run(const Limits& limits) {
    SearchOutcome& out = out_;
    out.verdict = Verdict::kUnknown;
    out.reason.clear();
    uint64_t reported = out.states;
    if (!fixed_.ok()) {
      out.reason = "memory limit";
      return out;
    }
    // Two passes over the candidates at each node: pure ops first (a legal
    // one is forced), then the others.
    while (true) {
      if (remaining_ == 0) {
        out.verdict = Verdict::kValid;
        break;
      }
      if ((out.states & 1023) == 0 && out.states != reported &&
          detail::should_stop(limits, out, reported))
        break;
      ++out.states;
      bool dead_end = false;  // no linearization extends the current prefix
      if (entry_ == kNone || (entry_ & 1) == 1) {
        if (pass_ == 0) {
          pass_ = 1;
          entry_ = next_[head_];
          alt_ = 0;
          continue;
        }
        // A return (or the end): its operation can no longer be linearized
        // after the current prefix.
        record_stuck(entry_ == kNone ? -1 : static_cast<int64_t>(entry_ / 2), state_, nullptr);
        dead_end = true;
      } else {
        const uint32_t op = entry_ / 2;
        const PreparedOp& p = ops_[op];
        if ((pass_ == 0) != p.pure) {
          entry_ = next_[entry_];
          continue;
        }
        if (model_.step(state_, p, alt_, successor_)) {
          bool unchanged = successor_ == state_;
          // A crashed operation that changes nothing here need not be placed
          // here (it stays available). A pure op (one that never changes any
          // state) that is legal here can be moved here in every
          // linearization that extends this prefix: it is minimal, so no
          // unplaced op must precede it, and nothing after it sees a
          // difference. So it is the only choice worth trying: a "forced"
          // placement. (An op that merely leaves *this* state unchanged, a
          // write of the current value, is not: later it may change another.)
          if (!(p.crashed && unchanged)) {
            bool forced = p.pure;
            flip(op);
            if constexpr (HasLookahead<Model>) {
              if (!unchanged && doomed(successor_)) {
                // Reported as if op were placed and the read tried next.
                record_stuck(doomed_read_, successor_, &op);
                unflip(op);
                entry_ = next_[entry_];
                alt_ = 0;
                continue;
              }
            }
            uint64_t h = StateCache::combine(placed_.hash(), successor_);
            placed_.key(key_);
            uint64_t at = 0;
            auto inserted = cache_.insert(key_, successor_, h, &at);
            if (inserted == StateCache::Insert::kNew) {
              stack_.push_back({op, alt_, forced, state_at_});
              state_at_ = at;
              state_.swap(successor_);
              lift(op);
              if (!p.crashed) --remaining_;
              entry_ = next_[head_];
              alt_ = 0;
              pass_ = 0;
              continue;
            }
            unflip(op);
            if (inserted == StateCache::Insert::kNoMemory) {
              out.reason = "memory limit";
              break;
            }
            dead_end = forced;  // the forced choice was explored before, and failed
          }
          if (!dead_end) {
            if constexpr (Model::kNondeterministic) {
              ++alt_;
              continue;
            }
          }
        }
        if (!dead_end) {
          entry_ = next_[entry_];
          alt_ = 0;
          continue;
        }
      }
      if (!backtrack()) {
        out.verdict = Verdict::kInvalid;
        describe_stuck_states();
        break;
      }
    }
    if (limits.explored)
      limits.explored->fetch_add(out.states - reported, std::memory_order_relaxed);
    if (limits.budget) limits.budget->spend(out.states - reported);
    if (out.verdict != Verdict::kInvalid)
      out.best_ok = std::max(out.best_ok, total_ok_ - remaining_);
    return out;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Frame {
    uint32_t op;
    uint32_t alt;
    bool forced;      // placed as a state-preserving op: no alternative to try
    uint64_t before;  // where the state before op is: state_at_ then
  };

  // state_ = the state state_at_ names.
  void restore_state() {
    if (state_at_ == kInitial) {
      state_ = initial_;
    } else {
      Words w = cache_.state_at(state_at_);
      state_.assign(w.begin(), w.end());
    }
  }

  void unlink(uint32_t e) {
    next_[prev_[e]] = next_[e];
    if (next_[e] != kNone) prev_[next_[e]] = prev_[e];
  }
  void relink(uint32_t e) {
    next_[prev_[e]] = e;
    if (next_[e] != kNone) prev_[next_[e]] = e;
  }
  void lift(uint32_t op) {
    unlink(2 * op);
    if (!ops_[op].crashed) unlink(2 * op + 1);
  }
  void unlift(uint32_t op) {
    if (!ops_[op].crashed) relink(2 * op + 1);
    relink(2 * op);
  }
  void flip(uint32_t op) { placed_.add(op); }
  // Takes op out of the placed set again, keeping the lookahead cursors'
  // invariant.
  void unflip(uint32_t op) {
    placed_.remove(op);
    if constexpr (HasLookahead<Model>) {
      watch_at_ = std::min(watch_at_, watch_pos_[op]);
      reset_at_ = std::min(reset_at_, reset_pos_[op]);
    }
  }

  // Undoes placements up to one with alternatives left, and moves to its
  // next alternative. False when none is left: the partition is invalid.
  bool backtrack() {
    while (!stack_.empty()) {
      Frame f = stack_.back();
      stack_.pop_back();
      state_at_ = f.before;
      restore_state();
      unlift(f.op);
      unflip(f.op);
      if (!ops_[f.op].crashed) ++remaining_;
      if (f.forced) continue;
      pass_ = 1;
      if constexpr (Model::kNondeterministic) {
        entry_ = 2 * f.op;
        alt_ = f.alt + 1;
      } else {
        entry_ = next_[2 * f.op];
        alt_ = 0;
      }
      return true;
    }
    return false;
  }

  bool placed(uint32_t op) const { return placed_.contains(op); }

  // What the search holds besides its cache, for the memory budget: the
  // entry list, the placed set, and a stack of frames as deep as the history
  // (twice over: a vector's growth), and the longest prefix. A frame saves
  // no state: states are restored from the cache (cache.h), whatever their
  // size, so the stack stays linear in the history.
  static uint64_t fixed_bytes(size_t n) {
    return (2 * n + 1) * 2 * sizeof(uint32_t) + (n + 63) / 64 * 8 +
           n * (2 * sizeof(Frame) + sizeof(uint32_t));
  }

  void prepare_lookahead(const std::vector<Interval>& times) {
    std::vector<uint32_t> watch, resets;
    for (uint32_t i = 0; i < n_; ++i) {
      if (model_.watched(ops_[i])) watch.push_back(i);
      if (model_.resets(ops_[i])) resets.push_back(i);
    }
    std::stable_sort(watch.begin(), watch.end(),
                     [&](uint32_t a, uint32_t b) { return times[a].end < times[b].end; });
    std::stable_sort(resets.begin(), resets.end(),
                     [&](uint32_t a, uint32_t b) { return times[a].start < times[b].start; });
    watch_pos_.assign(n_, kNone);
    reset_pos_.assign(n_, kNone);
    for (uint32_t k = 0; k < watch.size(); ++k) {
      watch_pos_[watch[k]] = k;
      watch_.push_back({watch[k], times[watch[k]].end});
    }
    for (uint32_t k = 0; k < resets.size(); ++k) {
      reset_pos_[resets[k]] = k;
      resets_.push_back({resets[k], times[resets[k]].start});
    }
  }

  // Whether the current prefix, with state s after it, extends to no
  // linearization (the lookahead invariant above). The op just placed is
  // already in placed_.
  bool doomed(const State& s) {
    while (watch_at_ < watch_.size() && placed(watch_[watch_at_].op)) ++watch_at_;
    if (watch_at_ == watch_.size()) return false;
    while (reset_at_ < resets_.size() && placed(resets_[reset_at_].op)) ++reset_at_;
    const Timed& read = watch_[watch_at_];
    if (reset_at_ < resets_.size() && resets_[reset_at_].time <= read.time) return false;
    doomed_read_ = read.op;
    return model_.unreachable(s, ops_[read.op]);
  }

  // Notes where the search got stuck: `stuck` (an op, or -1 for none) cannot
  // come next after the placed ops, then `extra` when given, in `state`.
  void record_stuck(int64_t stuck, const State& state, const uint32_t* extra) {
    SearchOutcome& out = out_;
    size_t placed = total_ok_ - remaining_ + (extra && !ops_[*extra].crashed ? 1 : 0);
    if (!recorded_any_ || placed > best_recorded_) {
      recorded_any_ = true;
      best_recorded_ = placed;
      out.best_ok = std::max(out.best_ok, placed);
      out.longest_prefix.clear();
      for (const Frame& f : stack_) out.longest_prefix.push_back(f.op);
      if (extra) out.longest_prefix.push_back(*extra);
      out.stuck = stuck;
      stuck_words_.clear();
      memory_.give(stuck_paid_);
      stuck_paid_ = 0;
    }
    // States are described only once the history is known to be invalid.
    // A state is as big as the collection it models: each kept one is paid
    // for (a refusal stops the search, as the cache's does).
    if (placed == best_recorded_ && stuck_words_.size() < detail::kMaxStuckStates &&
        std::find(stuck_words_.begin(), stuck_words_.end(), state) == stuck_words_.end() &&
        memory_.take(state.size() * sizeof(uint64_t))) {
      stuck_paid_ += state.size() * sizeof(uint64_t);
      stuck_words_.push_back(state);
    }
  }

  void describe_stuck_states() {
    out_.stuck_states.clear();
    for (const State& s : stuck_words_) {
      std::string d = model_.describe(s);
      if (std::find(out_.stuck_states.begin(), out_.stuck_states.end(), d) ==
          out_.stuck_states.end())
        out_.stuck_states.push_back(std::move(d));
    }
  }

  const Model& model_;
  const std::vector<PreparedOp>& ops_;
  const uint32_t n_;
  size_t total_ok_ = 0;
  uint32_t head_ = 0;
  MemoryBudget& memory_;
  MemoryCharge fixed_;                 // fixed_bytes(n_), while the search lives
  std::vector<uint32_t> next_, prev_;  // the entry list
  PlacedSet placed_;
  std::vector<uint64_t> key_;  // placed_.key(), reused
  StateCache cache_;
  std::vector<Frame> stack_;
  // Where state_ is kept: a cache position, or kInitial for initial_.
  static constexpr uint64_t kInitial = UINT64_MAX;
  uint64_t state_at_ = kInitial;
  State initial_, state_, successor_;
  size_t remaining_ = 0;  // ok ops not placed yet
  bool recorded_any_ = false;
  size_t best_recorded_ = 0;        // ok ops placed where the longest prefix was noted
  std::vector<State> stuck_words_;  // distinct states there, at most kMaxStuckStates
  uint64_t stuck_paid_ = 0;         // their words' bytes, taken from memory_
  // Where the search is: the candidate entry, its alternative, the pass.
  uint32_t entry_ = kNone;
  unsigned alt_ = 0;
  int pass_ = 0;
  SearchOutcome out_;
  // Lookahead: watched reads by return time, resets by invocation time.
  struct Timed {
    uint32_t op;
    int64_t time;
  };
  std::vector<Timed> watch_, resets_;
  std::vector<uint32_t> watch_pos_, reset_pos_;  // kNone: not in that list
  uint32_t watch_at_ = 0, reset_at_ = 0;
  uint32_t doomed_read_ = 0;  // the read doomed() last looked at
};

}  // namespace ariadne::lin
