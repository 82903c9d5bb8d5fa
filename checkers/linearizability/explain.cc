#include "linearizability/explain.h"

#include <algorithm>

namespace ariadne::lin {

namespace {

constexpr size_t kMaxFacts = 12;  // sentences about order and writers

std::string states_text(const std::vector<std::string>& states) {
  if (states.empty()) return "no state";
  std::string out = states.size() == 1 ? "state " : "one of the states ";
  for (size_t i = 0; i < states.size(); ++i) out += (i == 0 ? "" : ", ") + states[i];
  return out;
}

uint32_t completion_line(const History& h, const Operation& op) {
  return op.complete != Operation::kNoEvent ? h.events[op.complete].line : h.first_event(op).line;
}

}  // namespace

std::string short_op(const History& h, uint32_t index) {
  const Operation& op = h.ops[index];
  const Event& first = h.first_event(op);
  std::string out = "process " + to_edn(first.process) + "'s ";
  Value f = first.f;
  out += f.is_text() ? std::string(f.as_text()) : to_edn(f);
  Value arg = h.argument(op);
  if (!arg.is_null()) out += " " + to_edn(arg);
  if (op.status == OpStatus::kOk && h.result(op) != arg) out += " -> " + to_edn(h.result(op));
  if (op.status == OpStatus::kCrashed) out += " (crashed";
  out += op.status == OpStatus::kCrashed ? ", line " : " (line ";
  out += std::to_string(first.line) + ")";
  return out;
}

std::string explain(const History& h, const CheckOptions& options, const Counterexample& cx,
                    const ReadsFrom& rf) {
  bool sequential = options.consistency == Consistency::kSequential;
  std::string out;
  size_t facts = 0;
  auto fact = [&](const std::string& s) {
    if (facts++ < kMaxFacts) out += s + "\n";
  };
  const std::vector<uint32_t>& s = cx.ops;
  // The order every legal order must respect among S: real time (a
  // transitive reduction of "a completed before b began"), or each
  // process's own order.
  for (uint32_t a : s) {
    const Operation& oa = h.ops[a];
    for (uint32_t b : s) {
      const Operation& ob = h.ops[b];
      if (a == b) continue;
      if (sequential) {
        if (h.process(oa) != h.process(ob) || h.start(oa) >= h.start(ob)) continue;
        bool between = std::any_of(s.begin(), s.end(), [&](uint32_t c) {
          const Operation& oc = h.ops[c];
          return h.process(oc) == h.process(oa) && h.start(oa) < h.start(oc) &&
                 h.start(oc) < h.start(ob);
        });
        if (!between)
          fact(short_op(h, a) + " came before " + short_op(h, b) + " in process " +
               to_edn(h.process(oa)) + "'s order.");
        continue;
      }
      if (!(h.end(oa) < h.start(ob))) continue;
      bool between = std::any_of(s.begin(), s.end(), [&](uint32_t c) {
        const Operation& oc = h.ops[c];
        return h.end(oa) < h.start(oc) && h.end(oc) < h.start(ob);
      });
      if (!between)
        fact(short_op(h, a) + " completed at line " + std::to_string(completion_line(h, oa)) +
             " before " + short_op(h, b) + " began.");
    }
  }
  // Who wrote what the reads returned.
  for (uint32_t r : s) {
    std::vector<uint32_t> writers = rf.writers_of(r, s);
    if (writers.empty()) continue;
    std::string w;
    for (size_t i = 0; i < writers.size(); ++i)
      w += (i == 0 ? "" : i + 1 == writers.size() ? " and " : ", ") + short_op(h, writers[i]);
    fact("What " + short_op(h, r) + " observed was written only by " + w + ".");
  }
  if (cx.stuck_op) {
    uint32_t r = *cx.stuck_op;
    const Operation& op = h.ops[r];
    Value result = h.result(op);
    const std::string& m = options.model;
    bool single_value = m == "register" || m == "cas-register" || m == "kv" || m == "fifo-queue" ||
                        m == "unordered-queue" || m == "stack";
    if (single_value && op.status == OpStatus::kOk && !result.is_null() &&
        result != options.initial && result != h.argument(op) && rf.writers_of(r, s).empty())
      fact("No operation that may have taken effect wrote " + to_edn(result) +
           " (failed operations certainly did not).");
  }
  if (facts > kMaxFacts) out += "(" + std::to_string(facts - kMaxFacts) + " more facts)\n";
  std::string order = sequential ? "respecting each process's order" : "respecting real time";
  if (cx.stuck_op) {
    size_t n = cx.longest_prefix.size();
    out += "Yet " + short_op(h, *cx.stuck_op) + " cannot take effect: ";
    if (n == 0)
      out += "not even first, from the initial " + states_text(cx.stuck_states) + ".\n";
    else
      out += "the longest order " + order + " that is legal for the " + options.model + " places " +
             std::to_string(n) + " operation" + (n == 1 ? "" : "s") +
             ", after which it can only be in " + states_text(cx.stuck_states) + ".\n";
  } else {
    out += "These operations admit no order " + order + " that is legal for the " + options.model +
           " model.\n";
  }
  return out;
}

}  // namespace ariadne::lin
