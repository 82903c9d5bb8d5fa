// Shrinking a causal violation to a 1-minimal sub-history (SPEC section 5):
// a set S of operations that alone violates the model, in which every
// value read was written in S (or is the initial value), and from which no
// single operation can be removed and keep both. (A ThinAirRead's read can
// never have its value written in S: it is shrunk for the first property
// only.)
#pragma once

#include <memory>
#include <vector>

#include "ariadne/causal.h"
#include "ariadne/checker.h"
#include "budget.h"

namespace ariadne::causal {

// Witnesses of more operations than this are left as found: each removal
// is a check of the rest, so shrinking costs about size² checks.
constexpr size_t kMaxShrunk = 64;

// The first violation of `model` (kCausal, kCausalConvergence or
// kCausalMemory) in h, or null when there is none or no verdict.
std::shared_ptr<const CausalViolation> first_violation(const History& h,
                                                       const CheckOptions& options,
                                                       Consistency model);

struct Shrunk {
  std::shared_ptr<const CausalViolation> violation;  // the pattern of S, ops of h
  bool minimal = false;
  const char* stopped = nullptr;  // the budget's reason when it cut shrinking short
};

// Removes operations from v's witness one at a time while the rest still
// violates `model` with every read's value written inside, then finds the
// pattern of what is left. Operations and edges name h's operations. Stops
// when `budget` runs out, with what it has removed so far.
Shrunk shrink(const History& h, const CheckOptions& options, Consistency model,
              std::shared_ptr<const CausalViolation> v, const Budget& budget);

}  // namespace ariadne::causal
