// Causal consistency checks, and `--consistency strongest` (see
// ariadne/checker.h and ariadne/causal.h for the contract; this is what
// check() calls for those models).
#pragma once

#include "ariadne/checker.h"
#include "budget.h"

namespace ariadne::causal {

// REQUIRES: options.consistency is kCausal, kCausalConvergence or
// kCausalMemory. Polynomial; `budget` is looked at between its passes and
// while shrinking (a pass not run: unknown, with the budget's reason; a
// shrink cut short: the witness so far, not shown minimal).
CheckResult check_causal(const History& history, const CheckOptions& options, const Budget& budget);

// Every model from linearizable down to causal; the verdict is valid when
// one holds, invalid when even causal consistency fails, else unknown.
// `budget` bounds all of it: the causal passes, then the linearizable and
// sequential searches.
CheckResult check_strongest(const History& history, const CheckOptions& options, Budget& budget);

}  // namespace ariadne::causal
