#include "check/strongest.h"

#include <chrono>

#include "ariadne/causal.h"
#include "checker.h"

namespace ariadne {

namespace {

CheckResult run(const History& h, const CheckOptions& options, Consistency c, Budget& budget) {
  CheckOptions mine = options;
  mine.consistency = c;
  const Checker* checker = find_checker(mine);
  if (checker) return checker->check(h, mine, budget);
  CheckResult r;
  r.verdict = Verdict::kUnknown;
  r.reason = "no checker for " + std::string(consistency_name(c));
  return r;
}

ModelOutcome outcome_of(Consistency c, const CheckResult& r) {
  ModelOutcome m;
  m.consistency = c;
  m.verdict = r.verdict;
  m.reason = r.reason;
  m.counterexample = r.counterexample;
  m.causal = r.causal;
  if (r.failing) m.stuck_op = r.partitions[*r.failing].stuck_op;
  return m;
}

}  // namespace

CheckResult check_strongest(const History& h, const CheckOptions& options, Budget& budget) {
  auto started = std::chrono::steady_clock::now();
  CheckResult r;
  auto failed = [&](const CheckResult& part) {
    r.error = part.error;
    return r;
  };
  CheckResult cc = run(h, options, Consistency::kCausal, budget);
  if (cc.error) return failed(cc);
  r.checked_operations = cc.checked_operations;
  // Not causal, so neither causal-memory nor causal-convergence: one witness.
  CheckResult ccv = cc, cm = cc;
  if (cc.verdict != Verdict::kInvalid) {
    ccv = run(h, options, Consistency::kCausalConvergence, budget);
    if (ccv.error) return failed(ccv);
    cm = run(h, options, Consistency::kCausalMemory, budget);
    if (cm.error) return failed(cm);
  }
  CheckResult lin = run(h, options, Consistency::kLinearizable, budget);
  if (lin.error) return failed(lin);

  auto report = std::make_shared<StrongestReport>();
  report->outcomes.push_back(outcome_of(Consistency::kLinearizable, lin));
  if (lin.verdict == Verdict::kValid) {
    ModelOutcome seq;
    seq.consistency = Consistency::kSequential;
    seq.verdict = Verdict::kValid;
    seq.reason = "implied: linearizable";
    report->outcomes.push_back(seq);
  } else {
    CheckResult seq = run(h, options, Consistency::kSequential, budget);
    if (seq.error) return failed(seq);
    report->outcomes.push_back(outcome_of(Consistency::kSequential, seq));
  }
  report->outcomes.push_back(outcome_of(Consistency::kCausalMemory, cm));
  report->outcomes.push_back(outcome_of(Consistency::kCausalConvergence, ccv));
  report->outcomes.push_back(outcome_of(Consistency::kCausal, cc));
  for (const ModelOutcome& m : report->outcomes) {
    if (m.verdict == Verdict::kValid) {
      report->strongest = m.consistency;
      break;
    }
  }
  if (report->strongest) {
    r.verdict = Verdict::kValid;
  } else if (cc.verdict == Verdict::kInvalid) {
    // Not even causal: nothing stronger holds either.
    r.verdict = Verdict::kInvalid;
    r.counterexample = cc.counterexample;
    r.causal = cc.causal;
  } else {
    r.verdict = Verdict::kUnknown;
    r.reason = "no model is known to hold";
    for (const ModelOutcome& m : report->outcomes)
      if (m.verdict == Verdict::kUnknown) {
        r.reason += "; " + std::string(consistency_name(m.consistency)) + ": " + m.reason;
        break;
      }
  }
  r.strongest = report;
  r.check_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace ariadne
