// Linearizability and sequential consistency checks (see ariadne/checker.h
// for the contract; this is what check() calls for those two models).
#pragma once

#include "ariadne/checker.h"
#include "budget.h"

namespace ariadne::lin {

// REQUIRES: options.consistency is kLinearizable or kSequential. Time and
// work come from `budget` (budget.h), shared with the caller's other phases;
// options.timeout_ns and options.max_states are not read again.
CheckResult check_linearizable_or_sequential(const History& history, const CheckOptions& options,
                                             Budget& budget);

}  // namespace ariadne::lin
