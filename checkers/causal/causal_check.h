// Causal consistency checks, and `--consistency strongest` (see
// ariadne/checker.h and ariadne/causal.h for the contract; this is what
// check() calls for those models).
#pragma once

#include "ariadne/checker.h"

namespace ariadne::causal {

// REQUIRES: options.consistency is kCausal, kCausalConvergence or
// kCausalMemory. Polynomial: no timeout or memory limit applies.
CheckResult check_causal(const History& history, const CheckOptions& options);

// Every model from linearizable down to causal; the verdict is valid when
// one holds, invalid when even causal consistency fails, else unknown.
// options.timeout_ns bounds the linearizable and sequential searches.
CheckResult check_strongest(const History& history, const CheckOptions& options);

}  // namespace ariadne::causal
