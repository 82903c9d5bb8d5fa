// check(): one memory and time budget per history, then the checker of
// src/check/checkers.cc that handles the options (or the strongest
// orchestrator). The names of verdicts and consistency models are in
// checkers/check_options.cc, below the checkers.
#include <algorithm>
#include <chrono>
#include <new>

#include <oneapi/tbb/info.h>

#include "ariadne/checker.h"
#include "ariadne/report.h"
#include "budget.h"
#include "check/strongest.h"
#include "checker.h"
#include "linearizability/user_model.h"
#include "models/model.h"

namespace ariadne {

namespace {

CheckResult check_in_budget(const History& history, const CheckOptions& options, Budget& budget) {
  // A transactional check's "strongest" is its own checker's (isolation
  // models, not these).
  if (options.consistency == Consistency::kStrongest && options.isolation.empty())
    return check_strongest(history, options, budget);
  if (const Checker* checker = find_checker(options))
    return checker->check(history, options, budget);
  CheckResult r;
  r.verdict = Verdict::kUnknown;
  r.reason = std::string("consistency model ") +
             std::string(consistency_name(options.consistency)) + " is not available yet";
  return r;
}

// What a history's events and operations take; the rest of it (values'
// text) is not counted. Their size, not their capacity: room reserved past
// the end was never written (a reader reserves for records it may find), so
// its pages are address space, not memory.
uint64_t history_bytes(const History& h) {
  return h.events.size() * sizeof(Event) + h.ops.size() * sizeof(Operation) +
         h.nemesis.size() * sizeof(uint32_t);
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
