#include "linearizability/explain.h"

#include <algorithm>

#include "ariadne/report.h"
#include "linearizability/model.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

constexpr size_t kMaxFacts = 12;      // sentences about order and writers
constexpr size_t kMaxExplained = 64;  // larger S: only what the search found (facts are cubic)

std::string states_text(const std::vector<std::string>& states) {
  if (states.empty()) return "no state";
  if (states.size() > 2)
    return "one of " + std::to_string(states.size()) + " states, such as " + bounded(states[0]);
  std::string out = states.size() == 1 ? "state " : "one of the states ";
  for (size_t i = 0; i < states.size(); ++i) out += (i == 0 ? "" : ", ") + bounded(states[i]);
  return out;
}

uint32_t completion_line(const History& h, const Operation& op) {
  return op.complete != Operation::kNoEvent ? h.events[op.complete].line : h.first_event(op).line;
}

}  // namespace

std::string short_op(const History& h, uint32_t index, bool with_key) {
  const Operation& op = h.ops[index];
  const Event& first = h.first_event(op);
  std::string out = "process " + bounded_edn(first.process) + "'s ";
  Value f = first.f;
  out += f.is_text() ? bounded(f.as_text()) : bounded_edn(f);
  if (with_key && h.has_key(op)) out += " " + bounded_edn(h.key(op));
  Value arg = h.argument(op);
  if (!arg.is_null()) out += " " + bounded_edn(arg);
  bool reads = f.is_text() && (f.as_text() == "read" || f.as_text() == "get" ||
                               f.as_text() == "dequeue" || f.as_text() == "pop");
  if (op.status == OpStatus::kOk && (h.result(op) != arg || reads))
    out += " -> " + bounded_edn(h.result(op));
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
  bool keys = std::any_of(s.begin(), s.end(), [&](uint32_t i) {
    return h.has_key(h.ops[i]) != h.has_key(h.ops[s[0]]) || h.key(h.ops[i]) != h.key(h.ops[s[0]]);
  });
  auto name = [&](uint32_t op) { return short_op(h, op, keys); };
  if (s.size() > kMaxExplained)
    out += "These " + std::to_string(s.size()) +
           " operations are too many to explain one by one (not shrunk, or shrinking stopped).\n";
  // The order every legal order must respect among S: real time (a
  // transitive reduction of "a completed before b began"), or each
  // process's own order.
  for (uint32_t a : s) {
    if (s.size() > kMaxExplained) break;
    const Operation& oa = h.ops[a];
    for (uint32_t b : s) {
      const Operation& ob = h.ops[b];
      if (a == b) continue;
      if (sequential) {
        // A crashed op precedes nothing of its process (sequential.h).
        if (h.process(oa) != h.process(ob) || h.start(oa) >= h.start(ob) ||
            oa.status == OpStatus::kCrashed)
          continue;
        bool between = std::any_of(s.begin(), s.end(), [&](uint32_t c) {
          const Operation& oc = h.ops[c];
          return h.process(oc) == h.process(oa) && oc.status != OpStatus::kCrashed &&
                 h.start(oa) < h.start(oc) && h.start(oc) < h.start(ob);
        });
        if (!between)
          fact(name(a) + " came before " + name(b) + " in process " + bounded_edn(h.process(oa)) +
               "'s order.");
        continue;
      }
      if (!(h.end(oa) < h.start(ob))) continue;
      bool between = std::any_of(s.begin(), s.end(), [&](uint32_t c) {
        const Operation& oc = h.ops[c];
        return h.end(oa) < h.start(oc) && h.end(oc) < h.start(ob);
      });
      if (!between)
        fact(name(a) + " completed at line " + std::to_string(completion_line(h, oa)) + " before " +
             name(b) + " began.");
    }
  }
  // Who wrote what the reads returned.
  for (uint32_t r : s) {
    if (s.size() > kMaxExplained) break;
    std::vector<uint32_t> writers = rf.writers_of(r, s);
    if (writers.empty()) continue;
    std::string w;
    for (size_t i = 0; i < writers.size(); ++i)
      w += (i == 0 ? "" : i + 1 == writers.size() ? " and " : ", ") + name(writers[i]);
    fact("What " + name(r) + " observed was written only by " + w + ".");
  }
  if (cx.stuck_op) {
    uint32_t r = *cx.stuck_op;
    const Operation& op = h.ops[r];
    Value result = h.result(op);
    const models::ModelDef* def = models::find_model(options.model);
    bool single_value = def && def->reads_one_value;
    if (s.size() <= kMaxExplained && single_value && op.status == OpStatus::kOk &&
        !result.is_null() && result != options.initial_of(h.has_key(op) ? h.key(op) : Value()) &&
        result != h.argument(op) && rf.writers_of(r, s).empty())
      fact("No operation that may have taken effect wrote " + bounded_edn(result) +
           " (failed operations certainly did not).");
  }
  if (facts > kMaxFacts) out += "(" + std::to_string(facts - kMaxFacts) + " more facts)\n";
  std::string order = sequential ? "respecting each process's order" : "respecting real time";
  if (cx.stuck_op) {
    size_t n = cx.longest_prefix.size();
    out += "Yet " + name(*cx.stuck_op) + " cannot take effect: ";
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

std::vector<uint32_t> nil_reads_read_as_value(const History& h, const CheckOptions& options,
                                              const std::vector<uint32_t>& ops) {
  std::vector<uint32_t> out;
  const models::ModelDef* def = models::find_model(options.model);
  if (options.nil_reads != NilReads::kValue || !def || !def->effects) return out;
  for (uint32_t i : ops) {
    const Operation& op = h.ops[i];
    if (op.status != OpStatus::kOk) continue;
    models::Effects fx;
    def->effects(*def, h, op, h.has_key(op) ? h.key(op) : Value(), options, fx);
    if (fx.nil_read) out.push_back(i);
  }
  return out;
}

}  // namespace ariadne::lin
