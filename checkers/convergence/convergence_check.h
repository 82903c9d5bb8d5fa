// Eventual consistency (see ariadne/convergence.h for the contract; this
// is what check() calls for Consistency::kEventual).
#pragma once

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "budget.h"

namespace ariadne::convergence {

// Fills CheckResult::convergence whenever the history fits the model;
// CheckResult::error when it does not (or the model has no eventual check).
// Objects are not checked once `budget` has run out; unless a violation was
// found, the verdict is then unknown with the budget's reason.
CheckResult check_eventual(const History& history, const CheckOptions& options,
                           const Budget& budget);

}  // namespace ariadne::convergence
