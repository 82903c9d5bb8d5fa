// Minimal counterexamples for linearizability and sequential consistency
// (SPEC section 5).
//
// The shrinker looks for a sub-history S of the failing partition such that
//   (a) S is invalid: the checker itself, run on sub_history(h, S), says so;
//   (b) S is closed: every value read in S is written in S (reads_from.h);
// and removing any single op of S loses (a) or (b) — 1-minimal.
//
// How: delta debugging (Zeller & Hildebrandt's ddmin) over the partition's
// ops, where a candidate that reads values it no longer writes first drops
// those readers (ReadsFrom::repair); then one-at-a-time removal, repeated
// until a whole pass removes nothing, which is the 1-minimality certificate.
// Candidates of one round are checked in parallel (oneTBB) and the first
// success in candidate order is taken, so S is the same at any thread count.
//
// Bounded by the check's budget (budget.h: CheckOptions::timeout_ns,
// deadline, max_states) and, within it, by CheckOptions::shrink_timeout_ns:
// when either runs out, the smallest invalid closed S found so far is
// returned with minimal == false and not_minimal_reason "not shown minimal
// (time limit)", "(shrink time limit)" or "(state limit)". Describing S
// runs no new search: the check that showed S invalid is kept.
#pragma once

#include <vector>

#include "ariadne/checker.h"
#include "budget.h"

namespace ariadne::lin {

// The ops of the failing partition of `result` (indices into h.ops),
// without failed ops (which never take part in a check).
// REQUIRES: result.failing.
std::vector<uint32_t> failing_universe(const History& h, const CheckResult& result);

// REQUIRES: result comes from check_linearizable_or_sequential(h, options)
// and is invalid. Fills every field of Counterexample: shrinks when
// options.shrink, else takes the whole failing partition.
Counterexample find_counterexample(const History& h, const CheckOptions& options,
                                   const CheckResult& result, const Budget& budget);

}  // namespace ariadne::lin
