// The linearizable and sequential checkers (checkers/checker.h): the search
// of lin_check.h, then the counterexample of shrink.h and the failing
// partition's context that reports draw (CheckResult::failure_context).
#pragma once

#include "checker.h"

namespace ariadne::lin {

const Checker& linearizable_checker();
const Checker& sequential_checker();

}  // namespace ariadne::lin
