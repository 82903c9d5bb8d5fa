#include "linearizability/shrink.h"

#include <atomic>
#include <chrono>
#include <functional>

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

// Decides candidates: invalid by the checker and closed by ReadsFrom.
class Oracle {
 public:
  Oracle(const History& h, const CheckOptions& options, const ReadsFrom& reads_from,
         Clock::time_point deadline)
      : h_(h), options_(options), reads_from_(reads_from), deadline_(deadline) {
    options_.threads = 1;  // candidates run in parallel instead
    options_.progress = nullptr;
    options_.shrink = false;
  }

  bool fails(const std::vector<uint32_t>& ops) {
    if (ops.empty() || !reads_from_.closed(ops)) return false;
    auto now = Clock::now();
    if (now >= deadline_) {
      expired_ = true;
      return false;
    }
    CheckOptions mine = options_;
    if (deadline_ != Clock::time_point::max()) {  // else unbounded: max - now would overflow
      int64_t left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline_ - now).count();
      if (mine.timeout_ns == 0 || mine.timeout_ns > left)
        mine.timeout_ns = std::max<int64_t>(1, left);
    }
    ++checks_;
    CheckResult r = check_linearizable_or_sequential(sub_history(h_, ops), mine);
    if (r.verdict == Verdict::kUnknown && Clock::now() >= deadline_) expired_ = true;
    // A candidate the budget could not decide leaves 1-minimality unproven.
    if (r.verdict == Verdict::kUnknown && r.reason.starts_with("memory limit"))
      out_of_memory_ = expired_ = true;
    return r.verdict == Verdict::kInvalid;
  }

  // The first k in [0, count) (in order) whose candidate(k) fails, or kNone.
  // Candidates are checked in parallel batches; taking the first success in
  // order makes the answer independent of the thread count.
  size_t first_failing(size_t count,
                       const std::function<std::vector<uint32_t>(size_t)>& candidate) {
    size_t batch = std::max<size_t>(4, 2 * tbb::this_task_arena::max_concurrency());
    for (size_t from = 0; from < count && !expired_; from += batch) {
      size_t to = std::min(count, from + batch);
      std::vector<char> failed(to - from, 0);
      tbb::parallel_for(from, to, [&](size_t k) { failed[k - from] = fails(candidate(k)); });
      for (size_t k = from; k < to; ++k)
        if (failed[k - from]) return k;
    }
    return kNone;
  }

  bool expired() const { return expired_; }
  bool out_of_memory() const { return out_of_memory_; }
  uint64_t checks() const { return checks_; }

 private:
  const History& h_;
  CheckOptions options_;
  const ReadsFrom& reads_from_;
  Clock::time_point deadline_;
  std::atomic<bool> expired_{false};
  std::atomic<bool> out_of_memory_{false};
  std::atomic<uint64_t> checks_{0};
};

std::vector<uint32_t> without_range(const std::vector<uint32_t>& s, size_t from, size_t to) {
  std::vector<uint32_t> out(s.begin(), s.begin() + from);
  out.insert(out.end(), s.begin() + to, s.end());
  return out;
}

// ddmin over `s`, each candidate first repaired (readers of values no
// longer written dropped). Keeps `s` invalid and closed.
void delta_debug(std::vector<uint32_t>& s, Oracle& oracle, const ReadsFrom& rf) {
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
    size_t found = oracle.first_failing(count, candidate);
    if (found != kNone) {
      s = candidate(found);
      n = found < first_complement ? 2 : std::max<size_t>(n - 1, 2);
      continue;
    }
    if (n >= s.size()) break;
    n = std::min(2 * n, s.size());
  }
}

// Removes single ops, without repair, until a whole pass removes none.
// Returns whether that last pass completed (S is then 1-minimal).
bool remove_one_at_a_time(std::vector<uint32_t>& s, Oracle& oracle) {
  for (;;) {
    bool changed = false;
    size_t i = 0;
    while (i < s.size() && !oracle.expired()) {
      size_t found = oracle.first_failing(
          s.size() - i, [&](size_t k) { return without_range(s, i + k, i + k + 1); });
      if (found == kNone) break;
      s.erase(s.begin() + i + found);
      i += found;
      changed = true;
    }
    if (oracle.expired()) return false;
    if (!changed) return true;
  }
}

// The ops of S that the search over S alone placed, where it got stuck, and
// the model's states along the way.
void describe_search(const History& h, const CheckOptions& options, Counterexample& cx) {
  History sub = sub_history(h, cx.ops);
  CheckOptions mine = options;
  mine.progress = nullptr;
  mine.shrink = false;
  CheckResult r = check_linearizable_or_sequential(sub, mine);
  if (r.verdict != Verdict::kInvalid || !r.failing) return;
  const PartitionResult& p = r.partitions[*r.failing];
  for (uint32_t k : p.longest_prefix) cx.longest_prefix.push_back(cx.ops[k]);
  if (p.stuck_op) cx.stuck_op = cx.ops[*p.stuck_op];
  cx.stuck_states = p.stuck_states;
  cx.steps = replay(sub, mine, p.longest_prefix, p.stuck_op);
  for (ModelStep& step : cx.steps) step.op = cx.ops[step.op];
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
                                   const CheckResult& result) {
  auto started = Clock::now();
  Counterexample cx;
  std::vector<uint32_t> universe = failing_universe(h, result);
  cx.from_operations = universe.size();
  ReadsFrom rf(h, options, universe);
  std::vector<uint32_t> s = universe;
  if (!options.shrink) {
    cx.not_minimal_reason = "not shrunk (--no-shrink)";
  } else {
    // Beyond a year is no bound (and a time point that far could overflow).
    constexpr int64_t kYear = int64_t{365} * 24 * 3600 * 1'000'000'000;
    auto deadline = options.shrink_timeout_ns > 0 && options.shrink_timeout_ns < kYear
                        ? started + std::chrono::nanoseconds(options.shrink_timeout_ns)
                        : Clock::time_point::max();
    Oracle oracle(h, options, rf, deadline);
    int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    tbb::task_arena arena(threads);
    arena.execute([&] {
      // First guess: everything up to where the search got stuck.
      const PartitionResult& p = result.partitions[*result.failing];
      if (p.stuck_op) {
        int64_t stuck_end = h.end(h.ops[*p.stuck_op]);
        std::vector<uint32_t> early;
        for (uint32_t op : s)
          if (h.start(h.ops[op]) <= stuck_end) early.push_back(op);
        early = rf.repair(std::move(early));
        if (early.size() < s.size() && oracle.fails(early)) s = std::move(early);
      }
      delta_debug(s, oracle, rf);
      cx.minimal = remove_one_at_a_time(s, oracle);
    });
    if (!cx.minimal)
      cx.not_minimal_reason =
          oracle.out_of_memory()
              ? "memory limit reached while shrinking: the smallest counterexample found so far"
              : "shrink timeout reached: the smallest counterexample found so far";
    cx.oracle_checks = oracle.checks();
    cx.shrink_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  }
  cx.ops = std::move(s);
  describe_search(h, options, cx);
  cx.explanation = explain(h, options, cx, rf);
  return cx;
}

}  // namespace ariadne::lin
