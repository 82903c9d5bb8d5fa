// One detection pass (detect.h): the searches Elle runs, in its order —
// G0, G1c, G-single, G-nonadjacent, G2-item — over the graph of
// dependencies alone, then with process edges, then with realtime edges
// too. A search is skipped when an anomaly found already implies it.
#include "detect.h"

#include <algorithm>

namespace ariadne::txn {
namespace {

constexpr Anomaly kFamilies[3][5] = {
    {Anomaly::kG0, Anomaly::kG1c, Anomaly::kGSingle, Anomaly::kGNonadjacent, Anomaly::kG2Item},
    {Anomaly::kG0Process, Anomaly::kG1cProcess, Anomaly::kGSingleProcess,
     Anomaly::kGNonadjacentProcess, Anomaly::kG2ItemProcess},
    {Anomaly::kG0Realtime, Anomaly::kG1cRealtime, Anomaly::kGSingleRealtime,
     Anomaly::kGNonadjacentRealtime, Anomaly::kG2ItemRealtime},
};

bool implied_by_found(const std::vector<Found>& found, Anomaly a) {
  for (const Found& f : found)
    if (anomaly_implies(f.anomaly, a)) return true;
  return false;
}

// Barrier hops become one realtime edge between transactions.
std::vector<RawEdge> collapse(const Graph& g, const std::vector<uint32_t>& cycle) {
  // Rotate so the cycle starts at a transaction.
  size_t start = 0;
  while (start < cycle.size() && g.edges[cycle[start]].from >= g.txn_nodes) ++start;
  std::vector<RawEdge> out;
  for (size_t i = 0; i < cycle.size(); ++i) {
    const RawEdge& e = g.edges[cycle[(start + i) % cycle.size()]];
    if (e.from >= g.txn_nodes) {
      out.back().to = e.to;  // continues a realtime hop
      continue;
    }
    out.push_back(e);
  }
  // Start at the smallest transaction, so a cycle reads the same however found.
  auto first = std::min_element(out.begin(), out.end(),
                                [](const RawEdge& a, const RawEdge& b) { return a.from < b.from; });
  std::rotate(out.begin(), first, out.end());
  return out;
}

}  // namespace

Anomaly classify(const std::vector<RawEdge>& cycle) {
  int rw = 0;
  bool wr = false, process = false, realtime = false, adjacent = false;
  for (size_t i = 0; i < cycle.size(); ++i) {
    Edge::Kind k = cycle[i].kind;
    rw += k == Edge::Kind::kRW;
    wr |= k == Edge::Kind::kWR;
    process |= k == Edge::Kind::kProcess;
    realtime |= k == Edge::Kind::kRealtime;
    if (k == Edge::Kind::kRW && cycle[(i + 1) % cycle.size()].kind == Edge::Kind::kRW)
      adjacent = true;
  }
  int family = rw == 0 ? (wr ? 1 : 0) : rw == 1 ? 2 : adjacent ? 4 : 3;
  int level = realtime ? 2 : process ? 1 : 0;
  return kFamilies[level][family];
}

std::vector<uint32_t> witness_txns(const Found& f) {
  std::vector<uint32_t> out = f.finding.txns;
  for (const RawEdge& e : f.cycle) {
    out.push_back(e.from);
    if (e.support != kNone) out.push_back(e.support);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<ParseError> detect(const History& h, TxnReport::Workload workload,
                                 const AnomalySet& wanted, Limits& limits, Detection& out) {
  if (auto err = parse_txns(h, workload, out.txns, limits)) return err;
  Inferred inf;
  if (!limits.stopped()) {
    if (workload == TxnReport::Workload::kListAppend)
      infer_list_append(h, out.txns, inf, limits);
    else
      infer_rw_register(h, out.txns, inf, limits);
  }
  out.notes = std::move(inf.notes);
  for (Finding& f : inf.findings) out.found.push_back(Found{f.anomaly, std::move(f), {}});

  bool want_level[3] = {false, false, false};
  for (int level = 0; level < 3; ++level)
    for (Anomaly a : kFamilies[level]) want_level[level] |= wanted[static_cast<int>(a)];
  bool process = want_level[1] || want_level[2], realtime = want_level[2];
  if (limits.stopped()) {
    out.cut_short = true;
    return std::nullopt;
  }
  Graph g = build_graph(h, out.txns, inf, process, realtime, limits);
  out.edges = g.edges.size();

  const uint8_t extra[3] = {0, kProcessBit, uint8_t(kProcessBit | kRealtimeBit)};
  for (int level = 0; level < 3; ++level) {
    if (!want_level[level]) continue;
    const uint8_t all = kWWBit | kWRBit | kRWBit | extra[level];
    if (limits.stop_now()) break;
    Components whole = components(g, all, limits);
    if (whole.nontrivial.empty()) continue;
    for (int family = 0; family < 5; ++family) {
      Anomaly a = kFamilies[level][family];
      if (!wanted[static_cast<int>(a)] || implied_by_found(out.found, a)) continue;
      std::optional<std::vector<uint32_t>> cycle;
      if (family == 0) {
        uint8_t mask = kWWBit | extra[level];
        cycle = find_cycle(g, components(g, mask, limits), mask, Shape::kAny, mask, limits);
      } else if (family == 1) {
        uint8_t mask = kWWBit | kWRBit | extra[level];
        cycle = find_cycle(g, components(g, mask, limits), mask, Shape::kAny, kWRBit, limits);
      } else {
        Shape shape = family == 2   ? Shape::kSingleRW
                      : family == 3 ? Shape::kNonadjacent
                                    : Shape::kSomeRW;
        cycle = find_cycle(g, whole, all, shape, kRWBit, limits);
      }
      if (cycle) {
        Found f;
        f.cycle = collapse(g, *cycle);
        f.anomaly = classify(f.cycle);
        bool dup = false;
        for (const Found& o : out.found) dup |= o.anomaly == f.anomaly;
        if (!dup) out.found.push_back(std::move(f));
      }
      if (limits.stop_now()) break;  // later searches do not run
    }
  }
  out.cut_short = limits.stopped();
  return std::nullopt;
}

}  // namespace ariadne::txn
