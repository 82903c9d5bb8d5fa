// The one interface every consistency checker implements (internal).
//
// A checker family (linearizable, sequential, the causal family, eventual;
// later transactional) is an object that says which checks it handles and
// runs one. check() (src/check/check.cc) picks the first checker of the list
// in src/check/checkers.cc that handles the options; `strongest` is an
// orchestrator over checkers (src/check/strongest.cc), not one of them.
//
// Contract of Checker::check, for every checker:
//  * It returns one CheckResult (ariadne/checker.h): verdict, reason when
//    unknown, error when the history does not fit the model, the
//    counterexample when invalid, and the checker's details as data
//    (partitions and the failing partition's context for linearizability
//    and sequential consistency, CheckResult::causal, convergence, ...).
//    Reports (src/report/) render that data and never run a check again.
//  * Time and work come from `budget` (budget.h), shared with the caller's
//    other phases; options.timeout_ns and options.max_states are not read
//    again. Memory is charged to options.memory when set.
//  * The result does not depend on options.threads.
//  * It may be called concurrently; a checker object holds no state.
#pragma once

#include <string_view>
#include <vector>

#include "ariadne/checker.h"
#include "budget.h"

namespace ariadne {

class Checker {
 public:
  virtual ~Checker() = default;
  // "linearizable", "causal", ...: for messages and tests.
  virtual std::string_view name() const = 0;
  // Whether this checker decides `options` (its consistency model, and the
  // datatype when that matters).
  virtual bool handles(const CheckOptions& options) const = 0;
  // REQUIRES: handles(options).
  virtual CheckResult check(const History& history, const CheckOptions& options,
                            Budget& budget) const = 0;
};

// Every checker, in the order check() tries them (src/check/checkers.cc).
const std::vector<const Checker*>& all_checkers();

// The first checker of all_checkers() that handles `options`; null when
// none does (Consistency::kStrongest: the orchestrator's, not a checker's).
const Checker* find_checker(const CheckOptions& options);

}  // namespace ariadne
