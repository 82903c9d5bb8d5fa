// Eventual consistency (see ariadne/convergence.h for the contract;
// eventual_checker() is what check() runs for Consistency::kEventual).
#pragma once

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "budget.h"
#include "checker.h"

namespace ariadne::convergence {

// Fills CheckResult::convergence whenever the history fits the model;
// CheckResult::error when it does not (or the model has no eventual check).
// Objects are not checked once `budget` has run out; unless a violation was
// found, the verdict is then unknown with the budget's reason.
CheckResult check_eventual(const History& history, const CheckOptions& options,
                           const Budget& budget);

// The eventual checker (checkers/checker.h): check_eventual, and
// CheckResult::checked_operations = the report's updates and reads.
const Checker& eventual_checker();

}  // namespace ariadne::convergence
