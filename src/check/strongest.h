// `--consistency strongest`: an orchestrator over the checkers of
// checkers/checker.h, not a checker itself.
#pragma once

#include "ariadne/checker.h"
#include "budget.h"

namespace ariadne {

// Every model from linearizable down to causal, each decided by its own
// checker (find_checker) on a copy of `options` naming it. The causal models
// run first (polynomial), then the linearizable and sequential searches, all
// within `budget`. What one model's verdict implies for another is not asked
// again: linearizable implies sequential; not causal implies neither
// causal-memory nor causal-convergence (one witness for the three).
//
// Each outcome is its checker's result: linearizable and sequential
// outcomes carry their shrunk counterexample (shrinking draws on `budget`
// like the searches), causal ones their bad pattern.
//
// The verdict is valid when some model holds (CheckResult::strongest names
// the strongest), invalid when even causal consistency fails (with the
// causal checker's counterexample and pattern), else unknown.
CheckResult check_strongest(const History& history, const CheckOptions& options, Budget& budget);

}  // namespace ariadne
