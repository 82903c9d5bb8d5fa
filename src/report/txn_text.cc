// The text of a transactional check (report/txn_report.h).
#include <algorithm>

#include "ariadne/report.h"
#include "report/txn_report.h"
#include "transactions/workloads.h"

namespace ariadne::report {

namespace {

constexpr size_t kMaxViolationsShown = 10;
constexpr size_t kMaxTxnsShown = 20;

std::string label(const std::vector<uint32_t>& names, uint32_t op) {
  auto it = std::find(names.begin(), names.end(), op);
  return "T" + std::to_string(it - names.begin() + 1);
}

std::string model_list(const std::vector<txn::IsolationModel>& models) {
  std::string out;
  for (txn::IsolationModel m : models)
    out += (out.empty() ? "" : ", ") + std::string(txn::isolation_name(m));
  return out.empty() ? "none" : out;
}

// "rw :x [] -> 1": an edge's kind, and for data edges its key and values.
std::string edge_data(const txn::Edge& e) {
  std::string out(txn::edge_kind_name(e.kind));
  if (e.kind == txn::Edge::Kind::kProcess || e.kind == txn::Edge::Kind::kRealtime) return out;
  return out + " " + bounded_edn(e.key, 60) + " " + bounded_edn(e.value_from, 60) + " -> " +
         bounded_edn(e.value_to, 60);
}

void violation_text(std::string& out, const History& h, const txn::Violation& v) {
  std::vector<uint32_t> names = txn_names(v);
  out += "  " + v.summary + "\n";
  out += "    " + std::to_string(names.size()) + " transaction" + (names.size() == 1 ? "" : "s") +
         (v.minimal ? " (1-minimal: without any one of them the anomaly is gone)"
                    : " (not shown minimal)") +
         ":\n";
  for (size_t i = 0; i < names.size() && i < kMaxTxnsShown; ++i)
    out += "      T" + std::to_string(i + 1) + " = " + txn_describe(h, names[i]) + "\n";
  if (names.size() > kMaxTxnsShown)
    out += "      ... " + std::to_string(names.size() - kMaxTxnsShown) + " more\n";
  if (v.cycle.empty()) return;
  out += "    cycle:\n";
  for (const txn::Edge& e : v.cycle) {
    out += "      " + label(names, e.from) + " -> " + label(names, e.to) + "  " + edge_data(e) +
           "\n        " + bounded(e.why, 600) + "\n";
  }
  out += "      so each of these transactions precedes itself: a contradiction\n";
}

}  // namespace

std::string txn_consistency(const CheckOptions& options) { return options.isolation; }

std::vector<uint32_t> txn_names(const txn::Violation& v) {
  std::vector<uint32_t> names;
  auto add = [&](uint32_t op) {
    if (std::find(names.begin(), names.end(), op) == names.end()) names.push_back(op);
  };
  for (const txn::Edge& e : v.cycle) add(e.from);
  for (uint32_t op : v.ops) add(op);
  return names;
}

std::string txn_describe(const History& h, uint32_t op_index) {
  const Operation& op = h.ops[op_index];
  const Event& first = h.first_event(op);
  std::string out = "process " + bounded_edn(first.process, 40) + " ";
  out += std::string(op_status_name(op.status));
  Value shown = op.status == OpStatus::kOk ? h.result(op) : h.argument(op);
  out += " " + bounded_edn(shown, 240) + " (line " + std::to_string(first.line) + ")";
  return out;
}

std::string txn_text(const History& h, const txn::TxnReport& r) {
  std::string out;
  out += "  " + std::to_string(r.transactions) + " transactions, " + std::to_string(r.micro_ops) +
         " micro-ops, " + std::to_string(r.edges) + " dependency edges (" +
         std::string(txn::workload_name(r.workload)) + ")\n";
  std::vector<const txn::Violation*> shown;  // forbidden ones first
  if (r.checked) {
    std::string name(txn::isolation_name(*r.checked));
    std::vector<const txn::Violation*> allowed;
    for (const txn::Violation& v : r.violations)
      (txn::forbids(*r.checked, v.anomaly) ? shown : allowed).push_back(&v);
    if (!shown.empty())
      out += "  not " + name + ": " + std::to_string(shown.size()) + " anomal" +
             (shown.size() == 1 ? "y" : "ies") + " it forbids\n";
    size_t forbidden = shown.size();
    shown.insert(shown.end(), allowed.begin(), allowed.end());
    for (size_t i = 0; i < shown.size() && i < kMaxViolationsShown; ++i) {
      if (i == forbidden) out += "  also found, allowed by " + name + ":\n";
      violation_text(out, h, *shown[i]);
    }
  } else {
    out += "  strongest models that hold: " + model_list(r.strongest) + "\n";
    for (txn::IsolationModel m : r.weakest_not) {
      for (const txn::ModelOutcome& o : r.outcomes)
        if (o.model == m && o.ruled_out_by)
          out += "  not " + std::string(txn::isolation_name(m)) + ": " +
                 std::string(txn::anomaly_name(*o.ruled_out_by)) + "\n";
    }
  }
  if (!r.checked)
    for (size_t i = 0; i < r.violations.size() && i < kMaxViolationsShown; ++i)
      violation_text(out, h, r.violations[i]);
  if (r.violations.size() > kMaxViolationsShown)
    out += "  ... " + std::to_string(r.violations.size() - kMaxViolationsShown) +
           " more anomalies (see --json)\n";
  for (const std::string& note : r.notes) out += "  note: " + bounded(note, 600) + "\n";
  return out;
}

}  // namespace ariadne::report
