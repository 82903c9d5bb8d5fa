// The plain functions of ariadne/checker.h that the checkers use
// themselves (names of verdicts and consistency models, initial values,
// describe_op): here, in the checkers' library, so that it does not depend
// on the library above it (src/check.cc, check()).
#include "ariadne/checker.h"
#include "ariadne/report.h"
#include "models/model.h"

namespace ariadne {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kValid: return "valid";
    case Verdict::kInvalid: return "invalid";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view consistency_name(Consistency c) {
  switch (c) {
    case Consistency::kLinearizable: return "linearizable";
    case Consistency::kSequential: return "sequential";
    case Consistency::kCausal: return "causal";
    case Consistency::kCausalConvergence: return "causal-convergence";
    case Consistency::kCausalMemory: return "causal-memory";
    case Consistency::kEventual: return "eventual";
    case Consistency::kStrongest: return "strongest";
  }
  return "linearizable";
}

std::optional<Consistency> parse_consistency(std::string_view name) {
  for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential, Consistency::kCausal,
                        Consistency::kCausalConvergence, Consistency::kCausalMemory,
                        Consistency::kEventual, Consistency::kStrongest})
    if (consistency_name(c) == name) return c;
  return std::nullopt;
}

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const models::ModelDef* m : models::all_models()) out.push_back(m->name);
    return out;
  }();
  return names;
}

const Value& CheckOptions::initial_of(Value key) const {
  for (const auto& [k, v] : initial_by_key) {
    if (k == key) return v;
    if (k.is_text() && key.is_text() && k.as_text() == key.as_text()) return v;
  }
  return initial;
}

std::string describe_op(const History& h, uint32_t index) {
  const Operation& op = h.ops[index];
  const Event& first = h.first_event(op);
  std::string out = "process " + bounded_edn(first.process) + " " + bounded_edn(first.f);
  if (h.has_key(op)) out += " key " + bounded_edn(h.key(op));
  Value arg = h.argument(op);
  if (!arg.is_null() || op.status != OpStatus::kOk) out += " " + bounded_edn(arg);
  if (op.status == OpStatus::kOk) {
    Value res = h.result(op);
    // A read shows what it returned even when that equals its argument
    // (nil: "process 1 :read -> nil", not "process 1 :read").
    Value f = first.f;
    bool reads = f.is_text() && (f.as_text() == "read" || f.as_text() == "get" ||
                                 f.as_text() == "dequeue" || f.as_text() == "pop");
    if (res != arg || reads) out += " -> " + bounded_edn(res);
  } else {
    out += std::string(" (") + std::string(op_status_name(op.status)) + ")";
  }
  out += " [line " + std::to_string(first.line);
  if (op.complete != Operation::kNoEvent && op.invoke != Operation::kNoEvent &&
      h.events[op.complete].line != first.line)
    out += "-" + std::to_string(h.events[op.complete].line);
  out += "]";
  return out;
}

}  // namespace ariadne
