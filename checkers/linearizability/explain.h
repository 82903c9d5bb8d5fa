// A counterexample in plain words, in the manner of Elle: which operation
// finished before which began, who wrote the values read, and what the
// model could hold when the search got stuck.
#pragma once

#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "linearizability/reads_from.h"

namespace ariadne::lin {

// "process 0's write 1 (line 1)"; with_key: "process 0's write "x" 1 (line 1)".
std::string short_op(const History& h, uint32_t op, bool with_key = false);

// REQUIRES: cx.ops, cx.longest_prefix, cx.stuck_op and cx.stuck_states set.
// One sentence a line, each ending with a newline.
std::string explain(const History& h, const CheckOptions& options, const Counterexample& cx,
                    const ReadsFrom& reads_from);

// The ops of `ops` that Knossos would read differently: ok reads that
// returned nil (a multi-register txn with a [:read k nil] micro-op), read
// as the value nil because options.nil_reads is kValue (Effects::nil_read,
// checkers/models/model.h). Empty under kAny.
std::vector<uint32_t> nil_reads_read_as_value(const History& h, const CheckOptions& options,
                                              const std::vector<uint32_t>& ops);

}  // namespace ariadne::lin
