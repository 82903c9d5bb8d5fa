// The fast procedure of counter when every add that changes the count
// adds the same delta d (all +d, or all -d; adds of 0 change nothing and
// are left out): then a read of n says how many adds took effect before
// it, k = (n - initial) / d, and the history is decided exactly in
// O(n log n).
//
// Why this precondition: with adds of different sizes or signs a read's
// value is a subset sum of the concurrent adds, and deciding which subset
// is NP-hard in general (subset sum reduces to it: concurrent adds of
// a_1..a_m, one read of their target sum). docs/fast-paths.md says more.
//
// Reading: adds of one delta are interchangeable, so a linearization is
// fixed by which adds fall between consecutive reads. Reads of one k are
// one group (no add between them); groups follow in order of k, so the
// adds fall into segments: segment j (before group j) takes exactly
// k_j - k_{j-1} adds, the last segment (after every read) any number. An
// add may go in segment j iff no read of a group >= j returned before it
// was invoked and no read of a group < j was invoked after it returned:
// a range [lo, hi] of segments. (Swapping two adds keeps every read's
// count, so real time between adds never matters.) An ok add must go in
// one segment; a crashed one (no return: hi is the last segment) in one or
// none. Filling segments in order, each from the available adds that must
// be placed soonest (earliest hi), is exact by the usual exchange
// argument; with it, the history is linearizable iff reads are in order
// of k along real time, every [lo, hi] is non-empty, and every segment
// fills without leaving behind an ok add whose range ends there.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <queue>
#include <vector>

#include "models/value_fast.h"

namespace ariadne::models {

namespace {

constexpr const char* kProcedure = "one-delta counter (segment filling)";

struct Add {
  uint32_t op;  // index into FastInput::ops
  int64_t start, end;
  uint32_t lo = 0, hi = 0;  // segments it may go in
};
struct Read {
  uint32_t op;
  int64_t start, end;
  uint64_t k = 0;      // adds before it
  uint32_t group = 0;  // index of k among the distinct ks
};

FastResult result(FastVerdict v, const FastInput& in, std::vector<uint32_t> local = {}) {
  FastResult r;
  r.verdict = v;
  r.procedure = kProcedure;
  for (uint32_t i : local) r.witness.push_back(in.ops[i].op);
  std::sort(r.witness.begin(), r.witness.end());
  r.witness.erase(std::unique(r.witness.begin(), r.witness.end()), r.witness.end());
  return r;
}

FastResult decline(std::string why) {
  FastResult r;
  r.declined = std::move(why);
  return r;
}

FastResult decide_one(const FastInput& in, const std::vector<uint32_t>& ops) {
  int64_t initial = in.options.initial.is_int() ? in.options.initial.as_int() : 0;
  int64_t delta = 0;
  std::vector<Add> adds;
  std::vector<Read> reads;
  for (uint32_t i : ops) {
    const lin::PreparedOp& p = in.ops[i];
    const lin::Interval& t = in.times[i];
    if (p.code == counter_codes::kRead) {
      reads.push_back({i, t.start, t.end});
      continue;
    }
    int64_t d = p.a.as_int();
    if (d == 0) continue;  // changes nothing, legal anywhere
    if (delta == 0) delta = d;
    if (d != delta)
      return decline(
          "adds of different deltas: with more than one delta a read is a subset sum of the "
          "concurrent adds (NP-hard in general)");
    adds.push_back({i, t.start, t.end});
  }
  // The search counts in 64-bit words that wrap; decline where that could matter.
  __int128 reach = static_cast<__int128>(delta) * static_cast<__int128>(adds.size());
  if (reach + initial > std::numeric_limits<int64_t>::max() ||
      reach + initial < std::numeric_limits<int64_t>::min())
    return decline("the count could overflow 64 bits");

  // Each read's k; a value no number of adds reaches is impossible.
  for (Read& r : reads) {
    __int128 diff = static_cast<__int128>(in.ops[r.op].result.as_int()) - initial;
    if (delta == 0) {
      if (diff != 0) return result(FastVerdict::kInvalid, in, {r.op});
      continue;
    }
    if (diff % delta != 0 || diff / delta < 0 || diff / delta > static_cast<__int128>(adds.size()))
      return result(FastVerdict::kInvalid, in, {r.op});
    r.k = static_cast<uint64_t>(diff / delta);
  }
  std::vector<uint64_t> ks;
  for (const Read& r : reads) ks.push_back(r.k);
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  for (Read& r : reads)
    r.group = static_cast<uint32_t>(std::lower_bound(ks.begin(), ks.end(), r.k) - ks.begin());
  uint32_t last = static_cast<uint32_t>(ks.size());  // the segment after every read

  // Reads in order of k along real time: none returned before one of a lower k began.
  std::vector<uint32_t> by_end(reads.size()), by_start(reads.size());
  for (uint32_t i = 0; i < reads.size(); ++i) by_end[i] = by_start[i] = i;
  std::sort(by_end.begin(), by_end.end(),
            [&](uint32_t a, uint32_t b) { return reads[a].end < reads[b].end; });
  std::sort(by_start.begin(), by_start.end(),
            [&](uint32_t a, uint32_t b) { return reads[a].start < reads[b].start; });
  {
    size_t at = 0;
    uint32_t top = std::numeric_limits<uint32_t>::max();  // highest group returned so far
    for (uint32_t c : by_start) {
      while (at < by_end.size() && reads[by_end[at]].end < reads[c].start) {
        uint32_t r = by_end[at++];
        if (top == std::numeric_limits<uint32_t>::max() || reads[r].group > reads[top].group)
          top = r;
      }
      if (top != std::numeric_limits<uint32_t>::max() && reads[top].group > reads[c].group)
        return result(FastVerdict::kInvalid, in, {reads[top].op, reads[c].op});
    }
  }

  // Each add's range of segments [lo, hi].
  {
    std::vector<uint32_t> order(adds.size());
    for (uint32_t i = 0; i < adds.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return adds[a].start < adds[b].start; });
    size_t at = 0;
    int64_t top = -1;  // highest group of the reads returned before the add began
    for (uint32_t a : order) {
      while (at < by_end.size() && reads[by_end[at]].end < adds[a].start)
        top = std::max<int64_t>(top, reads[by_end[at++]].group);
      adds[a].lo = static_cast<uint32_t>(top + 1);
    }
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return adds[a].end > adds[b].end; });
    size_t from = by_start.size();
    uint32_t low = last;  // lowest group of the reads begun after the add returned
    for (uint32_t a : order) {
      while (from > 0 && reads[by_start[from - 1]].start > adds[a].end)
        low = std::min(low, reads[by_start[--from]].group);
      adds[a].hi = low;
      if (adds[a].lo > adds[a].hi) {
        std::vector<uint32_t> w = {adds[a].op};
        for (const Read& r : reads)
          if (r.group == adds[a].hi || r.group + 1 == adds[a].lo) w.push_back(r.op);
        return result(FastVerdict::kInvalid, in, std::move(w));
      }
    }
  }

  // Fill the segments in order, earliest hi first.
  std::vector<uint32_t> by_lo(adds.size());
  for (uint32_t i = 0; i < adds.size(); ++i) by_lo[i] = i;
  std::sort(by_lo.begin(), by_lo.end(),
            [&](uint32_t a, uint32_t b) { return adds[a].lo < adds[b].lo; });
  auto later = [&](uint32_t a, uint32_t b) { return adds[a].hi > adds[b].hi; };
  std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(later)> ready(later);
  size_t at = 0;
  auto first_read_of = [&](uint32_t group) {
    for (const Read& r : reads)
      if (r.group == group) return r.op;
    return reads.front().op;
  };
  for (uint32_t j = 0; j < last; ++j) {
    if (in.budget.reason()) {
      FastResult r;
      r.verdict = FastVerdict::kUnknown;
      r.reason = in.budget.reason();
      return r;
    }
    while (at < by_lo.size() && adds[by_lo[at]].lo <= j) ready.push(by_lo[at++]);
    uint64_t need = ks[j] - (j == 0 ? 0 : ks[j - 1]);
    for (uint64_t n = 0; n < need; ++n) {
      if (ready.empty()) return result(FastVerdict::kInvalid, in, {first_read_of(j)});
      ready.pop();
    }
    if (!ready.empty() && adds[ready.top()].hi == j && !in.ops[adds[ready.top()].op].crashed)
      return result(FastVerdict::kInvalid, in, {first_read_of(j), adds[ready.top()].op});
  }
  return result(FastVerdict::kValid, in);
}

}  // namespace

FastResult counter_fast(const FastInput& in) {
  // One object's ops, or (--no-partition) several keys' by slot: decided
  // one at a time, linearizability being local.
  std::vector<std::vector<uint32_t>> by_slot;
  for (uint32_t i = 0; i < in.ops.size(); ++i) {
    uint32_t slot = in.ops[i].slot;
    if (slot >= by_slot.size()) by_slot.resize(slot + 1);
    by_slot[slot].push_back(i);
  }
  std::optional<FastResult> first_invalid;
  for (const auto& ops : by_slot) {
    if (ops.empty()) continue;
    FastResult r = decide_one(in, ops);
    if (r.verdict == FastVerdict::kDeclined || r.verdict == FastVerdict::kUnknown) return r;
    if (r.verdict == FastVerdict::kInvalid && !first_invalid) first_invalid = std::move(r);
  }
  return first_invalid ? *first_invalid : result(FastVerdict::kValid, in);
}

}  // namespace ariadne::models
