// Causal memory's bad patterns, WriteHBInitRead and CyclicHB, on each
// process's happens-before relation.
//
// The paper defines HBo for every operation o: the smallest transitive
// relation that holds CO on o's causal past, and w1 → w2 whenever a read r
// with r ≤po o read from w2 while w1, another write of r's key, is HBo-
// before r. HBo only grows along po, so the HBo of each process's last
// operation decides for the whole process: one relation per process (HBp).
// Operations outside the causal past of that last operation reach nothing
// inside it, so HBp may hold all nodes; other processes' reads stay as
// nodes (their CO edges are CO's).
//
// Invariants of the fixpoint: edges only ever grow. Each round computes
// HBp's vector clocks over po ∪ rf ∪ the edges so far (a topological sort
// that fails means HBp is cyclic: CyclicHB), then every read r of p asks,
// per process q writing r's key, for q's last write that is HBp-before r
// (earlier ones are po-before it): for an initial-value read that is
// WriteHBInitRead, otherwise an edge to r's write unless already implied.
// No new edge: HBp is complete and acyclic.
#include <algorithm>
#include <mutex>
#include <unordered_set>

#include <oneapi/tbb/parallel_for.h>

#include "causal/patterns.h"
#include "causal/walk.h"

namespace ariadne::causal {

namespace {

// Kahn's sort of po ∪ rf ∪ extra; false when cyclic (`order` then holds
// the nodes on no cycle and before none).
bool sort_with(const Graph& g, const ExtraEdges& extra, std::vector<uint32_t>& order) {
  std::vector<uint32_t> indegree(g.size, 0);
  for (uint32_t n = 0; n < g.size; ++n)
    indegree[n] = (g.pos[n] > 0) + (!g.is_write[n] && g.rf[n] != kInitial) +
                  (extra.in_begin[n + 1] - extra.in_begin[n]);
  order.clear();
  for (uint32_t n = 0; n < g.size; ++n)
    if (indegree[n] == 0) order.push_back(n);
  for (size_t i = 0; i < order.size(); ++i) {
    for_each_next(g, &extra, order[i], true, [&](const Step& s) {
      if (--indegree[s.node] == 0) order.push_back(s.node);
    });
  }
  return order.size() == g.size;
}

void clocks_with(const Graph& g, const ExtraEdges& extra, const std::vector<uint32_t>& order,
                 std::vector<uint32_t>& clocks) {
  uint32_t p = g.processes();
  clocks.assign(size_t{g.size} * p, 0);
  for (uint32_t n : order) {
    uint32_t* c = clocks.data() + size_t{n} * p;
    for_each_next(g, &extra, n, false, [&](const Step& s) {
      const uint32_t* pc = clocks.data() + size_t{s.node} * p;
      for (uint32_t q = 0; q < p; ++q) c[q] = std::max(c[q], pc[q]);
    });
    c[g.proc[n]] = g.pos[n] + 1;
  }
}

std::shared_ptr<CausalViolation> check_process(const Graph& g, uint32_t p) {
  std::vector<std::array<uint32_t, 3>> edges;  // (from, to, via read)
  std::unordered_set<uint64_t> known;
  std::vector<uint32_t> order, local;
  uint32_t procs = g.processes();
  auto make = [&](std::string pattern, std::string summary, const std::vector<Link>& links) {
    auto v = std::make_shared<CausalViolation>();
    v->pattern = std::move(pattern);
    v->summary = std::move(summary);
    v->edges = explain(g, links);
    v->ops = witness_ops(g, links);
    v->process = g.process_value[p];
    return v;
  };
  for (;;) {
    ExtraEdges extra = ExtraEdges::from_triples(g.size, CausalEdge::Kind::kHb, edges);
    const uint32_t* clocks = g.clocks.data();
    if (!edges.empty()) {
      if (!sort_with(g, extra, order)) {
        std::vector<uint8_t> scope(g.size, 1);
        for (uint32_t n : order) scope[n] = 0;
        std::vector<Link> cycle =
            shortest_cycle(g, &extra, first_cyclic_component(g, &extra, scope));
        return make("CyclicHB",
                    "process " + to_edn(g.process_value[p]) +
                        "'s reads force an order of writes that contradicts itself: in its view "
                        "some write would have to happen before itself",
                    cycle);
      }
      clocks_with(g, extra, order, local);
      clocks = local.data();
    }
    auto clock = [&](uint32_t n) { return clocks + size_t{n} * procs; };
    size_t before = edges.size();
    for (uint32_t r : g.chains[p]) {
      if (g.is_write[r]) continue;
      uint32_t w = g.rf[r];
      for (const WriterGroup& group : g.writers(g.key[r])) {
        uint32_t a = g.last_write_before(group, clock(r)[group.process]);
        if (a == kNone || a == w) continue;
        if (w == kInitial) {
          uint32_t k = g.key[r];
          auto path = shortest_path(
              g, &extra, r, false, [&](uint32_t n) { return g.is_write[n] && g.key[n] == k; },
              [](uint32_t) { return true; });
          return make("WriteHBInitRead",
                      op_label(g, r) + " returned the initial value, yet in process " +
                          to_edn(g.process_value[p]) + "'s view " + op_label(g, path.front().from) +
                          ", a write of the same key, happened before it",
                      path);
        }
        if (clock(w)[group.process] > g.pos[a]) continue;  // already a → w
        if (known.insert(uint64_t{a} << 32 | w).second) edges.push_back({a, w, r});
      }
    }
    if (edges.size() == before) return nullptr;
  }
}

}  // namespace

std::shared_ptr<CausalViolation> find_cm_violation(const Graph& g) {
  uint32_t procs = g.processes();
  std::vector<std::shared_ptr<CausalViolation>> found(procs);
  tbb::parallel_for(tbb::blocked_range<uint32_t>(0, procs, 1), [&](const auto& range) {
    for (uint32_t p = range.begin(); p != range.end(); ++p) found[p] = check_process(g, p);
  });
  for (auto& v : found)
    if (v) return v;  // the first process in order of appearance
  return nullptr;
}

}  // namespace ariadne::causal
