#include "linearizability/search_checker.h"

#include <algorithm>
#include <new>
#include <unordered_set>

#include "linearizability/lin_check.h"
#include "linearizability/replay.h"
#include "linearizability/shrink.h"

namespace ariadne::lin {

namespace {

// How much of the failing partition is kept around the counterexample:
// kWindowOps operations on each side of each of its operations, halved
// until at most kMaxContextOps are kept. A counterexample of more than
// kMaxFocusOps operations (not shrunk) is looked at near its stuck op only.
constexpr size_t kWindowOps = 40;
constexpr size_t kMaxContextOps = 2000;
constexpr size_t kMaxFocusOps = 200;

// The failing partition's ops near `focus`, ascending, with `focus` itself.
std::vector<uint32_t> context_window(const History& h, const CheckResult& r,
                                     const std::vector<uint32_t>& focus) {
  std::vector<uint32_t> universe = failing_universe(h, r);
  std::vector<char> take(universe.size(), 0);
  size_t window = kWindowOps;
  for (;;) {
    std::fill(take.begin(), take.end(), 0);
    size_t count = 0;
    for (uint32_t op : focus) {
      auto it = std::lower_bound(universe.begin(), universe.end(), op);
      if (it == universe.end() || *it != op) continue;
      size_t pos = it - universe.begin();
      size_t from = pos > window ? pos - window : 0;
      size_t to = std::min(universe.size(), pos + window + 1);
      for (size_t k = from; k < to; ++k) count += !take[k], take[k] = 1;
    }
    if (count <= kMaxContextOps || window == 0) break;
    window /= 2;
  }
  std::vector<uint32_t> out;
  for (size_t k = 0; k < universe.size(); ++k)
    if (take[k]) out.push_back(universe[k]);
  for (uint32_t op : focus)
    if (!std::binary_search(out.begin(), out.end(), op))
      out.insert(std::upper_bound(out.begin(), out.end(), op), op);
  return out;
}

// CheckResult::failure_context and failure_steps of an invalid result.
void describe_failure(const History& h, const CheckOptions& options, CheckResult& r) {
  const Counterexample& cx = *r.counterexample;
  const PartitionResult& p = r.partitions[*r.failing];
  std::vector<uint32_t> focus = cx.ops.size() <= kMaxFocusOps
                                    ? cx.ops
                                    : std::vector<uint32_t>{cx.stuck_op.value_or(cx.ops.back())};
  r.failure_context = context_window(h, r, focus);
  std::unordered_set<uint32_t> wanted(r.failure_context.begin(), r.failure_context.end());
  r.failure_steps = replay(h, options, p.longest_prefix, p.stuck_op, &wanted);
}

class SearchChecker : public Checker {
 public:
  explicit SearchChecker(Consistency c) : consistency_(c) {}

  std::string_view name() const override { return consistency_name(consistency_); }

  bool handles(const CheckOptions& options) const override {
    return options.consistency == consistency_;
  }

  CheckResult check(const History& h, const CheckOptions& options, Budget& budget) const override {
    CheckResult r = check_linearizable_or_sequential(h, options, budget);
    for (const PartitionResult& p : r.partitions) r.checked_operations += p.operations;
    if (r.verdict != Verdict::kInvalid || !r.failing) return r;
    try {
      r.counterexample = find_counterexample(h, options, r, budget);
      // A fast procedure ran no search over the partition: its view is the
      // search's over the counterexample.
      PartitionResult& p = r.partitions[*r.failing];
      if (!p.procedure.empty() && !p.stuck_op) {
        p.longest_prefix = r.counterexample->longest_prefix;
        p.stuck_op = r.counterexample->stuck_op;
        p.stuck_states = r.counterexample->stuck_states;
      }
    } catch (const std::bad_alloc&) {
      // The verdict stands; the counterexample is the failing partition.
      Counterexample cx;
      cx.ops = failing_universe(h, r);
      cx.from_operations = cx.ops.size();
      cx.not_minimal_reason = "memory limit: out of memory while shrinking";
      cx.explanation =
          "Out of memory while shrinking: these are all the operations of the "
          "failing partition.\n";
      r.counterexample = std::move(cx);
    }
    try {
      describe_failure(h, options, r);
    } catch (const std::bad_alloc&) {
      // Reports draw the counterexample without its surroundings.
      r.failure_context.clear();
      r.failure_steps.clear();
    }
    return r;
  }

 private:
  Consistency consistency_;
};

}  // namespace

const Checker& linearizable_checker() {
  static const SearchChecker checker(Consistency::kLinearizable);
  return checker;
}

const Checker& sequential_checker() {
  static const SearchChecker checker(Consistency::kSequential);
  return checker;
}

}  // namespace ariadne::lin
