// A model's fast decision procedure (issue 16): decides linearizability of
// one partition in polynomial time when its precondition holds (unique
// values, say), and declines otherwise, so that the search runs as before.
//
// Contract: kValid and kInvalid are exact answers for the partition, with
// crashed operations read as the search reads them (linearizability/search.h:
// each may take effect at any point after its invocation, or never). A
// procedure that cannot decide a history exactly returns kDeclined with the
// reason; it never guesses.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "budget.h"
#include "linearizability/model.h"

namespace ariadne::models {

enum class FastVerdict { kValid, kInvalid, kDeclined, kUnknown };

struct FastInput {
  const History& history;
  // One partition's operations as its model prepared them (fail ops and
  // dropped ops, such as crashed reads, are not here), in history order.
  std::span<const lin::PreparedOp> ops;
  std::span<const lin::Interval> times;  // ops[i]'s interval
  std::span<const uint32_t> process_of;  // ops[i]'s process, numbered from 0
  const CheckOptions& options;
  Budget& budget;  // time and work: a long procedure asks budget.reason()
};

struct FastResult {
  FastVerdict verdict = FastVerdict::kDeclined;
  std::string procedure;  // what decided, for --json and verbose text
  std::string declined;   // kDeclined: why the fast procedure was not used
  std::string reason;     // kUnknown: why (timeout, ...)
  // kInvalid: History::ops indices of operations involved in the violation
  // (a hint for shrinking; may be empty).
  std::vector<uint32_t> witness;
};

using FastProcedure = FastResult (*)(const FastInput&);

}  // namespace ariadne::models
