#include "report/causal.h"

#include "ariadne/causal.h"

namespace ariadne::report {

namespace {

void violation_text(const History& h, const CausalViolation& v, const std::string& indent,
                    std::string& out) {
  out += indent + "bad pattern " + v.pattern + ": " + v.summary + "\n";
  for (size_t i = 0; i < v.edges.size(); ++i)
    out += indent + "  " + std::to_string(i + 1) + ". " + v.edges[i].why + "\n";
  out += indent + "operations:\n";
  for (uint32_t op : v.ops) out += indent + "  " + describe_op(h, op) + "\n";
}

void op_json(const History& h, uint32_t op, std::string& out) {
  out += "{\"line\":" + std::to_string(h.first_event(h.ops[op]).line) + ",\"op\":";
  append_json_string(out, describe_op(h, op));
  out += '}';
}

void violation_json(const History& h, const CausalViolation& v, std::string& out) {
  out += "{\"pattern\":";
  append_json_string(out, v.pattern);
  out += ",\"summary\":";
  append_json_string(out, v.summary);
  if (v.process) {
    out += ",\"process\":";
    append_json(out, *v.process);
  }
  out += ",\"ops\":[";
  for (size_t i = 0; i < v.ops.size(); ++i) {
    if (i > 0) out += ',';
    op_json(h, v.ops[i], out);
  }
  out += "],\"edges\":[";
  for (size_t i = 0; i < v.edges.size(); ++i) {
    const CausalEdge& e = v.edges[i];
    if (i > 0) out += ',';
    out += "{\"kind\":";
    append_json_string(out, causal_edge_kind_name(e.kind));
    out += ",\"from\":";
    op_json(h, e.from, out);
    out += ",\"to\":";
    op_json(h, e.to, out);
    if (e.via) {
      out += ",\"via\":";
      op_json(h, *e.via, out);
    }
    out += ",\"why\":";
    append_json_string(out, e.why);
    out += '}';
  }
  out += "]}";
}

}  // namespace

std::string causal_text(const History& h, const CheckResult& r) {
  std::string out;
  if (r.strongest) {
    const StrongestReport& s = *r.strongest;
    out += "  strongest model that holds: ";
    out += s.strongest ? std::string(consistency_name(*s.strongest)) : "none known";
    out += "\n";
    for (const ModelOutcome& m : s.outcomes) {
      out += "  " + std::string(consistency_name(m.consistency)) + ": " +
             std::string(verdict_name(m.verdict));
      if (!m.reason.empty()) out += " (" + m.reason + ")";
      out += "\n";
      if (m.causal && m.consistency != Consistency::kCausal && m.causal == s.outcomes.back().causal)
        out += "    (the causal violation below)\n";
      else if (m.causal)
        violation_text(h, *m.causal, "    ", out);
      else if (m.stuck_op)
        out += "    cannot be ordered: " + describe_op(h, *m.stuck_op) + "\n";
    }
    return out;
  }
  if (r.causal) violation_text(h, *r.causal, "  ", out);
  return out;
}

std::string causal_json(const History& h, const CheckResult& r) {
  std::string out;
  if (r.causal) {
    out += ",\"causal\":";
    violation_json(h, *r.causal, out);
  }
  if (r.strongest) {
    const StrongestReport& s = *r.strongest;
    out += ",\"strongest\":{\"holds\":";
    if (s.strongest)
      append_json_string(out, consistency_name(*s.strongest));
    else
      out += "null";
    out += ",\"models\":[";
    for (size_t i = 0; i < s.outcomes.size(); ++i) {
      const ModelOutcome& m = s.outcomes[i];
      if (i > 0) out += ',';
      out += "{\"consistency\":";
      append_json_string(out, consistency_name(m.consistency));
      out += ",\"verdict\":";
      append_json_string(out, verdict_name(m.verdict));
      if (!m.reason.empty()) {
        out += ",\"reason\":";
        append_json_string(out, m.reason);
      }
      if (m.causal) {
        out += ",\"causal\":";
        violation_json(h, *m.causal, out);
      }
      if (m.stuck_op) {
        out += ",\"stuck_op\":";
        op_json(h, *m.stuck_op, out);
      }
      out += '}';
    }
    out += "]}";
  }
  return out;
}

}  // namespace ariadne::report
