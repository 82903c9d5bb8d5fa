// Internal: the dependency graph of a transactional history, strongly
// connected components and constrained shortest cycles (Elle's search).
//
// Nodes [0, txn_nodes) are transactions; the rest are realtime barriers, one
// per distinct completion time of an ok transaction: T -> B(end(T)) ->
// B(next) -> ... -> U for every U invoked after that time. So real-time
// order costs O(n) edges instead of O(n^2), and a path of realtime edges
// from T to U exists iff T completed before U was invoked. A hop through
// barriers counts as one edge when cycles are measured.
//
// Edges stay in the order inferred (40 bytes each; an edge's id is its
// index there); adjacency is compressed (CSR) in arcs of 12 bytes, sorted
// by `from` (stable), so a traversal reads no edge it does not take.
//
// Memory: every array here is charged to the Limits given (limits.h);
// when it stops them, build_graph's graph is partial and components and
// find_cycle return empty (the caller looks at limits.stopped()).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "budget.h"
#include "txns.h"

namespace ariadne::txn {

// An edge as adjacency sees it.
struct Arc {
  uint32_t to = 0;
  uint32_t edge = 0;  // its index into Graph::edges
  Edge::Kind kind = Edge::Kind::kWW;
};

struct Graph {
  uint32_t txn_nodes = 0, nodes = 0;
  std::vector<RawEdge> edges;
  std::vector<Arc> arcs;         // by `from`, and in edge order for each
  std::vector<uint32_t> offset;  // nodes + 1: out-arcs of v are arcs[offset[v] .. offset[v+1])
  Charge edge_bytes, arc_bytes;
};

// `inf`'s edges (moved into the graph with their charge) are the inferred
// dependency edges; process and realtime edges are added when asked for.
Graph build_graph(const History& h, const Txns& t, Inferred& inf, bool process, bool realtime,
                  Limits& limits);

// Strongly connected components over the edges whose kind is in `mask`
// (iterative Tarjan). comp[v] for every node; `nontrivial` lists the ids of
// components with more than one node.
struct Components {
  std::vector<uint32_t> comp;
  std::vector<uint32_t> nontrivial;
  Charge bytes;
};
Components components(const Graph& g, uint8_t mask, Limits& limits);

// The shapes of cycle Elle searches for.
enum class Shape : uint8_t {
  kAny,          // any cycle of the mask's edges that has an edge of a `seeds` kind
  kSingleRW,     // exactly one rw edge, the rest of the mask without rw
  kNonadjacent,  // at least two rw edges, no two consecutive
  kSomeRW,       // at least one rw edge
};

// A shortest cycle (counting a barrier hop as one edge) of `shape` using the
// edges of `mask`, inside one of the components of `c` (computed with a
// mask containing `mask`), as edge indices in order; std::nullopt when there
// is none, or the limits stopped it (limits.stopped() says which).
// kAny seeds the search from edges of the kinds in `seeds`; the rw shapes
// from rw edges.
std::optional<std::vector<uint32_t>> find_cycle(const Graph& g, const Components& c, uint8_t mask,
                                                Shape shape, uint8_t seeds, Limits& limits);

}  // namespace ariadne::txn
