#include "causal/shrink.h"

#include <algorithm>

#include "causal/causal_graph.h"
#include "causal/patterns.h"

namespace ariadne::causal {

std::shared_ptr<const CausalViolation> first_violation(const History& h,
                                                       const CheckOptions& options,
                                                       Consistency model) {
  Graph g;
  BuildOutcome built = build_graph(h, options, g);
  if (built.error) return nullptr;
  if (built.violation) return built.violation;
  if (built.unknown) return nullptr;
  if (auto v = find_cc_violation(g)) return v;
  if (model == Consistency::kCausalConvergence) return find_cyclic_cf(g);
  if (model == Consistency::kCausalMemory) return find_cm_violation(g);
  return nullptr;
}

Shrunk shrink(const History& h, const CheckOptions& options, Consistency model,
              std::shared_ptr<const CausalViolation> v, const Budget& budget) {
  Shrunk out{v, false};
  if (v->ops.size() > kMaxShrunk) return out;
  bool thin_air = v->pattern == "ThinAirRead";
  // The violation of the sub-history of `ops`, if it keeps both properties.
  auto violated = [&](const std::vector<uint32_t>& ops) -> std::shared_ptr<const CausalViolation> {
    auto w = first_violation(sub_history(h, ops), options, model);
    if (!w || (!thin_air && w->pattern == "ThinAirRead")) return nullptr;
    return w;
  };
  std::vector<uint32_t> s = v->ops;
  std::sort(s.begin(), s.end());  // sub_history wants them ascending
  auto current = violated(s);
  if (!current) return out;  // cannot happen: the witness stands alone
  for (bool changed = true; changed && !out.stopped;) {
    changed = false;
    for (size_t i = s.size(); i-- > 0 && s.size() > 1;) {
      if ((out.stopped = budget.reason())) break;
      std::vector<uint32_t> t = s;
      t.erase(t.begin() + static_cast<std::ptrdiff_t>(i));
      if (auto w = violated(t)) {
        s = std::move(t);
        current = std::move(w);
        changed = true;
      }
    }
  }
  // current names the sub-history's operations: j there is s[j] here.
  auto mapped = std::make_shared<CausalViolation>(*current);
  mapped->ops = s;  // all of S: each operation is needed, when not stopped
  for (CausalEdge& e : mapped->edges) {
    e.from = s[e.from];
    e.to = s[e.to];
    if (e.via) e.via = s[*e.via];
  }
  out.violation = std::move(mapped);
  out.minimal = !thin_air && !out.stopped;
  return out;
}

}  // namespace ariadne::causal
