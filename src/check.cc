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

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kValid: return "valid";
    case Verdict::kInvalid: return "invalid";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view consistency_name(Consistency c) {
  switch (c) {
    case Consistency::kLinearizable: return "linearizable";
    case Consistency::kSequential: return "sequential";
    case Consistency::kCausal: return "causal";
    case Consistency::kCausalConvergence: return "causal-convergence";
    case Consistency::kCausalMemory: return "causal-memory";
    case Consistency::kEventual: return "eventual";
    case Consistency::kStrongest: return "strongest";
  }
  return "linearizable";
}

std::optional<Consistency> parse_consistency(std::string_view name) {
  for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential, Consistency::kCausal,
                        Consistency::kCausalConvergence, Consistency::kCausalMemory,
                        Consistency::kEventual, Consistency::kStrongest})
    if (consistency_name(c) == name) return c;
  return std::nullopt;
}

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const models::ModelDef* m : models::all_models()) out.push_back(m->name);
    return out;
  }();
  return names;
}

const Value& CheckOptions::initial_of(Value key) const {
  for (const auto& [k, v] : initial_by_key) {
    if (k == key) return v;
    if (k.is_text() && key.is_text() && k.as_text() == key.as_text()) return v;
  }
  return initial;
}

std::string describe_op(const History& h, uint32_t index) {
  const Operation& op = h.ops[index];
  const Event& first = h.first_event(op);
  std::string out = "process " + bounded_edn(first.process) + " " + bounded_edn(first.f);
  if (h.has_key(op)) out += " key " + bounded_edn(h.key(op));
  Value arg = h.argument(op);
  if (!arg.is_null() || op.status != OpStatus::kOk) out += " " + bounded_edn(arg);
  if (op.status == OpStatus::kOk) {
    Value res = h.result(op);
    // A read shows what it returned even when that equals its argument
    // (nil: "process 1 :read -> nil", not "process 1 :read").
    Value f = first.f;
    bool reads = f.is_text() && (f.as_text() == "read" || f.as_text() == "get" ||
                                 f.as_text() == "dequeue" || f.as_text() == "pop");
    if (res != arg || reads) out += " -> " + bounded_edn(res);
  } else {
    out += std::string(" (") + std::string(op_status_name(op.status)) + ")";
  }
  out += " [line " + std::to_string(first.line);
  if (op.complete != Operation::kNoEvent && op.invoke != Operation::kNoEvent &&
      h.events[op.complete].line != first.line)
    out += "-" + std::to_string(h.events[op.complete].line);
  out += "]";
  return out;
}

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
