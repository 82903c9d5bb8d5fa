// Causal consistency checks (see ariadne/checker.h and ariadne/causal.h for
// the contract; causal_checker() is what check() runs for those models).
#pragma once

#include "ariadne/checker.h"
#include "budget.h"
#include "checker.h"

namespace ariadne::causal {

// REQUIRES: options.consistency is kCausal, kCausalConvergence or
// kCausalMemory. Polynomial; `budget` is looked at between its passes and
// while shrinking (a pass not run: unknown, with the budget's reason; a
// shrink cut short: the witness so far, not shown minimal). No partitions:
// the history is one object (CheckResult::checked_operations counts it).
CheckResult check_causal(const History& history, const CheckOptions& options, const Budget& budget);

// The checker of the three causal models (checkers/checker.h): check_causal.
const Checker& causal_checker();

}  // namespace ariadne::causal
