// Elle's transactional workloads (issue 17): the one table that names the
// --model values the transactional checker takes. The CLI and the checker
// route by it; no other file compares these names.
#pragma once

#include <string>
#include <string_view>

#include "ariadne/transactions.h"

namespace ariadne::txn {

struct WorkloadDef {
  std::string_view model;  // --model NAME
  TxnReport::Workload workload;
  // True: the name is only a transactional workload (not in the model
  // registry); false: it also names a single-object model, and a history of
  // :txn operations selects the transactional checker.
  bool only_transactional;
};

inline constexpr WorkloadDef kWorkloads[] = {
    {"list-append", TxnReport::Workload::kListAppend, false},
    {"rw-register", TxnReport::Workload::kRwRegister, true},
};

// Null when `model` is not a transactional workload.
inline const WorkloadDef* find_workload(std::string_view model) {
  for (const WorkloadDef& w : kWorkloads)
    if (w.model == model) return &w;
  return nullptr;
}

inline std::string_view workload_name(TxnReport::Workload workload) {
  for (const WorkloadDef& w : kWorkloads)
    if (w.workload == workload) return w.model;
  return {};
}

inline bool only_transactional(std::string_view model) {
  const WorkloadDef* w = find_workload(model);
  return w != nullptr && w->only_transactional;
}

// The workloads' names, in table order, joined by ", " and the last by
// `last` ("list-append or rw-register"); `only`: just the
// only-transactional ones.
inline std::string workload_names(std::string_view last, bool only = false) {
  std::string out;
  size_t n = 0, total = 0;
  for (const WorkloadDef& w : kWorkloads) total += !only || w.only_transactional;
  for (const WorkloadDef& w : kWorkloads) {
    if (only && !w.only_transactional) continue;
    if (n > 0) out += n + 1 == total ? std::string(last) : std::string(", ");
    out += w.model;
    ++n;
  }
  return out;
}

}  // namespace ariadne::txn
