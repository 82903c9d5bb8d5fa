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
//  * The cursors are a function of the set of placed operations, so the
//    cache key (placed set, state) is exact here as in search.h.
#pragma once

#include "linearizability/search.h"

namespace ariadne::lin {

// REQUIRES: `process_of[i]` numbers ops[i]'s process densely from 0, and
// ops are in real-time (so process) order.
template <class Model>
SearchOutcome search_sequential(const Model& model, const std::vector<PreparedOp>& ops,
                                const std::vector<uint32_t>& process_of, const Limits& limits) {
  SearchOutcome out;
  const uint32_t n = static_cast<uint32_t>(ops.size());
  uint32_t processes = 0;
  for (uint32_t p : process_of) processes = std::max(processes, p + 1);
  std::vector<std::vector<uint32_t>> queue(processes);
  for (uint32_t i = 0; i < n; ++i) queue[process_of[i]].push_back(i);
  std::vector<uint32_t> cursor(processes, 0);
  size_t total_ok = 0;
  for (const PreparedOp& p : ops) total_ok += !p.crashed;

  const size_t words = (n + 63) / 64;
  std::vector<uint64_t> placed(words, 0);
  uint64_t set_hash = 0;
  StateCache cache(words, *limits.memory);
  auto flip = [&](uint32_t op) {
    placed[op / 64] ^= uint64_t{1} << (op % 64);
    set_hash ^= StateCache::op_key(op);
  };

  struct Frame {
    uint32_t process, pos, alt, old_cursor;
    size_t saved;
  };
  std::vector<Frame> stack;
  std::vector<uint64_t> saved_states;
  State state, successor;
  model.initial(state);
  size_t remaining = total_ok;
  bool recorded_any = false;
  size_t best_recorded = 0;
  uint64_t reported = 0;

  // The candidate being tried: process p, position i in its queue, alt.
  uint32_t p = 0, i = processes > 0 ? cursor[0] : 0;
  unsigned alt = 0;
  auto advance = [&]() {  // to the next candidate
    alt = 0;
    if (i < queue[p].size() && ops[queue[p][i]].crashed && i + 1 < queue[p].size()) {
      ++i;
      return;
    }
    if (++p < processes) i = cursor[p];
  };
  while (true) {
    if (remaining == 0) {
      out.verdict = Verdict::kValid;
      break;
    }
    if ((++out.states & 1023) == 0 && detail::should_stop(limits, out, reported)) break;
    if (p >= processes) {  // no candidate left: backtrack
      size_t done = total_ok - remaining;
      if (!recorded_any || done > best_recorded) {
        recorded_any = true;
        best_recorded = done;
        out.best_ok = done;
        out.longest_prefix.clear();
        for (const Frame& f : stack) out.longest_prefix.push_back(queue[f.process][f.pos]);
        out.stuck = -1;
        for (uint32_t q = 0; q < processes && out.stuck < 0; ++q)
          for (uint32_t k = cursor[q]; k < queue[q].size(); ++k)
            if (!ops[queue[q][k]].crashed) {
              out.stuck = queue[q][k];
              break;
            }
        out.stuck_states.clear();
      }
      if (done == best_recorded && out.stuck_states.size() < detail::kMaxStuckStates) {
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
      uint32_t op = queue[f.process][f.pos];
      flip(op);
      cursor[f.process] = f.old_cursor;
      if (!ops[op].crashed) ++remaining;
      p = f.process;
      i = f.pos;
      if constexpr (Model::kNondeterministic) {
        alt = f.alt + 1;
      } else {
        advance();
      }
      continue;
    }
    if (i >= queue[p].size()) {
      advance();
      continue;
    }
    const uint32_t op = queue[p][i];
    const PreparedOp& po = ops[op];
    if (model.step(state, po, alt, successor)) {
      if (!(po.crashed && successor == state)) {
        flip(op);
        auto inserted = cache.insert(placed.data(), successor, StateCache::combine(set_hash, successor));
        if (inserted == StateCache::Insert::kNew) {
          stack.push_back({p, i, alt, cursor[p], saved_states.size()});
          saved_states.insert(saved_states.end(), state.begin(), state.end());
          state.swap(successor);
          cursor[p] = i + 1;
          if (!po.crashed) --remaining;
          p = 0;
          i = cursor[0];
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
    advance();
  }
  if (limits.explored) limits.explored->fetch_add(out.states - reported, std::memory_order_relaxed);
  if (out.verdict != Verdict::kInvalid) out.best_ok = std::max(out.best_ok, total_ok - remaining);
  return out;
}

}  // namespace ariadne::lin
