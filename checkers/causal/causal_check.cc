// CC, CCv and CM of a whole history: build the graph, look for the bad
// patterns of each model in the paper's order.
#include "causal/causal_check.h"

#include <chrono>

#include <oneapi/tbb/task_arena.h>

#include "ariadne/causal.h"
#include "causal/causal_graph.h"
#include "causal/patterns.h"
#include "causal/shrink.h"

namespace ariadne {

std::string_view causal_edge_kind_name(CausalEdge::Kind kind) {
  switch (kind) {
    case CausalEdge::Kind::kPo: return "po";
    case CausalEdge::Kind::kRf: return "rf";
    case CausalEdge::Kind::kCf: return "cf";
    case CausalEdge::Kind::kHb: return "hb";
  }
  return "po";
}

namespace causal {

namespace {

using Clock = std::chrono::steady_clock;

// The three causal models' outcomes from one graph.
struct CausalOutcomes {
  std::optional<ParseError> error;
  std::optional<std::string> unknown;
  size_t operations = 0;
  std::shared_ptr<const CausalViolation> cc, ccv, cm;  // null: satisfied
  bool cc_minimal = false, ccv_minimal = false, cm_minimal = false;
  const char* shrink_stopped = nullptr;  // the budget's reason, if it cut a shrink short
  // CC holds, but the budget ran out before CCv and CM were decided: why.
  std::optional<std::string> stronger_unknown;
  const std::optional<std::string>& unknown_for(Consistency c) const {
    return unknown || c == Consistency::kCausal ? unknown : stronger_unknown;
  }
};

CausalOutcomes run_in_arena(const History& h, const CheckOptions& options, bool ccv, bool cm,
                            const Budget& budget);

// With options.threads workers (0: every core). The outcome is the same at
// any thread count.
CausalOutcomes run(const History& h, const CheckOptions& options, bool ccv, bool cm,
                   const Budget& budget) {
  int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  CausalOutcomes out;
  arena.execute([&] { out = run_in_arena(h, options, ccv, cm, budget); });
  return out;
}

// The budget is looked at between passes (each is polynomial) and between
// a shrink's steps: a pass not run leaves its models unknown.
CausalOutcomes run_in_arena(const History& h, const CheckOptions& options, bool ccv, bool cm,
                            const Budget& budget) {
  CausalOutcomes out;
  auto shrunk = [&](Consistency c, std::shared_ptr<const CausalViolation> v, bool& minimal) {
    Budget mine = budget.within(Budget::after(Clock::now(), options.shrink_timeout_ns),
                                Budget::kShrinkTimeout);
    Shrunk s = shrink(h, options, c, std::move(v), mine);
    minimal = s.minimal;
    if (s.stopped) out.shrink_stopped = s.stopped;
    return s.violation;
  };
  Graph g;
  BuildOutcome built = build_graph(h, options, g);
  out.error = built.error;
  out.unknown = built.unknown;
  out.operations = g.size;
  if (built.error) return out;
  std::shared_ptr<const CausalViolation> cc = built.violation;
  if (!cc && !built.unknown) {
    if (const char* why = budget.reason()) {
      out.unknown = why;
      return out;
    }
    cc = find_cc_violation(g);
  }
  if (cc) {
    // Not CC, so neither CCv nor CM: one witness for all three.
    out.cc = out.ccv = out.cm = shrunk(Consistency::kCausal, cc, out.cc_minimal);
    out.ccv_minimal = out.cm_minimal = out.cc_minimal;
    return out;
  }
  if (built.unknown) return out;
  if ((ccv || cm) && budget.exhausted()) {
    out.stronger_unknown = budget.reason();
    return out;
  }
  if (ccv)
    if (auto v = find_cyclic_cf(g))
      out.ccv = shrunk(Consistency::kCausalConvergence, v, out.ccv_minimal);
  if (cm) {
    if (const char* why = budget.reason()) {
      out.stronger_unknown = why;
      return out;
    }
    if (auto v = find_cm_violation(g))
      out.cm = shrunk(Consistency::kCausalMemory, v, out.cm_minimal);
  }
  return out;
}

Counterexample counterexample_of(const CausalViolation& v, bool minimal, const char* stopped) {
  Counterexample c;
  c.ops = v.ops;
  c.minimal = minimal;
  if (!minimal && stopped) c.not_minimal_reason = Budget::not_minimal_reason(stopped);
  c.explanation = v.pattern + ": " + v.summary + ".\n";
  for (const CausalEdge& e : v.edges) c.explanation += e.why + ".\n";
  return c;
}

void set_violation(CheckResult& r, std::shared_ptr<const CausalViolation> v, bool minimal,
                   const char* stopped) {
  r.verdict = Verdict::kInvalid;
  r.counterexample = counterexample_of(*v, minimal, stopped);
  r.causal = std::move(v);
}

}  // namespace

CheckResult check_causal(const History& h, const CheckOptions& options, const Budget& budget) {
  auto started = Clock::now();
  Consistency c = options.consistency;
  CausalOutcomes o = run(h, options, c == Consistency::kCausalConvergence,
                         c == Consistency::kCausalMemory, budget);
  CheckResult r;
  r.check_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (o.error) {
    r.error = o.error;
    return r;
  }
  const auto& v = c == Consistency::kCausalMemory        ? o.cm
                  : c == Consistency::kCausalConvergence ? o.ccv
                                                         : o.cc;
  bool minimal = c == Consistency::kCausalMemory        ? o.cm_minimal
                 : c == Consistency::kCausalConvergence ? o.ccv_minimal
                                                        : o.cc_minimal;
  r.checked_operations = o.operations;
  if (v) {
    set_violation(r, v, minimal, o.shrink_stopped);
  } else if (o.unknown_for(c)) {
    r.verdict = Verdict::kUnknown;
    r.reason = *o.unknown_for(c);
  }
  return r;
}

namespace {

class CausalChecker : public Checker {
 public:
  std::string_view name() const override { return "causal"; }
  bool handles(const CheckOptions& options) const override {
    return options.consistency == Consistency::kCausal ||
           options.consistency == Consistency::kCausalConvergence ||
           options.consistency == Consistency::kCausalMemory;
  }
  CheckResult check(const History& h, const CheckOptions& options, Budget& budget) const override {
    return check_causal(h, options, budget);
  }
};

}  // namespace

const Checker& causal_checker() {
  static const CausalChecker checker;
  return checker;
}

}  // namespace causal
}  // namespace ariadne
