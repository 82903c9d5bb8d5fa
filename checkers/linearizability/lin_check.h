// Linearizability and sequential consistency checks (see ariadne/checker.h
// for the contract; this is what check() calls for those two models).
#pragma once

#include "ariadne/checker.h"

namespace ariadne::lin {

// REQUIRES: options.consistency is kLinearizable or kSequential.
CheckResult check_linearizable_or_sequential(const History& history, const CheckOptions& options);

}  // namespace ariadne::lin
