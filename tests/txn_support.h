// Helpers for the transactional checker's tests: histories from EDN text,
// checked against an isolation model.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "ariadne/transactions.h"
#include "budget.h"
#include "transactions/txn_check.h"

namespace txn_test {

inline ariadne::History read_text(const std::string& text, const std::string& name = "t.edn") {
  ariadne::ReadResult r = ariadne::read_history_buffer(text, name, ariadne::ReadOptions{});
  INFO(text);
  INFO((r.error ? r.error->to_string() : std::string()));
  REQUIRE(r.ok());
  return std::move(r.history);
}

inline ariadne::CheckResult check(const ariadne::History& h, const std::string& isolation,
                                  const std::string& model = "list-append") {
  ariadne::CheckOptions o;
  o.model = model;
  o.isolation = isolation;
  o.threads = 1;
  ariadne::Budget budget;
  return ariadne::txn::check(h, o, budget);
}

// One completed transaction at a point of time: "{:type :ok ...}" line.
inline std::string ok(int process, const std::string& mops, const std::string& type = "ok") {
  return "{:type :" + type + ", :f :txn, :process " + std::to_string(process) + ", :value [" +
         mops + "]}\n";
}
inline std::string invoke(int process, const std::string& mops) {
  return "{:type :invoke, :f :txn, :process " + std::to_string(process) + ", :value [" + mops +
         "]}\n";
}

inline std::vector<std::string> anomalies(const ariadne::CheckResult& r) {
  std::vector<std::string> out;
  if (!r.transactions) return out;
  for (const auto& v : r.transactions->violations)
    out.emplace_back(ariadne::txn::anomaly_name(v.anomaly));
  return out;
}

inline bool has(const ariadne::CheckResult& r, const std::string& anomaly) {
  auto a = anomalies(r);
  return std::find(a.begin(), a.end(), anomaly) != a.end();
}

inline const ariadne::txn::Violation* violation(const ariadne::CheckResult& r,
                                                const std::string& anomaly) {
  if (!r.transactions) return nullptr;
  for (const auto& v : r.transactions->violations)
    if (ariadne::txn::anomaly_name(v.anomaly) == anomaly) return &v;
  return nullptr;
}

}  // namespace txn_test
