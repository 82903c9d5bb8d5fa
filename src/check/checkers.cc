// The list of checkers check() picks from (checkers/checker.h).
//
// To add a checker family (issue 17's transactional one, say): implement
// Checker in its folder under checkers/ (its handles() says which options
// are its own, e.g. a transactional history with an isolation level), add
// a reference to it to the list below, and put its renderings in
// src/report/ as functions of its result data (CheckResult gains a details
// pointer, as `causal` and `convergence`), called from text.cc, json.cc and
// html.cc where those call the causal and convergence renderings.
#include "checker.h"

#include "causal/causal_check.h"
#include "convergence/convergence_check.h"
#include "linearizability/search_checker.h"
#include "transactions/txn_check.h"

namespace ariadne {

const std::vector<const Checker*>& all_checkers() {
  // The first that handles the options is used: list a narrower checker
  // before a broader one for the same consistency model.
  static const std::vector<const Checker*> checkers = {
      &txn::transactional_checker(),  // before all: it handles any consistency given an isolation
      &lin::linearizable_checker(),
      &lin::sequential_checker(),
      &causal::causal_checker(),
      &convergence::eventual_checker(),
  };
  return checkers;
}

const Checker* find_checker(const CheckOptions& options) {
  for (const Checker* c : all_checkers())
    if (c->handles(options)) return c;
  return nullptr;
}

}  // namespace ariadne
