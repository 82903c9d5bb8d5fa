// Walking the causal graph: po ∪ rf plus, optionally, extra edges (cf for
// causal convergence, one process's hb edges for causal memory); strongly
// connected components and shortest paths and cycles, for bad patterns and
// their witnesses.
//
// Invariants: every walk is iterative (no recursion: a million-operation
// history must not overflow the stack); a path is a list of edges in
// order, each edge's `from` the previous edge's `to`; the shortest path
// or cycle is the one with fewest edges other than po (a run of po steps is
// one fact), found in a fixed order of neighbours, so witnesses are
// deterministic.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "causal/causal_graph.h"

namespace ariadne::causal {

// Extra edges from a node, as a compressed adjacency list.
struct ExtraEdges {
  struct Edge {
    uint32_t other;  // the far end
    uint32_t via;    // the read that justifies the edge
  };
  CausalEdge::Kind kind = CausalEdge::Kind::kCf;
  std::vector<uint32_t> out_begin, in_begin;  // size nodes + 1
  std::vector<Edge> out, in;

  // Builds both directions from (from, to, via) triples.
  static ExtraEdges from_triples(uint32_t nodes, CausalEdge::Kind kind,
                                 const std::vector<std::array<uint32_t, 3>>& triples);
  bool empty() const { return out.empty(); }
};

struct Step {
  uint32_t node;
  CausalEdge::Kind kind;
  uint32_t via;  // kNone for po and rf
};

// Calls f(Step) for each successor (forward) or predecessor of n.
void for_each_next(const Graph& g, const ExtraEdges* extra, uint32_t n, bool forward,
                   const std::function<void(const Step&)>& f);

// Strongly connected components (iterative Tarjan) restricted to nodes with
// in_scope[n] (all when empty); returns the nodes of the component of more
// than one node that holds the lowest node index, or nothing if acyclic.
std::vector<uint32_t> first_cyclic_component(const Graph& g, const ExtraEdges* extra,
                                             const std::vector<uint8_t>& in_scope);

// An edge between nodes (CausalEdge names operations instead).
struct Link {
  uint32_t from, to;
  CausalEdge::Kind kind;
  uint32_t via;  // kNone for po and rf
};

// A shortest cycle inside `component` (which must be strongly connected):
// fewest edges other than po.
std::vector<Link> shortest_cycle(const Graph& g, const ExtraEdges* extra,
                                 const std::vector<uint32_t>& component);

// A shortest path (fewest edges other than po) from `from` to any node
// with target(n) (forward), or from any such node to `from` (backward);
// edges are in path order either way.
// Only nodes with allowed(n) are entered. Empty when there is none.
std::vector<Link> shortest_path(const Graph& g, const ExtraEdges* extra, uint32_t from,
                                bool forward, const std::function<bool(uint32_t)>& target,
                                const std::function<bool(uint32_t)>& allowed);

// Costs from `root` over allowed nodes, forward (successors) or backward
// (predecessors): a po step costs 0 (po is one fact, however many
// operations of the process it passes), any other edge 1, so shortest
// means fewest facts.
struct BfsTree {
  uint32_t root = kNone;
  bool forward = true;
  std::vector<uint32_t> dist;  // kNone: not reached
  std::vector<Link> parent;
  // The path between root and n (root first when forward, last when not).
  std::vector<Link> path(uint32_t n) const;
};
BfsTree bfs(const Graph& g, const ExtraEdges* extra, uint32_t root, bool forward,
            const std::function<bool(uint32_t)>& allowed);

// Fills v.edges (the links as operations, each with its reason in plain
// words) and v.ops (every operation they name, in history order). A cf or
// hb edge's reason shows the chain that puts its source before its read,
// found in po ∪ rf (cf; needs g.clocks) or in po ∪ rf ∪ `extra` (hb), and
// the chain's operations join v.ops, as does the write each read in v.ops
// read from, so that every value read in v.ops is written in v.ops.
// Runs of po links become one (the operations in between drop out) unless
// the operation in between is in `keep` (the pattern's own operations).
void describe_witness(const Graph& g, const std::vector<Link>& links, const ExtraEdges* extra,
                      CausalViolation& v, std::initializer_list<uint32_t> keep = {});

}  // namespace ariadne::causal
