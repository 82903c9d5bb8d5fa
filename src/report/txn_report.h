// Renderings of a transactional check (ariadne/transactions.h): the text,
// JSON, HTML and JUnit reports call these when CheckResult::transactions is
// set. Every string from the history goes through bounded_edn (and the
// caller's escaping: terminal_escape for text, markup_escape here for HTML,
// JSON string escapes for JSON).
//
// Transactions are named T1, T2, ... per violation, as the checker's
// sentences (Edge::why, Violation::summary) name them: for a cycle, in the
// order the cycle first leaves them; otherwise in ascending op order.
#pragma once

#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/transactions.h"

namespace ariadne::report {

// The isolation model checked, "strongest", or "" when not transactional.
std::string txn_consistency(const CheckOptions& options);

// The transactions of `v` in naming order (T1 first).
std::vector<uint32_t> txn_names(const txn::Violation& v);

// "p0 :ok [[:r :x []] [:r :y [1]]] (line 4)": the process, the outcome, the
// micro-ops as completed (as invoked unless ok), bounded.
std::string txn_describe(const History& h, uint32_t op);

// The lines after the verdict line of the text report, each indented by
// two spaces: every violation (cycle edges with kind, key and values, in
// plain words), then the models that hold and those ruled out.
std::string txn_text(const History& h, const txn::TxnReport& r);

// The value of the JSON report's "transactions" field (docs/report-json.md).
std::string txn_json(const History& h, const txn::TxnReport& r);

// An HTML section's markup: each violation's cycle drawn as an inline SVG
// (transactions as nodes on a circle, edges labelled kind and key), the
// transactions and sentences, and the per-model outcomes.
std::string txn_html(const History& h, const txn::TxnReport& r);

}  // namespace ariadne::report
