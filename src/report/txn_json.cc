// The "transactions" field of the JSON report (report/txn_report.h;
// docs/report-json.md, section "Transactions").
#include <algorithm>

#include "ariadne/report.h"
#include "ariadne/value.h"
#include "report/txn_report.h"
#include "transactions/workloads.h"

namespace ariadne::report {

namespace {

// A value from the history as JSON; one whose JSON is longer than this is
// given as a string, bounded() (a long list read, say).
constexpr size_t kMaxValueBytes = 4096;
constexpr size_t kMaxTextBytes = 2000;

void value(std::string& out, Value v) {
  std::string whole;
  append_json(whole, v);
  if (whole.size() <= kMaxValueBytes)
    out += whole;
  else
    append_json_string(out, bounded(whole, kMaxValueBytes));
}

void text(std::string& out, std::string_view s) {
  append_json_string(out, bounded(s, kMaxTextBytes));
}

void name(std::string& out, const std::vector<uint32_t>& names, uint32_t op) {
  auto it = std::find(names.begin(), names.end(), op);
  out += "\"T" + std::to_string(it - names.begin() + 1) + "\"";
}

void models(std::string& out, const std::vector<txn::IsolationModel>& ms) {
  out += '[';
  for (size_t i = 0; i < ms.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, txn::isolation_name(ms[i]));
  }
  out += ']';
}

void violation(std::string& out, const History& h, const txn::TxnReport& r,
               const txn::Violation& v) {
  std::vector<uint32_t> names = txn_names(v);
  out += "{\"anomaly\":";
  append_json_string(out, txn::anomaly_name(v.anomaly));
  if (r.checked) {
    out += ",\"forbidden\":";
    out += txn::forbids(*r.checked, v.anomaly) ? "true" : "false";
  }
  out += ",\"summary\":";
  text(out, v.summary);
  out += ",\"minimal\":";
  out += v.minimal ? "true" : "false";
  out += ",\"transactions\":[";
  for (size_t i = 0; i < names.size(); ++i) {
    const Operation& op = h.ops[names[i]];
    const Event& first = h.first_event(op);
    if (i > 0) out += ',';
    out += "{\"name\":\"T" + std::to_string(i + 1) + "\",\"op\":" + std::to_string(names[i]) +
           ",\"line\":" + std::to_string(first.line) + ",\"process\":";
    value(out, first.process);
    out += ",\"type\":";
    append_json_string(out, op_status_name(op.status));
    out += ",\"value\":";
    value(out, op.status == OpStatus::kOk ? h.result(op) : h.argument(op));
    out += '}';
  }
  out += "],\"cycle\":[";
  for (size_t i = 0; i < v.cycle.size(); ++i) {
    const txn::Edge& e = v.cycle[i];
    if (i > 0) out += ',';
    out += "{\"kind\":";
    append_json_string(out, txn::edge_kind_name(e.kind));
    out += ",\"from\":";
    name(out, names, e.from);
    out += ",\"to\":";
    name(out, names, e.to);
    out += ",\"key\":";
    value(out, e.key);
    out += ",\"value_from\":";
    value(out, e.value_from);
    out += ",\"value_to\":";
    value(out, e.value_to);
    out += ",\"why\":";
    text(out, e.why);
    out += '}';
  }
  out += ']';
  if (v.cycle.empty()) {
    out += ",\"key\":";
    value(out, v.key);
    out += ",\"values\":[";
    for (size_t i = 0; i < v.values.size(); ++i) {
      if (i > 0) out += ',';
      value(out, v.values[i]);
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string txn_json(const History& h, const txn::TxnReport& r) {
  std::string out = "{\"workload\":";
  append_json_string(out, std::string(txn::workload_name(r.workload)));
  out += ",\"checked\":";
  if (r.checked)
    append_json_string(out, txn::isolation_name(*r.checked));
  else
    out += "\"strongest\"";
  out += ",\"transactions\":" + std::to_string(r.transactions) +
         ",\"micro_ops\":" + std::to_string(r.micro_ops) + ",\"edges\":" + std::to_string(r.edges);
  out += ",\"anomalies\":[";
  for (size_t i = 0; i < r.violations.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, txn::anomaly_name(r.violations[i].anomaly));
  }
  out += "],\"violations\":[";
  for (size_t i = 0; i < r.violations.size(); ++i) {
    if (i > 0) out += ',';
    violation(out, h, r, r.violations[i]);
  }
  out += "],\"models\":[";
  for (size_t i = 0; i < r.outcomes.size(); ++i) {
    const txn::ModelOutcome& o = r.outcomes[i];
    if (i > 0) out += ',';
    out += "{\"model\":";
    append_json_string(out, txn::isolation_name(o.model));
    out += ",\"holds\":";
    out += o.holds ? "true" : "false";
    if (o.ruled_out_by) {
      out += ",\"ruled_out_by\":";
      append_json_string(out, txn::anomaly_name(*o.ruled_out_by));
    }
    out += '}';
  }
  out += "],\"strongest\":";
  models(out, r.strongest);
  out += ",\"not\":";
  models(out, r.weakest_not);
  out += ",\"notes\":[";
  for (size_t i = 0; i < r.notes.size(); ++i) {
    if (i > 0) out += ',';
    text(out, r.notes[i]);
  }
  out += "]}";
  return out;
}

}  // namespace ariadne::report
