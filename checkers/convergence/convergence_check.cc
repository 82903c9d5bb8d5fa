// Eventual consistency of a whole history (the contract is in
// ariadne/convergence.h): objects are checked in parallel, then their
// outcomes are merged in object order, so the report and the verdict do not
// depend on the thread count.
#include "convergence/convergence_check.h"

#include <algorithm>
#include <atomic>
#include <chrono>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "convergence/list_append.h"
#include "convergence/outcome.h"
#include "convergence/set_full.h"
#include "models/model.h"

namespace ariadne {

std::string_view finding_kind_name(ConvergenceReport::FindingKind kind) {
  using K = ConvergenceReport::FindingKind;
  switch (kind) {
    case K::kDivergent: return "divergent";
    case K::kLost: return "lost";
    case K::kUnexpected: return "unexpected";
    case K::kIllegalMerge: return "illegal-merge";
    case K::kDuplicate: return "duplicate";
    case K::kMissingFinalRead: return "missing-final-read";
    case K::kReordered: return "reordered";
    case K::kStale: return "stale";
  }
  return "divergent";
}

std::string_view set_semantics_name(SetSemantics s) {
  switch (s) {
    case SetSemantics::kAddWins: return "add-wins";
    case SetSemantics::kRemoveWins: return "remove-wins";
    case SetSemantics::kLastWriterWins: return "lww";
  }
  return "add-wins";
}

std::optional<SetSemantics> parse_set_semantics(std::string_view name) {
  for (SetSemantics s :
       {SetSemantics::kAddWins, SetSemantics::kRemoveWins, SetSemantics::kLastWriterWins})
    if (set_semantics_name(s) == name) return s;
  return std::nullopt;
}

std::string_view arbitration_name(Arbitration a) {
  return a == Arbitration::kRealtime ? "realtime" : "causal";
}

std::optional<Arbitration> parse_arbitration(std::string_view name) {
  for (Arbitration a : {Arbitration::kCausal, Arbitration::kRealtime})
    if (arbitration_name(a) == name) return a;
  return std::nullopt;
}

namespace convergence {

namespace {

constexpr size_t kWorstOverwrites = 8;

constexpr size_t kWorstStale = 8;
constexpr double kQuantiles[] = {0, 0.5, 0.95, 0.99, 1};

bool invalidates(FindingKind k) { return k != FindingKind::kMissingFinalRead; }

// Jepsen's frequency distribution: the element at floor(n * q), capped.
void latency_summary(std::vector<UpdateLatency>& all, const Objects& objects,
                     ConvergenceReport& report) {
  report.stable = all.size();
  if (all.empty()) return;
  std::vector<int64_t> sorted;
  sorted.reserve(all.size());
  for (const UpdateLatency& u : all) sorted.push_back(u.latency);
  std::sort(sorted.begin(), sorted.end());
  for (double q : kQuantiles) {
    size_t i = std::min(sorted.size() - 1, static_cast<size_t>(q * sorted.size()));
    report.quantiles.push_back({q, sorted[i]});
  }
  report.stale = static_cast<size_t>(sorted.end() -
                                     std::upper_bound(sorted.begin(), sorted.end(), int64_t{0}));
  size_t k = std::min(kWorstStale, report.stale);
  std::partial_sort(all.begin(), all.begin() + k, all.end(),
                    [](const UpdateLatency& a, const UpdateLatency& b) {
                      return a.latency != b.latency ? a.latency > b.latency : a.op < b.op;
                    });
  for (size_t i = 0; i < k; ++i)
    report.worst_stale.push_back(
        {all[i].op, all[i].latency, objects.replica_names[all[i].replica]});
}

void append(std::vector<uint32_t>& to, const std::vector<uint32_t>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

CheckResult check_eventual(const History& h, const CheckOptions& options, const Budget& budget) {
  auto started = std::chrono::steady_clock::now();
  CheckResult result;
  std::optional<ModelKind> kind = eventual_model(options.model);
  if (!kind) {
    ParseError e;
    e.file = h.name;
    e.message =
        "eventual consistency is checked for models " +
        models::model_list(
            [](const models::ModelDef& m) { return m.convergence != models::Convergence::kNone; },
            " and ") +
        ", not " + options.model;
    result.error = e;
    return result;
  }
  if (*kind == ModelKind::kSet && !names_replicas(h)) return check_set_full(h, options);
  Objects objects;
  if (auto error = *kind == ModelKind::kListAppend ? build_list_objects(h, objects)
                                                   : build_objects(h, options, objects)) {
    result.error = error;
    return result;
  }

  std::unique_ptr<Causality> causality;
  if (objects.model == ModelKind::kRegister && options.arbitration == Arbitration::kCausal)
    causality = std::make_unique<Causality>(h, objects);
  std::vector<ObjectOutcome> outcomes(objects.objects.size());
  std::atomic<size_t> skipped{0};  // objects not checked: the budget ran out first
  auto check_one = [&](size_t i) {
    if (budget.exhausted()) {
      ++skipped;
      return;
    }
    const Object& obj = objects.objects[i];
    switch (objects.model) {
      case ModelKind::kSet:
        check_set(objects, obj, h, options.set_semantics, options.initial, outcomes[i]);
        break;
      case ModelKind::kCounter: check_counter(objects, obj, h, options.initial, outcomes[i]); break;
      case ModelKind::kRegister:
        check_register(objects, obj, h, options.initial_of(obj.keyed ? obj.key : Value()),
                       causality.get(), outcomes[i]);
        break;
      case ModelKind::kListAppend: check_list_append(objects, obj, h, outcomes[i]); break;
    }
  };
  int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, outcomes.size(), 16), [&](const auto& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) check_one(i);
    });
  });

  auto report = std::make_shared<ConvergenceReport>();
  report->time_unit = h.timed ? "ns" : "positions";
  report->replicas_from_node = objects.replicas_from_node;
  report->replicas = objects.replica_names;
  report->objects = objects.objects.size();
  std::vector<UpdateLatency> latencies;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    ObjectOutcome& o = outcomes[i];
    report->updates += objects.objects[i].updates.size();
    report->reads += objects.objects[i].reads.size();
    report->final_reads += o.final_reads;
    report->unstable += o.unstable;
    for (Finding& f : o.findings) report->findings.push_back(std::move(f));
    append(report->lost, o.lost);
    append(report->recovered, o.recovered);
    append(report->never_read, o.never_read);
    append(report->duplicated, o.duplicated);
    latencies.insert(latencies.end(), o.latencies.begin(), o.latencies.end());
    report->concurrent_overwrites += o.concurrent_overwrites;
    report->worst_overwrites.insert(report->worst_overwrites.end(), o.overwrites.begin(),
                                    o.overwrites.end());
    report->points.insert(report->points.end(), o.points.begin(), o.points.end());
    if (report->latency_note.empty()) report->latency_note = o.latency_note;
    o = ObjectOutcome();
  }
  for (auto* list : {&report->lost, &report->recovered, &report->never_read, &report->duplicated})
    std::sort(list->begin(), list->end());
  // Invalid findings first, each group in object order.
  std::stable_partition(report->findings.begin(), report->findings.end(),
                        [](const Finding& f) { return invalidates(f.kind); });
  std::sort(report->points.begin(), report->points.end(), [](const auto& a, const auto& b) {
    return a.acknowledged != b.acknowledged ? a.acknowledged < b.acknowledged
                                            : a.replica < b.replica;
  });
  latency_summary(latencies, objects, *report);
  auto& worst = report->worst_overwrites;
  size_t k = std::min(kWorstOverwrites, worst.size());
  std::partial_sort(worst.begin(), worst.begin() + k, worst.end(),
                    [](const auto& a, const auto& b) {
                      return a.gap != b.gap ? a.gap > b.gap : a.write < b.write;
                    });
  worst.resize(k);

  const std::vector<Finding>& findings = report->findings;
  if (!findings.empty() && invalidates(findings.front().kind)) {
    result.verdict = Verdict::kInvalid;
    const Finding& first = findings.front();
    Counterexample cx;
    cx.ops = first.ops;
    cx.explanation = first.explanation;
    size_t more = std::count_if(findings.begin(), findings.end(),
                                [](const Finding& f) { return invalidates(f.kind); });
    if (more > 1)
      cx.explanation += "\n" + std::to_string(more - 1) + " more violation" +
                        (more > 2 ? "s" : "") + " in the convergence report";
    result.counterexample = std::move(cx);
  } else if (!findings.empty()) {
    result.verdict = Verdict::kUnknown;
    result.reason = findings.front().explanation;
    if (findings.size() > 1)
      result.reason += " (and " + std::to_string(findings.size() - 1) + " more objects)";
  } else if (objects.objects.empty()) {
    result.verdict = Verdict::kUnknown;
    result.reason = "no updates or reads to check";
  }
  // A violation found stands; otherwise what was not checked is not known.
  if (skipped > 0 && result.verdict != Verdict::kInvalid) {
    const char* why = budget.reason();
    result.verdict = Verdict::kUnknown;
    result.reason = std::string(why ? why : Budget::kTimeout) + " after checking " +
                    std::to_string(outcomes.size() - skipped) + " of " +
                    std::to_string(outcomes.size()) + " objects";
  }
  result.convergence = std::move(report);
  result.check_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

namespace {

class EventualChecker : public Checker {
 public:
  std::string_view name() const override { return "eventual"; }
  bool handles(const CheckOptions& options) const override {
    return options.consistency == Consistency::kEventual;
  }
  CheckResult check(const History& h, const CheckOptions& options, Budget& budget) const override {
    CheckResult r = check_eventual(h, options, budget);
    if (r.convergence) r.checked_operations = r.convergence->updates + r.convergence->reads;
    return r;
  }
};

}  // namespace

const Checker& eventual_checker() {
  static const EventualChecker checker;
  return checker;
}

}  // namespace convergence
}  // namespace ariadne
