// A counterexample in plain words, in the manner of Elle: which operation
// finished before which began, who wrote the values read, and what the
// model could hold when the search got stuck.
#pragma once

#include <string>

#include "ariadne/checker.h"
#include "linearizability/reads_from.h"

namespace ariadne::lin {

// "process 0's write 1 (line 1)"; with_key: "process 0's write "x" 1 (line 1)".
std::string short_op(const History& h, uint32_t op, bool with_key = false);

// REQUIRES: cx.ops, cx.longest_prefix, cx.stuck_op and cx.stuck_states set.
// One sentence a line, each ending with a newline.
std::string explain(const History& h, const CheckOptions& options, const Counterexample& cx,
                    const ReadsFrom& reads_from);

}  // namespace ariadne::lin
