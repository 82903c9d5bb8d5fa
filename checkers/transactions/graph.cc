// Dependency graph construction, Tarjan's SCCs (iterative) and Elle-style
// constrained shortest cycles by 0-1 BFS (graph.h).
#include "graph.h"

#include <algorithm>
#include <deque>

namespace ariadne::txn {
namespace {

RawEdge order_edge(uint32_t from, uint32_t to, Edge::Kind kind) {
  RawEdge e;
  e.from = from;
  e.to = to;
  e.kind = kind;
  return e;
}

}  // namespace

Graph build_graph(const History& h, const Txns& t, std::vector<RawEdge> edges, bool process,
                  bool realtime) {
  Graph g;
  const uint32_t n = static_cast<uint32_t>(t.txns.size());
  g.txn_nodes = g.nodes = n;
  if (process) {
    std::vector<uint32_t> last(t.processes, kNone);
    for (uint32_t i = 0; i < n; ++i) {
      if (!t.txns[i].in_graph) continue;
      uint32_t& prev = last[t.txns[i].process];
      if (prev != kNone && t.txns[prev].status == OpStatus::kOk)
        edges.push_back(order_edge(prev, i, Edge::Kind::kProcess));
      prev = i;
    }
  }
  if (realtime) {
    std::vector<int64_t> ends;
    for (uint32_t i = 0; i < n; ++i)
      if (t.txns[i].in_graph && t.txns[i].status == OpStatus::kOk)
        ends.push_back(h.end(h.ops[t.txns[i].op]));
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    const uint32_t b0 = n;
    g.nodes = n + static_cast<uint32_t>(ends.size());
    for (uint32_t j = 0; j + 1 < ends.size(); ++j)
      edges.push_back(order_edge(b0 + j, b0 + j + 1, Edge::Kind::kRealtime));
    for (uint32_t i = 0; i < n; ++i) {
      if (!t.txns[i].in_graph) continue;
      const Operation& op = h.ops[t.txns[i].op];
      if (op.status == OpStatus::kOk) {
        auto j = std::lower_bound(ends.begin(), ends.end(), h.end(op)) - ends.begin();
        edges.push_back(order_edge(i, b0 + static_cast<uint32_t>(j), Edge::Kind::kRealtime));
      }
      auto j = std::lower_bound(ends.begin(), ends.end(), h.start(op)) - ends.begin();
      if (j > 0)
        edges.push_back(order_edge(b0 + static_cast<uint32_t>(j - 1), i, Edge::Kind::kRealtime));
    }
  }
  // Counting sort by `from`.
  g.offset.assign(g.nodes + 1, 0);
  for (const RawEdge& e : edges) ++g.offset[e.from + 1];
  for (uint32_t v = 0; v < g.nodes; ++v) g.offset[v + 1] += g.offset[v];
  g.edges.resize(edges.size());
  std::vector<uint32_t> fill(g.offset.begin(), g.offset.end() - 1);
  for (RawEdge& e : edges) g.edges[fill[e.from]++] = std::move(e);
  return g;
}

Components components(const Graph& g, uint8_t mask) {
  Components c;
  const uint32_t n = g.nodes;
  c.comp.assign(n, kNone);
  std::vector<uint32_t> index(n, kNone), low(n, 0), stack, call_v, call_e;
  std::vector<uint32_t> size_of;
  std::vector<bool> on_stack(n, false);
  uint32_t next = 0, ncomp = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call_v.push_back(root);
    call_e.push_back(g.offset[root]);
    index[root] = low[root] = next++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!call_v.empty()) {
      uint32_t v = call_v.back();
      uint32_t& ei = call_e.back();
      bool descended = false;
      while (ei < g.offset[v + 1]) {
        const RawEdge& e = g.edges[ei++];
        if (!(kind_bit(e.kind) & mask)) continue;
        uint32_t w = e.to;
        if (index[w] == kNone) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          on_stack[w] = true;
          call_v.push_back(w);
          call_e.push_back(g.offset[w]);
          descended = true;
          break;
        }
        if (on_stack[w]) low[v] = std::min(low[v], index[w]);
      }
      if (descended) continue;
      if (low[v] == index[v]) {
        uint32_t count = 0, w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          c.comp[w] = ncomp;
          ++count;
        } while (w != v);
        if (count > 1) c.nontrivial.push_back(ncomp);
        ++ncomp;
      }
      call_v.pop_back();
      call_e.pop_back();
      if (!call_v.empty()) {
        uint32_t parent = call_v.back();
        low[parent] = std::min(low[parent], low[v]);
      }
    }
  }
  return c;
}

namespace {

// 0-1 BFS over states (node, flags): flags bit 0 = the last edge was rw,
// bit 1 = the path has an rw edge. Reused across sources.
class Search {
 public:
  Search(const Graph& g, const Components& c, uint8_t mask, Shape shape)
      : g_(g), c_(c), mask_(mask), shape_(shape) {
    states_ = static_cast<size_t>(g.nodes) * (shape == Shape::kNonadjacent ? 4 : 1);
    dist_.assign(states_, kNone);
    parent_.assign(states_, kNone);
  }

  // BFS from `b` (reached by a seed edge whose kind set `start_flags`).
  // Returns visited state count.
  size_t run(uint32_t b, uint32_t start_flags) {
    for (size_t s : touched_) dist_[s] = parent_[s] = kNone;
    touched_.clear();
    const uint32_t comp = c_.comp[b];
    std::deque<size_t> q;
    size_t s0 = state(b, start_flags);
    dist_[s0] = 0;
    touched_.push_back(s0);
    q.push_back(s0);
    while (!q.empty()) {
      size_t s = q.front();
      q.pop_front();
      uint32_t v = node(s), f = flags(s);
      uint32_t w8 = v < g_.txn_nodes ? 1 : 0;
      for (uint32_t ei = g_.offset[v]; ei < g_.offset[v + 1]; ++ei) {
        const RawEdge& e = g_.edges[ei];
        if (!(kind_bit(e.kind) & mask_) || c_.comp[e.to] != comp) continue;
        bool rw = e.kind == Edge::Kind::kRW;
        uint32_t nf = f;
        if (shape_ == Shape::kNonadjacent) {
          if (rw && (f & 1)) continue;
          nf = rw ? 3 : (f & 2);
        }
        size_t t = state(e.to, nf);
        uint32_t nd = dist_[s] + w8;
        if (dist_[t] <= nd) continue;
        if (dist_[t] == kNone) touched_.push_back(t);
        dist_[t] = nd;
        parent_[t] = ei;
        if (w8 == 0)
          q.push_front(t);
        else
          q.push_back(t);
      }
    }
    return touched_.size();
  }

  // The path from the last run's source to state (a, f), as edge indices.
  std::vector<uint32_t> path_to(uint32_t a, uint32_t f, uint32_t b, uint32_t start_flags) const {
    std::vector<uint32_t> out;
    size_t s = state(a, f), s0 = state(b, start_flags);
    while (s != s0) {
      uint32_t ei = parent_[s];
      out.push_back(ei);
      const RawEdge& e = g_.edges[ei];
      // Recover the predecessor's flags: try each, the one that leads here.
      size_t prev = kNone;
      for (uint32_t pf = 0; pf < (shape_ == Shape::kNonadjacent ? 4u : 1u); ++pf) {
        size_t ps = state(e.from, pf);
        if (dist_[ps] == kNone) continue;
        uint32_t nf = pf;
        if (shape_ == Shape::kNonadjacent) {
          bool rw = e.kind == Edge::Kind::kRW;
          if (rw && (pf & 1)) continue;
          nf = rw ? 3 : (pf & 2);
        }
        uint32_t w8 = e.from < g_.txn_nodes ? 1 : 0;
        if (nf == flags(s) && dist_[ps] + w8 == dist_[s]) {
          prev = ps;
          break;
        }
      }
      s = prev;
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  uint32_t dist(uint32_t a, uint32_t f) const { return dist_[state(a, f)]; }

 private:
  size_t state(uint32_t v, uint32_t f) const {
    return shape_ == Shape::kNonadjacent ? size_t{v} * 4 + f : v;
  }
  uint32_t node(size_t s) const {
    return static_cast<uint32_t>(shape_ == Shape::kNonadjacent ? s / 4 : s);
  }
  uint32_t flags(size_t s) const { return shape_ == Shape::kNonadjacent ? s % 4 : 0; }

  const Graph& g_;
  const Components& c_;
  uint8_t mask_;
  Shape shape_;
  size_t states_;
  std::vector<uint32_t> dist_, parent_;
  std::vector<size_t> touched_;
};

}  // namespace

std::optional<std::vector<uint32_t>> find_cycle(const Graph& g, const Components& c, uint8_t mask,
                                                Shape shape, uint8_t seed_mask, Budget& budget) {
  if (c.nontrivial.empty()) return std::nullopt;
  std::vector<bool> big(g.nodes, false);
  for (uint32_t id : c.nontrivial) big[id] = true;  // component ids are < nodes
  uint8_t seed_kinds = shape == Shape::kAny ? seed_mask : kRWBit;
  // Seeds: edges of the seed kind inside a nontrivial component, by target.
  std::vector<uint32_t> seeds;
  for (uint32_t ei = 0; ei < g.edges.size(); ++ei) {
    const RawEdge& e = g.edges[ei];
    if (!(kind_bit(e.kind) & seed_kinds & mask)) continue;
    if (c.comp[e.from] != c.comp[e.to] || !big[c.comp[e.from]]) continue;
    seeds.push_back(ei);
  }
  if (seeds.empty()) return std::nullopt;
  std::stable_sort(seeds.begin(), seeds.end(),
                   [&](uint32_t a, uint32_t b) { return g.edges[a].to < g.edges[b].to; });
  uint8_t walk = shape == Shape::kSingleRW ? uint8_t(mask & ~kRWBit) : mask;
  Search search(g, c, walk, shape);
  uint32_t start_flags = shape == Shape::kNonadjacent ? 1 : 0;  // the seed was rw; none counted yet
  uint32_t goal_flags = shape == Shape::kNonadjacent ? 2 : 0;
  std::optional<std::vector<uint32_t>> best;
  uint32_t best_len = kNone;
  int tries_after_found = 0;
  for (size_t lo = 0; lo < seeds.size();) {
    size_t hi = lo;
    uint32_t b = g.edges[seeds[lo]].to;
    while (hi < seeds.size() && g.edges[seeds[hi]].to == b) ++hi;
    if (budget.exhausted()) return std::nullopt;
    budget.spend(search.run(b, start_flags));
    for (size_t i = lo; i < hi; ++i) {
      uint32_t a = g.edges[seeds[i]].from;
      uint32_t d = search.dist(a, goal_flags);
      if (d == kNone || d + 1 >= best_len) continue;
      std::vector<uint32_t> cycle{seeds[i]};
      auto rest = search.path_to(a, goal_flags, b, start_flags);
      cycle.insert(cycle.end(), rest.begin(), rest.end());
      best = std::move(cycle);
      best_len = d + 1;
    }
    lo = hi;
    if (best && ++tries_after_found > 8) break;
  }
  return best;
}

}  // namespace ariadne::txn
