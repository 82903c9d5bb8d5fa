// CC's bad patterns (CyclicCO, WriteCOInitRead, WriteCORead) and CCv's
// CyclicCF, on CO's vector clocks.
//
// Invariants: with clocks, "some write of key k by process q is ≤CO n" is
// a binary search among q's writes of k for a pos below clock(n)[q]; the
// last such write is the one that matters, since the earlier ones are
// po-before (so CO-before) it.
#include <algorithm>
#include <atomic>

#include <oneapi/tbb/parallel_for.h>

#include "causal/patterns.h"
#include "causal/walk.h"

namespace ariadne::causal {

namespace {

// The lowest node n in [0, size) with found(n), in parallel; kNone if none.
template <class Pred>
uint32_t first_node(uint32_t size, Pred found) {
  std::atomic<uint32_t> first{kNone};
  tbb::parallel_for(tbb::blocked_range<uint32_t>(0, size, 4096), [&](const auto& range) {
    for (uint32_t n = range.begin(); n != range.end(); ++n) {
      if (n >= first.load(std::memory_order_relaxed)) return;
      if (!found(n)) continue;
      uint32_t seen = first.load();
      while (n < seen && !first.compare_exchange_weak(seen, n)) {
      }
      return;
    }
  });
  return first.load();
}

std::shared_ptr<CausalViolation> violation(const Graph& g, std::string pattern, std::string summary,
                                           const std::vector<Link>& links,
                                           std::initializer_list<uint32_t> keep = {}) {
  auto v = std::make_shared<CausalViolation>();
  v->pattern = std::move(pattern);
  v->summary = std::move(summary);
  describe_witness(g, links, nullptr, *v, keep);
  return v;
}

std::shared_ptr<CausalViolation> cyclic_co(const Graph& g, const std::vector<uint32_t>& order) {
  std::vector<uint8_t> scope(g.size, 1);
  for (uint32_t n : order) scope[n] = 0;  // sorted nodes are on no cycle
  std::vector<uint32_t> component = first_cyclic_component(g, nullptr, scope);
  std::vector<Link> cycle = shortest_cycle(g, nullptr, component);
  return violation(g, "CyclicCO",
                   "program order and reads-from form a cycle: an operation would have to "
                   "happen before itself (a read returned a value written causally after it)",
                   cycle);
}

std::shared_ptr<CausalViolation> write_co_init_read(const Graph& g) {
  uint32_t r = first_node(g.size, [&](uint32_t n) {
    if (g.is_write[n] || g.rf[n] != kInitial) return false;
    for (const WriterGroup& group : g.writers(g.key[n]))
      if (g.last_write_before(group, g.clock(n)[group.process]) != kNone) return true;
    return false;
  });
  if (r == kNone) return nullptr;
  uint32_t k = g.key[r];
  auto path = shortest_path(
      g, nullptr, r, false, [&](uint32_t n) { return g.is_write[n] && g.key[n] == k; },
      [](uint32_t) { return true; });
  uint32_t w = path.front().from;
  return violation(g, "WriteCOInitRead",
                   op_label(g, r) + " returned the initial value, yet " + op_label(g, w) +
                       ", a write of the same key, is causally before it",
                   path);
}

std::shared_ptr<CausalViolation> write_co_read(const Graph& g) {
  auto overwritten = [&](uint32_t n, uint32_t* w2) {
    uint32_t w1 = g.rf[n];
    for (const WriterGroup& group : g.writers(g.key[n])) {
      uint32_t a = g.last_write_before(group, g.clock(n)[group.process]);
      if (a != kNone && a != w1 && g.co_before_eq(w1, a)) {
        if (w2) *w2 = a;
        return true;
      }
    }
    return false;
  };
  uint32_t r = first_node(g.size, [&](uint32_t n) {
    return !g.is_write[n] && g.rf[n] != kInitial && overwritten(n, nullptr);
  });
  if (r == kNone) return nullptr;
  uint32_t w1 = g.rf[r], k = g.key[r];
  // The write w2 between w1 and r with the shortest chain w1 → w2 → r.
  BfsTree from_w1 = bfs(g, nullptr, w1, true, [&](uint32_t n) { return g.co_before_eq(n, r); });
  BfsTree to_r = bfs(g, nullptr, r, false, [&](uint32_t n) { return g.co_before_eq(w1, n); });
  uint32_t w2 = kNone;
  for (uint32_t n = 0; n < g.size; ++n) {
    if (!g.is_write[n] || g.key[n] != k || n == w1) continue;
    if (from_w1.dist[n] == kNone || to_r.dist[n] == kNone) continue;
    if (w2 == kNone || from_w1.dist[n] + to_r.dist[n] < from_w1.dist[w2] + to_r.dist[w2]) w2 = n;
  }
  std::vector<Link> links{{w1, r, CausalEdge::Kind::kRf, kNone}};
  for (const Link& l : from_w1.path(w2)) links.push_back(l);
  for (const Link& l : to_r.path(w2)) links.push_back(l);
  return violation(g, "WriteCORead",
                   op_label(g, r) + " read the value of " + op_label(g, w1) + ", yet " +
                       op_label(g, w2) + " overwrote it causally between the two",
                   links, {w2});
}

}  // namespace

std::shared_ptr<CausalViolation> find_cc_violation(Graph& g) {
  std::vector<uint32_t> order;
  if (!topological_order(g, order)) return cyclic_co(g, order);
  compute_clocks(g, order);
  if (auto v = write_co_init_read(g)) return v;
  return write_co_read(g);
}

std::shared_ptr<CausalViolation> find_cyclic_cf(const Graph& g) {
  // Per write w2: for each process q, the last write of w2's key by q that
  // is causally before some reader of w2 (the reader with the lowest node
  // index, for the witness).
  uint32_t procs = g.processes();
  std::vector<std::array<uint32_t, 3>> triples;
  std::vector<uint32_t> best(procs, kNone), via(procs, kNone);
  std::vector<uint32_t> touched;
  for (uint32_t w2 : g.writes) {
    auto readers = g.readers_of(w2);
    if (readers.empty()) continue;
    for (uint32_t r : readers) {
      for (const WriterGroup& group : g.writers(g.key[w2])) {
        uint32_t a = g.last_write_before(group, g.clock(r)[group.process]);
        if (a == kNone || a == w2 || g.co_before_eq(a, w2)) continue;
        uint32_t q = group.process;
        if (best[q] == kNone) touched.push_back(q);
        if (best[q] == kNone || g.pos[a] > g.pos[best[q]]) {
          best[q] = a;
          via[q] = r;
        }
      }
    }
    for (uint32_t q : touched) {
      triples.push_back({best[q], w2, via[q]});
      best[q] = via[q] = kNone;
    }
    touched.clear();
  }
  if (triples.empty()) return nullptr;
  ExtraEdges cf = ExtraEdges::from_triples(g.size, CausalEdge::Kind::kCf, triples);
  std::vector<uint32_t> component = first_cyclic_component(g, &cf, {});
  if (component.empty()) return nullptr;
  std::vector<Link> cycle = shortest_cycle(g, &cf, component);
  return violation(g, "CyclicCF",
                   "conflicting writes and causal order form a cycle: no order of the writes "
                   "lets every replica converge while each read sees the write it returned",
                   cycle);
}

}  // namespace ariadne::causal
