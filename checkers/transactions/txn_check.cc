// The transactional checker (txn_check.h): detection, per-model outcomes,
// and 1-minimal witnesses.
//
// Minimality: a witness S (the transactions of a cycle, the reads that
// showed its list-append order, or a finding's transactions) is checked by
// running detection on the sub-history of S alone and on S without each
// one of its transactions. When S is not 1-minimal it is shrunk greedily
// (drop a transaction whenever the rest still shows the anomaly) and the
// witness shown is the one found in the shrunk sub-history. Witnesses of
// more than kMaxShrink transactions are shown as found, not minimal.
#include "txn_check.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "detect.h"
#include "explain.h"
#include "workloads.h"

namespace ariadne::txn {
namespace {

constexpr size_t kMaxShrink = 64;

// Most severe first: data anomalies, then cycles without, with process and
// with realtime edges.
constexpr Anomaly kSeverity[] = {
    Anomaly::kGarbageRead,
    Anomaly::kDuplicateElements,
    Anomaly::kIncompatibleOrder,
    Anomaly::kInternal,
    Anomaly::kG0,
    Anomaly::kG1a,
    Anomaly::kG1b,
    Anomaly::kDirtyUpdate,
    Anomaly::kFutureRead,
    Anomaly::kG1c,
    Anomaly::kLostUpdate,
    Anomaly::kGSingle,
    Anomaly::kGNonadjacent,
    Anomaly::kG2Item,
    Anomaly::kG0Process,
    Anomaly::kG1cProcess,
    Anomaly::kGSingleProcess,
    Anomaly::kGNonadjacentProcess,
    Anomaly::kG2ItemProcess,
    Anomaly::kG0Realtime,
    Anomaly::kG1cRealtime,
    Anomaly::kGSingleRealtime,
    Anomaly::kGNonadjacentRealtime,
    Anomaly::kG2ItemRealtime,
};

int severity(Anomaly a) {
  for (int i = 0; i < kAnomalyCount; ++i)
    if (kSeverity[i] == a) return i;
  return kAnomalyCount;
}

AnomalySet implying(Anomaly x) {
  AnomalySet s;
  for (Anomaly a : all_anomalies())
    if (anomaly_implies(a, x)) s.set(static_cast<int>(a));
  return s;
}

// The anomaly of `found` that implies x, preferring x itself.
const Found* showing(const Detection& d, Anomaly x) {
  const Found* best = nullptr;
  for (const Found& f : d.found)
    if (anomaly_implies(f.anomaly, x) && (best == nullptr || f.anomaly == x)) best = &f;
  return best;
}

bool exhibits(const History& h, TxnReport::Workload w, const std::vector<uint32_t>& ops, Anomaly x,
              Limits& limits) {
  History sub = sub_history(h, ops);
  Detection d;
  if (detect(sub, w, implying(x), limits, d)) return false;
  return !d.cut_short && showing(d, x) != nullptr;
}

// A 1-minimal witness of f's anomaly, explained; or f as found, with
// `why_not` saying why it was not shown minimal.
Violation minimal_violation(const History& h, const Detection& d, const Found& f,
                            TxnReport::Workload w, Limits& limits, std::string& text,
                            std::string& why_not) {
  std::vector<uint32_t> s = witness_txns(f);  // txn index == op index
  why_not = "not shown minimal";
  if (s.size() <= kMaxShrink && exhibits(h, w, s, f.anomaly, limits)) {
    bool minimal = true;
    for (size_t i = 0; i < s.size() && !limits.stop_now();) {
      std::vector<uint32_t> less = s;
      less.erase(less.begin() + static_cast<std::ptrdiff_t>(i));
      if (exhibits(h, w, less, f.anomaly, limits)) {
        s = std::move(less);
        minimal = false;  // shrunk: check every remaining one again
        i = 0;
        continue;
      }
      ++i;
    }
    if (!limits.stop_now()) {
      History sub = sub_history(h, s);
      Detection sd;
      if (!detect(sub, w, implying(f.anomaly), limits, sd) && !sd.cut_short) {
        if (const Found* g = showing(sd, f.anomaly)) {
          std::vector<uint32_t> witness = witness_txns(*g);
          if (witness.size() == s.size()) {
            Violation v = explain(sub, sd.txns, *g, witness, true, text);
            for (uint32_t& o : v.ops) o = s[o];
            for (Edge& e : v.cycle) {
              e.from = s[e.from];
              e.to = s[e.to];
            }
            return v;
          }
        }
      }
    }
    (void)minimal;
  }
  if (limits.stopped())
    why_not = limits.memory_refused() ? "not shown minimal (" + limits.reason() + ")"
                                      : Budget::not_minimal_reason(limits.reason());
  return explain(h, d.txns, f, witness_txns(f), false, text);
}

CheckResult error_result(const History& h, std::string message) {
  CheckResult r;
  ParseError e;
  e.file = h.name;
  e.message = std::move(message);
  r.error = std::move(e);
  return r;
}

}  // namespace

CheckResult check(const History& h, const CheckOptions& options, Budget& budget) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  auto report = std::make_shared<TxnReport>();
  if (const WorkloadDef* w = find_workload(options.model))
    report->workload = w->workload;
  else
    return error_result(h, "the transactional checker needs --model " + workload_names(" or ") +
                               ", got '" + options.model + "'");
  const bool strongest = options.isolation == "strongest";
  if (!strongest) {
    report->checked = parse_isolation(options.isolation);
    if (!report->checked)
      return error_result(h, "unknown isolation model '" + options.isolation + "'");
  }
  AnomalySet wanted;
  for (Anomaly a : all_anomalies())
    if (strongest || forbids(*report->checked, a)) wanted.set(static_cast<int>(a));

  // This check's memory (CheckOptions::memory, made by check(); a budget
  // of its own when called without one) and time.
  std::unique_ptr<MemoryBudget> own;
  MemoryBudget* memory = options.memory.get();
  if (memory == nullptr) {
    own = std::make_unique<MemoryBudget>(run_budget_limit(options.max_memory, 1));
    memory = own.get();
  }
  Limits limits(memory, budget);
  CheckResult r;
  Detection d;
  if (auto err = detect(h, report->workload, wanted, limits, d)) {
    r.error = std::move(err);
    return r;
  }
  report->transactions = 0;
  for (const Txn& t : d.txns.txns) report->transactions += t.in_graph;
  report->micro_ops = d.txns.mops.size();
  report->edges = d.edges;
  report->notes = d.notes;
  if (report->workload == TxnReport::Workload::kRwRegister)
    report->notes.push_back(
        "rw-register: versions are ordered only by read-then-write within a transaction and by "
        "process order; a cycle that needs another version order is not found "
        "(docs/transactions-models.md)");
  std::stable_sort(d.found.begin(), d.found.end(), [](const Found& a, const Found& b) {
    return severity(a.anomaly) < severity(b.anomaly);
  });

  // Outcomes.
  std::vector<IsolationModel> models;
  if (strongest)
    models.assign(all_isolation_models().begin(), all_isolation_models().end());
  else
    models.push_back(*report->checked);
  for (IsolationModel m : models) {
    ModelOutcome o;
    o.model = m;
    for (const Found& f : d.found)
      if (forbids(m, f.anomaly)) {
        o.holds = false;
        o.ruled_out_by = f.anomaly;
        break;
      }
    report->outcomes.push_back(o);
  }
  auto holds = [&](IsolationModel m) {
    for (const ModelOutcome& o : report->outcomes)
      if (o.model == m) return o.holds;
    return false;
  };
  for (const ModelOutcome& o : report->outcomes) {
    bool stronger_holds = false, weaker_fails = false;
    for (const ModelOutcome& p : report->outcomes) {
      if (p.model == o.model) continue;
      if (p.holds && implies(p.model, o.model)) stronger_holds = true;
      if (!p.holds && implies(o.model, p.model)) weaker_fails = true;
    }
    if (o.holds && !stronger_holds) report->strongest.push_back(o.model);
    if (!o.holds && !weaker_fails) report->weakest_not.push_back(o.model);
  }
  // A check cut short shows no model holding: it may have missed what
  // rules one out.
  if (d.cut_short) report->strongest.clear();

  // Witnesses: every anomaly found when strongest; else the forbidden ones
  // and the data anomalies (always shown).
  // The detection's stop is the verdict's reason; shrinking's is only the
  // witnesses'.
  const bool cut_short = d.cut_short;
  const std::string stop_reason = cut_short ? limits.reason() : "";
  // Shrinking has --shrink-timeout too, and limits of its own (a refusal
  // or timeout there leaves the verdict alone: the witness is shown as found).
  Budget shrink_budget =
      budget.within(Budget::after(Clock::now(), options.shrink_timeout_ns), Budget::kShrinkTimeout);
  Limits shrink_limits(memory, shrink_budget);
  std::vector<std::string> texts, not_minimal;
  for (const Found& f : d.found) {
    bool forbidden = strongest || forbids(*report->checked, f.anomaly);
    if (!forbidden && !f.cycle.empty()) continue;
    std::string text, why_not;
    report->violations.push_back(
        minimal_violation(h, d, f, report->workload, shrink_limits, text, why_not));
    texts.push_back(std::move(text));
    not_minimal.push_back(std::move(why_not));
  }

  bool invalid =
      strongest ? !holds(IsolationModel::kReadUncommitted) : !report->outcomes.front().holds;
  if (invalid) {
    r.verdict = Verdict::kInvalid;
    for (size_t i = 0; i < report->violations.size(); ++i) {
      const Violation& v = report->violations[i];
      if (!strongest && !forbids(*report->checked, v.anomaly)) continue;
      Counterexample cx;
      cx.ops = v.ops;
      cx.explanation = texts[i];
      cx.minimal = v.minimal;
      if (!v.minimal) cx.not_minimal_reason = not_minimal[i];
      cx.from_operations = h.ops.size();
      r.counterexample = std::move(cx);
      break;
    }
  } else if (cut_short) {
    r.verdict = Verdict::kUnknown;
    r.reason = stop_reason;
    report->notes.push_back("the check stopped early (" + r.reason +
                            "): a model shown as holding may not");
  } else {
    r.verdict = Verdict::kValid;
  }
  r.transactions = std::move(report);
  r.check_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return r;
}

namespace {

class TransactionalChecker final : public Checker {
 public:
  std::string_view name() const override { return "transactional"; }
  bool handles(const CheckOptions& options) const override { return txn::handles(options); }
  CheckResult check(const History& history, const CheckOptions& options,
                    Budget& budget) const override {
    return txn::check(history, options, budget);
  }
};

}  // namespace

const Checker& transactional_checker() {
  static const TransactionalChecker checker;
  return checker;
}

}  // namespace ariadne::txn
