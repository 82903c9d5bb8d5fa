// Sequential consistency (Lamport): the same search as search.h with each
// process's order in place of real time.
//
// Invariants:
//  * Each process's operations form a queue in process order; cursor[p] is
//    one past the last operation of p placed so far. Every earlier
//    operation of p is placed or, if crashed, will never be (it did not
//    happen: it cannot come after a later operation of its process).
//  * The candidates of p are its operations from cursor[p] up to and
//    including the first ok one: crashed operations in between are
//    optional, the ok one is the next that must be placed.
//  * A crashed operation followed by a later one of its process (a process
//    reused after :info) is not ordered before those later ones: like the
//    linearizability search, which lets it take effect at any point after
//    its invocation, or never. It gets a queue of its own, gated: it may be
//    placed once every earlier operation of its process is (gate_).
//    A crashed operation last in its process stays at its queue's end.
//  * The cursors are a function of the set of placed operations, so the
//    cache key (placed set, state) is exact here as in search.h.
#pragma once

#include "linearizability/search.h"

namespace ariadne::lin {

// One search for sequential consistency, resumable like LinearizableSearch.
// REQUIRES: `process_of[i]` numbers ops[i]'s process densely from 0, and
// ops are in real-time (so process) order; model and ops outlive the search.
template <class Model>
class SequentialSearch {
 public:
  SequentialSearch(const Model& model, const std::vector<PreparedOp>& ops,
                   const std::vector<uint32_t>& process_of, MemoryBudget& memory)
      : model_(model),
        ops_(ops),
        fixed_(memory, fixed_bytes(ops.size())),
        placed_(static_cast<uint32_t>(ops.size())),
        cache_(memory) {
    const uint32_t n = static_cast<uint32_t>(ops.size());
    for (uint32_t p : process_of) processes_ = std::max(processes_, p + 1);
    std::vector<uint32_t> last(processes_, 0);
    for (uint32_t i = 0; i < n; ++i) last[process_of[i]] = i;
    queue_.resize(processes_);
    gate_.assign(processes_, Gate{});
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t p = process_of[i];
      if (ops[i].crashed && i != last[p]) {
        queue_.push_back({i});
        gate_.push_back({p, static_cast<uint32_t>(queue_[p].size())});
      } else {
        queue_[p].push_back(i);
      }
    }
    processes_ = static_cast<uint32_t>(queue_.size());
    cursor_.assign(processes_, 0);
    for (const PreparedOp& p : ops) total_ok_ += !p.crashed;
    model_.initial(state_);
    initial_ = state_;
    remaining_ = total_ok_;
    order_.resize(processes_);
    reorder();
    at_rank(0);
  }

  const SearchOutcome& run(const Limits& limits) {
    SearchOutcome& out = out_;
    out.verdict = Verdict::kUnknown;
    out.reason.clear();
    uint64_t reported = out.states;
    if (!fixed_.ok()) {
      out.reason = "memory limit";
      return out;
    }
    // Two passes, as in search.h: pure ops first, then the others.
    while (true) {
      if (remaining_ == 0) {
        out.verdict = Verdict::kValid;
        break;
      }
      if ((out.states & 1023) == 0 && out.states != reported &&
          detail::should_stop(limits, out, reported))
        break;
      ++out.states;
      bool dead_end = false;
      if (k_ >= processes_ && pass_ == 0) {
        pass_ = 1;
        at_rank(0);
        alt_ = 0;
        continue;
      }
      if (k_ >= processes_) {  // no candidate left
        record_stuck();
        dead_end = true;
      } else if (i_ >= queue_[p_].size() || !gate_open(p_)) {
        advance();
        continue;
      } else {
        const uint32_t op = queue_[p_][i_];
        const PreparedOp& po = ops_[op];
        // Pass 0 tries the pure ops that are next in their process; a pure
        // op behind optional crashed ops is not forced (placing it would rule
        // them out), so pass 1 tries it with the others.
        bool forced = po.pure && !po.crashed && i_ == cursor_[p_];
        if ((pass_ == 0) != forced) {
          advance();
          continue;
        }
        if (model_.step(state_, po, alt_, successor_)) {
          bool unchanged = successor_ == state_;
          if (!(po.crashed && unchanged)) {
            placed_.add(op);
            placed_.key(key_);
            uint64_t at = 0;
            auto inserted = cache_.insert(key_, successor_,
                                          StateCache::combine(placed_.hash(), successor_), &at);
            if (inserted == StateCache::Insert::kNew) {
              stack_.push_back({p_, k_, i_, alt_, cursor_[p_], forced, state_at_});
              state_at_ = at;
              state_.swap(successor_);
              cursor_[p_] = i_ + 1;
              if (!po.crashed) --remaining_;
              reorder();
              at_rank(0);
              alt_ = 0;
              pass_ = 0;
              continue;
            }
            placed_.remove(op);
            if (inserted == StateCache::Insert::kNoMemory) {
              out.reason = "memory limit";
              break;
            }
            dead_end = forced;
          }
          if (!dead_end) {
            if constexpr (Model::kNondeterministic) {
              ++alt_;
              continue;
            }
          }
        }
        if (!dead_end) {
          advance();
          continue;
        }
      }
      if (!backtrack()) {
        out.verdict = Verdict::kInvalid;
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
  struct Frame {
    uint32_t process, rank, pos, alt, old_cursor;
    bool forced;      // a state-preserving ok op: no alternative to try (search.h)
    uint64_t before;  // where the state before the op is: state_at_ then
  };

  // A split-off crashed op (see the invariants) waits for every earlier op
  // of its process; a process's own queue has no gate.
  struct Gate {
    uint32_t process = UINT32_MAX, before = 0;
  };
  bool gate_open(uint32_t q) const {
    const Gate& g = gate_[q];
    return g.process == UINT32_MAX || cursor_[g.process] >= g.before;
  }

  // What the search holds besides its cache, for the memory budget: the
  // process queues, the placed set, a stack of frames as deep as the history
  // (twice over: a vector's growth) and the longest prefix. Frames save no
  // state (states are restored from the cache), so this is linear in n
  // whatever the states' size.
  static uint64_t fixed_bytes(size_t n) {
    return n * sizeof(uint32_t) + (n + 63) / 64 * 8 + n * (2 * sizeof(Frame) + sizeof(uint32_t));
  }

  // To the next candidate: the next position of p_ while the current one is
  // an optional (crashed) op, else the next process.
  void advance() {
    alt_ = 0;
    if (i_ < queue_[p_].size() && ops_[queue_[p_][i_]].crashed && i_ + 1 < queue_[p_].size()) {
      ++i_;
      return;
    }
    at_rank(k_ + 1);
  }

  // Processes are tried in the order of their next operation's start, so
  // that the first orders tried are close to real time: on a linearizable
  // history the search then finds a sequential order almost at once.
  void reorder() {
    auto next_op = [&](uint32_t p) {
      return cursor_[p] < queue_[p].size() ? queue_[p][cursor_[p]] : UINT32_MAX;
    };
    for (uint32_t p = 0; p < processes_; ++p) order_[p] = p;
    std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      uint32_t x = next_op(a), y = next_op(b);
      return x != y ? x < y : a < b;
    });
  }

  void at_rank(uint32_t k) {
    k_ = k;
    if (k_ < processes_) {
      p_ = order_[k_];
      i_ = cursor_[p_];
    }
  }

  bool backtrack() {
    while (!stack_.empty()) {
      Frame f = stack_.back();
      stack_.pop_back();
      state_at_ = f.before;
      if (state_at_ == kInitial) {
        state_ = initial_;
      } else {
        Words w = cache_.state_at(state_at_);
        state_.assign(w.begin(), w.end());
      }
      uint32_t op = queue_[f.process][f.pos];
      placed_.remove(op);
      cursor_[f.process] = f.old_cursor;
      if (!ops_[op].crashed) ++remaining_;
      if (f.forced) continue;
      pass_ = 1;
      reorder();
      k_ = f.rank;
      p_ = f.process;
      i_ = f.pos;
      if constexpr (Model::kNondeterministic) {
        alt_ = f.alt + 1;
      } else {
        advance();
      }
      return true;
    }
    return false;
  }

  void record_stuck() {
    SearchOutcome& out = out_;
    size_t done = total_ok_ - remaining_;
    if (!recorded_any_ || done > best_recorded_) {
      recorded_any_ = true;
      best_recorded_ = done;
      out.best_ok = std::max(out.best_ok, done);
      out.longest_prefix.clear();
      for (const Frame& f : stack_) out.longest_prefix.push_back(queue_[f.process][f.pos]);
      out.stuck = -1;
      for (uint32_t q = 0; q < processes_ && out.stuck < 0; ++q)
        for (uint32_t k = cursor_[q]; k < queue_[q].size(); ++k)
          if (!ops_[queue_[q][k]].crashed) {
            out.stuck = queue_[q][k];
            break;
          }
      out.stuck_states.clear();
    }
    if (done == best_recorded_ && out.stuck_states.size() < detail::kMaxStuckStates) {
      std::string d = model_.describe(state_);
      if (std::find(out.stuck_states.begin(), out.stuck_states.end(), d) == out.stuck_states.end())
        out.stuck_states.push_back(std::move(d));
    }
  }

  const Model& model_;
  const std::vector<PreparedOp>& ops_;
  MemoryCharge fixed_;  // fixed_bytes(n), while the search lives
  uint32_t processes_ = 0;
  std::vector<std::vector<uint32_t>> queue_;  // each process's ops, in order
  std::vector<Gate> gate_;                    // per queue
  std::vector<uint32_t> cursor_;
  size_t total_ok_ = 0;
  PlacedSet placed_;
  std::vector<uint64_t> key_;  // placed_.key(), reused
  StateCache cache_;
  std::vector<Frame> stack_;
  // Where state_ is kept: a cache position (cache.h), or kInitial for
  // initial_. Frames save no state: backtracking restores it from there.
  static constexpr uint64_t kInitial = UINT64_MAX;
  uint64_t state_at_ = kInitial;
  State initial_, state_, successor_;
  size_t remaining_ = 0;
  bool recorded_any_ = false;
  size_t best_recorded_ = 0;
  std::vector<uint32_t> order_;  // processes, by their next op's start
  // The candidate being tried: process p_ = order_[k_], position i_ in its
  // queue, alternative alt_.
  uint32_t k_ = 0, p_ = 0, i_ = 0;
  unsigned alt_ = 0;
  int pass_ = 0;
  SearchOutcome out_;
};

}  // namespace ariadne::lin
