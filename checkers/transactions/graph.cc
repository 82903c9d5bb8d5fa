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

Graph build_graph(const History& h, const Txns& t, Inferred& inf, bool process, bool realtime,
                  Limits& limits) {
  constexpr const char* kWhat = "building the dependency graph";
  Graph g;
  g.edge_bytes.attach(limits);
  g.arc_bytes.attach(limits);
  std::vector<RawEdge>& edges = inf.edges;
  auto add = [&](uint32_t from, uint32_t to, Edge::Kind kind) {
    return inf.add_edge(order_edge(from, to, kind), kWhat);
  };
  const uint32_t n = static_cast<uint32_t>(t.txns.size());
  g.txn_nodes = g.nodes = n;
  // Room for every order edge at once: at most one process edge per
  // transaction, and for real time one into and one out of each transaction
  // and one between consecutive barriers.
  size_t more = (process ? size_t{n} : 0) + (realtime ? 3 * size_t{n} : 0);
  if (more > 0 && !reserve(inf.edge_bytes, edges, edges.size() + more, kWhat)) return g;
  Charge scratch(limits);
  if (process) {
    std::vector<uint32_t> last;
    if (!assign(scratch, last, t.processes, kNone, kWhat)) return g;
    for (uint32_t i = 0; i < n; ++i) {
      if (!t.txns[i].in_graph) continue;
      uint32_t& prev = last[t.txns[i].process];
      if (prev != kNone && t.txns[prev].status == OpStatus::kOk &&
          !add(prev, i, Edge::Kind::kProcess))
        return g;
      prev = i;
    }
    scratch.release();
  }
  if (realtime) {
    std::vector<int64_t> ends;
    if (!reserve(scratch, ends, n, kWhat)) return g;
    for (uint32_t i = 0; i < n; ++i)
      if (t.txns[i].in_graph && t.txns[i].status == OpStatus::kOk)
        ends.push_back(h.end(h.ops[t.txns[i].op]));
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    const uint32_t b0 = n;
    g.nodes = n + static_cast<uint32_t>(ends.size());
    for (uint32_t j = 0; j + 1 < ends.size(); ++j)
      if (!add(b0 + j, b0 + j + 1, Edge::Kind::kRealtime)) return g;
    for (uint32_t i = 0; i < n; ++i) {
      if (limits.stop()) return g;
      if (!t.txns[i].in_graph) continue;
      const Operation& op = h.ops[t.txns[i].op];
      if (op.status == OpStatus::kOk) {
        auto j = std::lower_bound(ends.begin(), ends.end(), h.end(op)) - ends.begin();
        if (!add(i, b0 + static_cast<uint32_t>(j), Edge::Kind::kRealtime)) return g;
      }
      auto j = std::lower_bound(ends.begin(), ends.end(), h.start(op)) - ends.begin();
      if (j > 0 && !add(b0 + static_cast<uint32_t>(j - 1), i, Edge::Kind::kRealtime)) return g;
    }
    scratch.release();
  }
  // Arcs: a stable counting sort of the edges by `from`.
  if (!assign(g.arc_bytes, g.offset, size_t{g.nodes} + 1, uint32_t{0}, kWhat)) return g;
  for (const RawEdge& e : edges) ++g.offset[e.from + 1];
  for (uint32_t v = 0; v < g.nodes; ++v) g.offset[v + 1] += g.offset[v];
  std::vector<uint32_t> fill;
  if (!reserve(scratch, fill, g.nodes, kWhat) || !reserve(g.arc_bytes, g.arcs, edges.size(), kWhat))
    return g;
  fill.assign(g.offset.begin(), g.offset.end() - 1);
  g.arcs.resize(edges.size());
  for (uint32_t i = 0; i < edges.size(); ++i) {
    if (limits.stop()) return g;
    const RawEdge& e = edges[i];
    g.arcs[fill[e.from]++] = Arc{e.to, i, e.kind};
  }
  g.edges = std::move(edges);
  g.edge_bytes = std::move(inf.edge_bytes);
  return g;
}

Components components(const Graph& g, uint8_t mask, Limits& limits) {
  constexpr const char* kWhat = "finding strongly connected components";
  Components c;
  c.bytes.attach(limits);
  const uint32_t n = g.nodes;
  // The three stacks are reserved whole (each holds at most n), so nothing
  // grows uncharged.
  Charge scratch(limits);
  std::vector<uint32_t> index, low, stack, call_v, call_e;
  std::vector<bool> on_stack;
  if (!assign(c.bytes, c.comp, n, kNone, kWhat) || !assign(scratch, index, n, kNone, kWhat) ||
      !assign(scratch, low, n, uint32_t{0}, kWhat) || !reserve(scratch, stack, n, kWhat) ||
      !reserve(scratch, call_v, n, kWhat) || !reserve(scratch, call_e, n, kWhat) ||
      !assign(scratch, on_stack, n, false, kWhat)) {
    c.comp.clear();
    return c;
  }
  uint32_t next = 0, ncomp = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (limits.stop()) {
      c.nontrivial.clear();
      return c;
    }
    if (index[root] != kNone) continue;
    call_v.push_back(root);
    call_e.push_back(g.offset[root]);
    index[root] = low[root] = next++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!call_v.empty()) {
      if (limits.stop()) {
        c.nontrivial.clear();
        return c;
      }
      uint32_t v = call_v.back();
      uint32_t& ei = call_e.back();
      bool descended = false;
      while (ei < g.offset[v + 1]) {
        const Arc& e = g.arcs[ei++];
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
        if (count > 1) {
          // Charged at twice the ids (the vector's capacity may be double).
          if (!c.bytes.add(2 * sizeof(uint32_t), kWhat)) {
            c.nontrivial.clear();
            return c;
          }
          c.nontrivial.push_back(ncomp);
        }
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
  // ok() is false when `limits` refused the arrays.
  Search(const Graph& g, const Components& c, uint8_t mask, Shape shape, Limits& limits)
      : g_(g),
        c_(c),
        mask_(mask),
        shape_(shape),
        limits_(limits),
        bytes_(limits),
        touched_bytes_(limits) {
    constexpr const char* kWhat = "searching for cycles";
    states_ = static_cast<size_t>(g.nodes) * (shape == Shape::kNonadjacent ? 4 : 1);
    ok_ = assign(bytes_, dist_, states_, kNone, kWhat) &&
          assign(bytes_, parent_, states_, kNone, kWhat);
  }
  bool ok() const { return ok_; }

  // BFS from `b` (reached by a seed edge whose kind set `start_flags`).
  // Returns visited state count; stops early when the limits say so.
  size_t run(uint32_t b, uint32_t start_flags) {
    constexpr const char* kWhat = "searching for cycles";
    constexpr size_t kQueueBlock = 4096;  // the queue is charged a block of states at a time
    for (size_t s : touched_) dist_[s] = parent_[s] = kNone;
    touched_.clear();
    const uint32_t comp = c_.comp[b];
    std::deque<size_t> q;
    Charge queue_bytes(limits_);
    size_t queue_charged = 0;
    size_t s0 = state(b, start_flags);
    dist_[s0] = 0;
    if (!grow(touched_bytes_, touched_, kWhat)) return touched_.size();
    touched_.push_back(s0);
    q.push_back(s0);
    while (!q.empty()) {
      if (limits_.stop()) break;
      if (q.size() > queue_charged) {
        queue_charged += kQueueBlock;
        if (!queue_bytes.add(kQueueBlock * sizeof(size_t), kWhat)) break;
      }
      size_t s = q.front();
      q.pop_front();
      uint32_t v = node(s), f = flags(s);
      uint32_t w8 = v < g_.txn_nodes ? 1 : 0;
      for (uint32_t ai = g_.offset[v]; ai < g_.offset[v + 1]; ++ai) {
        const Arc& e = g_.arcs[ai];
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
        if (dist_[t] == kNone) {
          if (!grow(touched_bytes_, touched_, kWhat)) return touched_.size();
          touched_.push_back(t);
        }
        dist_[t] = nd;
        parent_[t] = e.edge;
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
  Limits& limits_;
  Charge bytes_, touched_bytes_;  // dist_ and parent_; touched_
  bool ok_ = false;
  size_t states_;
  std::vector<uint32_t> dist_, parent_;
  std::vector<size_t> touched_;
};

}  // namespace

std::optional<std::vector<uint32_t>> find_cycle(const Graph& g, const Components& c, uint8_t mask,
                                                Shape shape, uint8_t seed_mask, Limits& limits) {
  constexpr const char* kWhat = "searching for cycles";
  if (c.nontrivial.empty() || limits.stop()) return std::nullopt;
  Charge scratch(limits);
  std::vector<bool> big;
  if (!assign(scratch, big, g.nodes, false, kWhat)) return std::nullopt;
  for (uint32_t id : c.nontrivial) big[id] = true;  // component ids are < nodes
  uint8_t seed_kinds = shape == Shape::kAny ? seed_mask : kRWBit;
  // Seeds: edges of the seed kind inside a nontrivial component, by target.
  std::vector<uint32_t> seeds;
  Charge seed_bytes(limits);
  // In arc order (by `from`, then inferred), which decides among cycles
  // of the same length.
  for (const Arc& arc : g.arcs) {
    const uint32_t ei = arc.edge;
    const RawEdge& e = g.edges[ei];
    if (!(kind_bit(e.kind) & seed_kinds & mask)) continue;
    if (c.comp[e.from] != c.comp[e.to] || !big[c.comp[e.from]]) continue;
    if (!grow(seed_bytes, seeds, kWhat)) return std::nullopt;
    seeds.push_back(ei);
  }
  if (seeds.empty()) return std::nullopt;
  std::stable_sort(seeds.begin(), seeds.end(),
                   [&](uint32_t a, uint32_t b) { return g.edges[a].to < g.edges[b].to; });
  uint8_t walk = shape == Shape::kSingleRW ? uint8_t(mask & ~kRWBit) : mask;
  Search search(g, c, walk, shape, limits);
  if (!search.ok()) return std::nullopt;
  uint32_t start_flags = shape == Shape::kNonadjacent ? 1 : 0;  // the seed was rw; none counted yet
  uint32_t goal_flags = shape == Shape::kNonadjacent ? 2 : 0;
  std::optional<std::vector<uint32_t>> best;
  uint32_t best_len = kNone;
  int tries_after_found = 0;
  for (size_t lo = 0; lo < seeds.size();) {
    size_t hi = lo;
    uint32_t b = g.edges[seeds[lo]].to;
    while (hi < seeds.size() && g.edges[seeds[hi]].to == b) ++hi;
    if (limits.stop_now()) return std::nullopt;
    limits.time().spend(search.run(b, start_flags));
    if (limits.stopped()) return std::nullopt;
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
