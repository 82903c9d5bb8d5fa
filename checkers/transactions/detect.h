// Internal: one pass of the transactional checker over a history — parse,
// infer, build the graph, search the wanted anomalies (detect.cc).
#pragma once

#include <bitset>
#include <optional>
#include <vector>

#include "budget.h"
#include "graph.h"
#include "txns.h"

namespace ariadne::txn {

using AnomalySet = std::bitset<kAnomalyCount>;

// A found anomaly: a finding's transactions, or a cycle's edges (barrier
// hops collapsed into one realtime edge between transactions).
struct Found {
  Anomaly anomaly = Anomaly::kG0;
  Finding finding;             // non-cycle anomalies
  std::vector<RawEdge> cycle;  // cycle anomalies, in order
};

struct Detection {
  Txns txns;
  std::vector<Found> found;  // at most one per anomaly, in the order found
  std::vector<std::string> notes;
  size_t edges = 0;
  // The limits stopped a phase (limits.reason() says why): what was found is
  // sound, but an anomaly may have been missed.
  bool cut_short = false;
};

// Searches for the anomalies in `wanted` (cycle searches are skipped for an
// anomaly another found one implies; non-cycle findings are always kept).
// Every table is charged to `limits`, which must outlive `out`.
std::optional<ParseError> detect(const History& h, TxnReport::Workload workload,
                                 const AnomalySet& wanted, Limits& limits, Detection& out);

// The cycle anomaly a cycle's edges make (graph.h's kinds; ww/wr/rw counts
// and whether it needs process or realtime edges).
Anomaly classify(const std::vector<RawEdge>& cycle);

// Transactions a found anomaly needs: its own (cycle ends, finding's) and,
// for list-append edges, the reads that showed their order. Ascending.
std::vector<uint32_t> witness_txns(const Found& f);

}  // namespace ariadne::txn
