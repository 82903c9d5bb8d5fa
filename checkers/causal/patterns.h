// The bad patterns of Bouajjani et al. (POPL 2017, Table 2) on a built
// graph. Each finder returns the first occurrence (lowest node, so the
// answer does not depend on thread count) with its shortest witness, or
// null when the pattern does not occur.
#pragma once

#include <memory>

#include "causal/causal_graph.h"

namespace ariadne::causal {

// CyclicCO, then WriteCOInitRead, then WriteCORead (ThinAirRead is found
// while building). Computes g.clocks when CO is acyclic.
// REQUIRES: build_graph succeeded with no violation.
std::shared_ptr<CausalViolation> find_cc_violation(Graph& g);

// CyclicCF: CF ∪ CO has a cycle, where w1 <CF w2 (writes of one key) iff
// some read r read from w2 and w1 <CO r. Only the last write of each
// process before r can matter (the earlier ones are po-before it), and an
// edge already in CO adds nothing.
// REQUIRES: find_cc_violation(g) returned null.
std::shared_ptr<CausalViolation> find_cyclic_cf(const Graph& g);

// WriteHBInitRead, then CyclicHB, per process (see causal_memory.cc).
// REQUIRES: find_cc_violation(g) returned null.
std::shared_ptr<CausalViolation> find_cm_violation(const Graph& g);

}  // namespace ariadne::causal
