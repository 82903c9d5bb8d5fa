#include "linearizability/shrink.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "linearizability/explain.h"
#include "linearizability/lin_check.h"
#include "linearizability/reads_from.h"
#include "linearizability/replay.h"

namespace ariadne::lin {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kNone = static_cast<size_t>(-1);

// Decides candidates: invalid by the checker and closed by ReadsFrom. Every
// candidate's search draws on `budget`; once it runs out, expired() and
// every candidate fails no more.
class Oracle {
 public:
  Oracle(const History& h, const CheckOptions& options, const ReadsFrom& reads_from, Budget budget)
      : h_(h), options_(options), reads_from_(reads_from), budget_(std::move(budget)) {
    options_.threads = 1;  // candidates run in parallel instead
    options_.progress = nullptr;
    options_.shrink = false;
  }

  // Whether `ops` is a counterexample; if so and `result` is given, the
  // check of sub_history(h, ops) goes there.
  bool fails(const std::vector<uint32_t>& ops, CheckResult* result = nullptr) {
    if (ops.empty() || !reads_from_.closed(ops)) return false;
    if (budget_.exhausted()) {
      expired_ = true;
      return false;
    }
    ++checks_;
    CheckResult r = check_linearizable_or_sequential(sub_history(h_, ops), options_, budget_);
    if (r.verdict == Verdict::kUnknown && budget_.exhausted()) expired_ = true;
    // A candidate the memory budget could not decide leaves 1-minimality unproven.
    if (r.verdict == Verdict::kUnknown && r.reason.starts_with("memory limit"))
      out_of_memory_ = expired_ = true;
    if (r.verdict != Verdict::kInvalid) return false;
    if (result) *result = std::move(r);
    return true;
  }

  // The first k in [0, count) (in order) whose candidate(k) fails, or kNone;
  // its check goes to *result. Candidates are checked in parallel batches;
  // taking the first success in order makes the answer independent of the
  // thread count.
  size_t first_failing(size_t count, const std::function<std::vector<uint32_t>(size_t)>& candidate,
                       CheckResult* result) {
    size_t batch = std::max<size_t>(4, 2 * tbb::this_task_arena::max_concurrency());
    for (size_t from = 0; from < count && !expired_; from += batch) {
      size_t to = std::min(count, from + batch);
      std::vector<char> failed(to - from, 0);
      std::vector<CheckResult> checked(to - from);
      tbb::parallel_for(
          from, to, [&](size_t k) { failed[k - from] = fails(candidate(k), &checked[k - from]); });
      for (size_t k = from; k < to; ++k) {
        if (!failed[k - from]) continue;
        *result = std::move(checked[k - from]);
        return k;
      }
    }
    return kNone;
  }

  bool expired() const { return expired_; }
  // Why it expired: Budget::kTimeout, kShrinkTimeout or kStateLimit.
  const char* why() const { return budget_.reason(); }
  bool out_of_memory() const { return out_of_memory_; }
  uint64_t checks() const { return checks_; }

 private:
  const History& h_;
  CheckOptions options_;
  const ReadsFrom& reads_from_;
  Budget budget_;
  std::atomic<bool> expired_{false};
  std::atomic<bool> out_of_memory_{false};
  std::atomic<uint64_t> checks_{0};
};

std::vector<uint32_t> without_range(const std::vector<uint32_t>& s, size_t from, size_t to) {
  std::vector<uint32_t> out(s.begin(), s.begin() + from);
  out.insert(out.end(), s.begin() + to, s.end());
  return out;
}

// A counterexample in the making: S, and the failing partition of the
// search over S alone, with its operations named as in h (not as in
// sub_history(h, S)).
struct Current {
  std::vector<uint32_t> ops;
  PartitionResult search;

  // S becomes `s`, which the oracle found invalid with result `r`.
  void take(std::vector<uint32_t> s, const CheckResult& r) {
    search = r.partitions[*r.failing];
    for (uint32_t& op : search.longest_prefix) op = s[op];
    if (search.stuck_op) search.stuck_op = s[*search.stuck_op];
    ops = std::move(s);
  }
};

// ddmin over S, each candidate first repaired (readers of values no
// longer written dropped). Keeps S invalid and closed.
void delta_debug(Current& cur, Oracle& oracle, const ReadsFrom& rf) {
  const std::vector<uint32_t>& s = cur.ops;
  size_t n = 2;
  while (s.size() >= 2 && !oracle.expired()) {
    n = std::min(n, s.size());
    auto bound = [&](size_t i) { return i * s.size() / n; };
    // Candidates 0..n-1: the chunks alone; n..2n-1: the complements. With
    // two chunks, each chunk is the other's complement: only complements.
    size_t first_complement = n == 2 ? 0 : n;
    size_t count = first_complement + n;
    auto candidate = [&](size_t k) {
      if (k < first_complement)
        return rf.repair(std::vector<uint32_t>(s.begin() + bound(k), s.begin() + bound(k + 1)));
      size_t i = k - first_complement;
      return rf.repair(without_range(s, bound(i), bound(i + 1)));
    };
    CheckResult checked;
    size_t found = oracle.first_failing(count, candidate, &checked);
    if (found != kNone) {
      cur.take(candidate(found), checked);
      n = found < first_complement ? 2 : std::max<size_t>(n - 1, 2);
      continue;
    }
    if (n >= s.size()) break;
    n = std::min(2 * n, s.size());
  }
}

// Removes single ops, without repair, until a whole pass removes none.
// Returns whether that last pass completed (S is then 1-minimal).
bool remove_one_at_a_time(Current& cur, Oracle& oracle) {
  const std::vector<uint32_t>& s = cur.ops;
  for (;;) {
    bool changed = false;
    size_t i = 0;
    while (i < s.size() && !oracle.expired()) {
      CheckResult checked;
      size_t found = oracle.first_failing(
          s.size() - i, [&](size_t k) { return without_range(s, i + k, i + k + 1); }, &checked);
      if (found == kNone) break;
      cur.take(without_range(s, i + found, i + found + 1), checked);
      i += found;
      changed = true;
    }
    if (oracle.expired()) return false;
    if (!changed) return true;
  }
}

// What the search over S alone found (no new search: the check that
// showed S invalid is kept), and the model's states along the way.
void describe_search(const History& h, const CheckOptions& options, const PartitionResult& p,
                     Counterexample& cx) {
  cx.longest_prefix = p.longest_prefix;
  cx.stuck_op = p.stuck_op;
  cx.stuck_states = p.stuck_states;
  // replay() wants indices into sub_history(h, S); S is ascending.
  auto in_sub = [&](uint32_t op) {
    return static_cast<uint32_t>(std::lower_bound(cx.ops.begin(), cx.ops.end(), op) -
                                 cx.ops.begin());
  };
  std::vector<uint32_t> order;
  for (uint32_t op : p.longest_prefix) order.push_back(in_sub(op));
  std::optional<uint32_t> stuck;
  if (p.stuck_op) stuck = in_sub(*p.stuck_op);
  cx.steps = replay(sub_history(h, cx.ops), options, order, stuck);
  for (ModelStep& step : cx.steps) step.op = cx.ops[step.op];
}

// A fast procedure decided S: the search over S alone (fast path off)
// finds the longest legal prefix, the stuck op and the model's states the
// explanation shows. Bounded by the check's budget and the shrink time
// limit; when the search does not find S invalid in time, S keeps no
// prefix (the explanation then rests on the ops alone).
void search_alone(const History& h, const CheckOptions& options, const Budget& budget,
                  Current& cur) {
  CheckOptions o = options;
  o.fast_path = false;
  o.shrink = false;
  o.progress = nullptr;
  Budget b =
      budget.within(Budget::after(Clock::now(), options.shrink_timeout_ns), Budget::kShrinkTimeout);
  CheckResult r = check_linearizable_or_sequential(sub_history(h, cur.ops), o, b);
  if (r.verdict != Verdict::kInvalid || !r.failing) return;
  std::string procedure = cur.search.procedure;
  cur.take(std::vector<uint32_t>(cur.ops), r);
  cur.search.procedure = std::move(procedure);
}

}  // namespace

std::vector<uint32_t> failing_universe(const History& h, const CheckResult& result) {
  const PartitionResult& p = result.partitions[*result.failing];
  std::vector<uint32_t> ops;
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    if (op.status == OpStatus::kFail) continue;
    // One partition: every op. Else keyed partitions hold one key each and
    // the unkeyed one every op without a key.
    bool member = result.partitions.size() == 1 ? true
                  : p.keyed                     ? h.has_key(op) && h.key(op) == p.key
                                                : !h.has_key(op);
    if (member) ops.push_back(i);
  }
  return ops;
}

Counterexample find_counterexample(const History& h, const CheckOptions& options,
                                   const CheckResult& result, const Budget& budget) {
  auto started = Clock::now();
  Counterexample cx;
  Current cur;
  cur.ops = failing_universe(h, result);
  cur.search = result.partitions[*result.failing];  // the search over the partition: over S
  cx.from_operations = cur.ops.size();
  ReadsFrom rf(h, options, cur.ops);
  if (!options.shrink) {
    cx.not_minimal_reason = "not shrunk (--no-shrink)";
  } else {
    Oracle oracle(
        h, options, rf,
        budget.within(Budget::after(started, options.shrink_timeout_ns), Budget::kShrinkTimeout));
    int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    tbb::task_arena arena(threads);
    arena.execute([&] {
      // First guess: the ops a fast procedure named, or everything up to
      // where the search got stuck.
      const PartitionResult& p = result.partitions[*result.failing];
      // Failing that, everything up to where the last named op returned.
      std::optional<uint32_t> last_named = p.stuck_op;
      if (!p.fast_witness.empty()) {
        std::vector<uint32_t> named = p.fast_witness;
        std::sort(named.begin(), named.end());
        for (uint32_t op : named)
          if (!last_named || h.end(h.ops[op]) > h.end(h.ops[*last_named])) last_named = op;
        named = rf.repair(std::move(named));
        CheckResult checked;
        if (named.size() < cur.ops.size() && oracle.fails(named, &checked)) {
          cur.take(std::move(named), checked);
          last_named.reset();
        }
      }
      if (last_named) {
        int64_t stuck_end = h.end(h.ops[*last_named]);
        std::vector<uint32_t> early;
        for (uint32_t op : cur.ops)
          if (h.start(h.ops[op]) <= stuck_end) early.push_back(op);
        early = rf.repair(std::move(early));
        CheckResult checked;
        if (early.size() < cur.ops.size() && oracle.fails(early, &checked))
          cur.take(std::move(early), checked);
      }
      delta_debug(cur, oracle, rf);
      cx.minimal = remove_one_at_a_time(cur, oracle);
    });
    if (!cx.minimal)
      cx.not_minimal_reason =
          oracle.out_of_memory()
              ? "memory limit reached while shrinking: the smallest counterexample found so far"
              : Budget::not_minimal_reason(oracle.why() ? oracle.why() : "");
    cx.oracle_checks = oracle.checks();
    cx.shrink_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  }
  // Without shrinking S is the whole partition: searched only when small.
  constexpr size_t kUnshrunkSearched = 4096;
  if (!cur.search.procedure.empty() && (options.shrink || cur.ops.size() <= kUnshrunkSearched))
    search_alone(h, options, budget, cur);
  cx.ops = std::move(cur.ops);
  describe_search(h, options, cur.search, cx);
  cx.explanation = explain(h, options, cx, rf);
  cx.nil_reads = nil_reads_read_as_value(h, options, cx.ops);
  return cx;
}

}  // namespace ariadne::lin
