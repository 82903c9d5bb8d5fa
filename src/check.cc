#include <algorithm>
#include <chrono>
#include <new>

#include <oneapi/tbb/info.h>

#include "ariadne/checker.h"
#include "ariadne/report.h"
#include "budget.h"
#include "causal/causal_check.h"
#include "convergence/convergence_check.h"
#include "linearizability/lin_check.h"
#include "linearizability/shrink.h"
#include "linearizability/user_model.h"
#include "models/model.h"

namespace ariadne {

namespace {

CheckResult check_in_budget(const History& history, const CheckOptions& options, Budget& budget) {
  switch (options.consistency) {
    case Consistency::kLinearizable:
    case Consistency::kSequential: {
      CheckResult r = lin::check_linearizable_or_sequential(history, options, budget);
      if (r.verdict == Verdict::kInvalid && r.failing) {
        try {
          r.counterexample = lin::find_counterexample(history, options, r, budget);
        } catch (const std::bad_alloc&) {
          // The verdict stands; the counterexample is the failing partition.
          Counterexample cx;
          cx.ops = lin::failing_universe(history, r);
          cx.from_operations = cx.ops.size();
          cx.not_minimal_reason = "memory limit: out of memory while shrinking";
          cx.explanation =
              "Out of memory while shrinking: these are all the operations of the "
              "failing partition.\n";
          r.counterexample = std::move(cx);
        }
      }
      return r;
    }
    case Consistency::kEventual: return convergence::check_eventual(history, options, budget);
    case Consistency::kCausal:
    case Consistency::kCausalConvergence:
    case Consistency::kCausalMemory: return causal::check_causal(history, options, budget);
    case Consistency::kStrongest: return causal::check_strongest(history, options, budget);
    default: {
      CheckResult r;
      r.verdict = Verdict::kUnknown;
      r.reason = std::string("consistency model ") +
                 std::string(consistency_name(options.consistency)) + " is not available yet";
      return r;
    }
  }
}

// What a history's events and operations take; the rest of it (values'
// text) is not counted.
uint64_t history_bytes(const History& h) {
  return h.events.capacity() * sizeof(Event) + h.ops.capacity() * sizeof(Operation) +
         h.nemesis.capacity() * sizeof(uint32_t);
}

// Why `options.user_model` cannot be checked, or empty.
std::string user_model_problem(const CheckOptions& options) {
  const std::string& name = options.user_model->name();
  const auto& builtin = model_names();
  if (std::find(builtin.begin(), builtin.end(), name) != builtin.end())
    return "user model '" + bounded(name, 80) + "': expected a name that is not a built-in model's";
  if (options.consistency != Consistency::kLinearizable &&
      options.consistency != Consistency::kSequential)
    return "user model '" + bounded(name, 80) +
           "': only linearizable and sequential checks take a user model, got " +
           std::string(consistency_name(options.consistency));
  return {};
}

}  // namespace

CheckResult check(const History& history, const CheckOptions& options) {
  if (options.user_model) {
    if (std::string problem = user_model_problem(options); !problem.empty()) {
      CheckResult r;
      r.verdict = Verdict::kUnknown;
      r.error = ParseError{history.name, 0, 0, problem, {}, 0};
      return r;
    }
  }
  std::shared_ptr<MemoryBudget> run = options.memory;
  if (!run) {
    int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
    run = std::make_shared<MemoryBudget>(run_budget_limit(options.max_memory, threads));
  }
  // This history's own budget, within the run's: its high-water mark is
  // peak_bytes, and a refusal ends this check only.
  CheckOptions mine = options;
  if (options.user_model) mine.model = options.user_model->name();
  mine.memory = std::make_shared<MemoryBudget>(MemoryBudget::kUnlimited, run.get());
  mine.memory->charge(history_bytes(history));
  // One time budget for every phase of this check (budget.h).
  Budget budget = Budget::for_check(mine, std::chrono::steady_clock::now());
  CheckResult r;
  try {
    r = check_in_budget(history, mine, budget);
  } catch (const lin::UserModelError& e) {
    // A user model's code threw (ariadne/model.h): no verdict.
    r = CheckResult();
    r.verdict = Verdict::kUnknown;
    r.reason = "the model failed";
    r.error = e.where;
  } catch (const std::bad_alloc&) {
    // Whatever the check built is freed by now; its verdict is unknown and
    // other checks of the run go on.
    r = CheckResult();
    r.verdict = Verdict::kUnknown;
    r.reason = "memory limit: out of memory (an allocation failed) with " +
               format_bytes(mine.memory->peak()) + " held by this check at most";
  }
  r.peak_bytes = mine.memory->peak();
  return r;
}

}  // namespace ariadne
