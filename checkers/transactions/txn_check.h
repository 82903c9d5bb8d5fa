// The transactional checker (issue 17): list-append and rw-register
// histories of :txn operations against an isolation model (Elle's).
//
// check() reads CheckOptions::model (a workload of workloads.h) and
// CheckOptions::isolation (an Elle model name, or "strongest"). Verdict:
// invalid when an anomaly the model forbids is found (for "strongest":
// when not even read-uncommitted holds); result.transactions holds the
// report (ariadne/transactions.h) and result.counterexample the first
// violation's transactions and explanation. Malformed micro-ops are
// CheckResult::error with the line and column of the operation.
#pragma once

#include "ariadne/checker.h"
#include "ariadne/transactions.h"
#include "budget.h"
#include "checker.h"

namespace ariadne::txn {

CheckResult check(const History& history, const CheckOptions& options, Budget& budget);

// True when `options` asks for the transactional checker.
inline bool handles(const CheckOptions& options) { return !options.isolation.empty(); }

// The transactional checker's place in the checker list (checkers/checker.h).
const Checker& transactional_checker();

}  // namespace ariadne::txn
