// Jepsen's set-full reading of a set history whose operations name no
// replica (no `node`): processes are clients of one store. The contract is
// in ariadne/convergence.h.
#pragma once

#include "ariadne/checker.h"

namespace ariadne::convergence {

// The verdict and ConvergenceReport (with `set_full`) of a set history;
// CheckResult::error when an operation is not an add or a read.
CheckResult check_set_full(const History& h, const CheckOptions& options);

}  // namespace ariadne::convergence
