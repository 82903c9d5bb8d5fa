#include "causal/walk.h"

#include <algorithm>
#include <deque>
#include "ariadne/report.h"

namespace ariadne::causal {

namespace {

// Neighbours of n by index, so that iterative walks can resume: the po
// neighbour, then rf neighbours, then extra edges.
uint32_t degree(const Graph& g, const ExtraEdges* extra, uint32_t n, bool forward) {
  uint32_t d = 0;
  if (forward) {
    d += g.po_next(n) != kNone;
    if (g.is_write[n]) d += static_cast<uint32_t>(g.readers_of(n).size());
    if (extra && !extra->out_begin.empty()) d += extra->out_begin[n + 1] - extra->out_begin[n];
  } else {
    d += g.pos[n] > 0;
    d += !g.is_write[n] && g.rf[n] != kInitial;
    if (extra && !extra->in_begin.empty()) d += extra->in_begin[n + 1] - extra->in_begin[n];
  }
  return d;
}

Step neighbor(const Graph& g, const ExtraEdges* extra, uint32_t n, bool forward, uint32_t i) {
  if (forward) {
    uint32_t next = g.po_next(n);
    if (next != kNone) {
      if (i == 0) return {next, CausalEdge::Kind::kPo, kNone};
      --i;
    }
    if (g.is_write[n]) {
      auto readers = g.readers_of(n);
      if (i < readers.size()) return {readers[i], CausalEdge::Kind::kRf, kNone};
      i -= static_cast<uint32_t>(readers.size());
    }
    const auto& e = extra->out[extra->out_begin[n] + i];
    return {e.other, extra->kind, e.via};
  }
  if (g.pos[n] > 0) {
    if (i == 0) return {g.po_prev(n), CausalEdge::Kind::kPo, kNone};
    --i;
  }
  if (!g.is_write[n] && g.rf[n] != kInitial) {
    if (i == 0) return {g.rf[n], CausalEdge::Kind::kRf, kNone};
    --i;
  }
  const auto& e = extra->in[extra->in_begin[n] + i];
  return {e.other, extra->kind, e.via};
}

std::vector<Link> trace_back(const std::vector<Link>& parent, uint32_t start, uint32_t end) {
  std::vector<Link> path;
  for (uint32_t n = end; n != start;) {
    path.push_back(parent[n]);
    n = parent[n].from;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace

ExtraEdges ExtraEdges::from_triples(uint32_t nodes, CausalEdge::Kind kind,
                                    const std::vector<std::array<uint32_t, 3>>& triples) {
  ExtraEdges e;
  e.kind = kind;
  e.out_begin.assign(nodes + 1, 0);
  e.in_begin.assign(nodes + 1, 0);
  for (const auto& t : triples) {
    ++e.out_begin[t[0] + 1];
    ++e.in_begin[t[1] + 1];
  }
  for (uint32_t n = 0; n < nodes; ++n) {
    e.out_begin[n + 1] += e.out_begin[n];
    e.in_begin[n + 1] += e.in_begin[n];
  }
  e.out.resize(triples.size());
  e.in.resize(triples.size());
  std::vector<uint32_t> fo(e.out_begin.begin(), e.out_begin.end() - 1);
  std::vector<uint32_t> fi(e.in_begin.begin(), e.in_begin.end() - 1);
  for (const auto& t : triples) {
    e.out[fo[t[0]]++] = {t[1], t[2]};
    e.in[fi[t[1]]++] = {t[0], t[2]};
  }
  return e;
}

void for_each_next(const Graph& g, const ExtraEdges* extra, uint32_t n, bool forward,
                   const std::function<void(const Step&)>& f) {
  uint32_t d = degree(g, extra, n, forward);
  for (uint32_t i = 0; i < d; ++i) f(neighbor(g, extra, n, forward, i));
}

std::vector<uint32_t> first_cyclic_component(const Graph& g, const ExtraEdges* extra,
                                             const std::vector<uint8_t>& in_scope) {
  auto scoped = [&](uint32_t n) { return in_scope.empty() || in_scope[n]; };
  std::vector<uint32_t> index(g.size, kNone), low(g.size, 0);
  std::vector<uint8_t> on_stack(g.size, 0);
  std::vector<uint32_t> stack;
  std::vector<std::pair<uint32_t, uint32_t>> calls;  // node, next neighbour
  std::vector<uint32_t> best;
  uint32_t counter = 0;
  auto enter = [&](uint32_t n) {
    index[n] = low[n] = counter++;
    stack.push_back(n);
    on_stack[n] = 1;
    calls.push_back({n, 0});
  };
  for (uint32_t s = 0; s < g.size; ++s) {
    if (!scoped(s) || index[s] != kNone) continue;
    enter(s);
    while (!calls.empty()) {
      uint32_t v = calls.back().first;
      uint32_t i = calls.back().second;
      if (i < degree(g, extra, v, true)) {
        ++calls.back().second;
        uint32_t w = neighbor(g, extra, v, true, i).node;
        if (!scoped(w)) continue;
        if (index[w] == kNone)
          enter(w);
        else if (on_stack[w])
          low[v] = std::min(low[v], index[w]);
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<uint32_t> component;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = 0;
        component.push_back(w);
      } while (w != v);
      if (component.size() < 2) continue;
      std::sort(component.begin(), component.end());
      if (best.empty() || component[0] < best[0]) best = std::move(component);
    }
  }
  return best;
}

namespace {

// A 0-1 breadth-first search: a po step costs 0 (po is one fact, however
// many operations of the process it passes), any other edge 1. Nodes are
// settled in nondecreasing cost; settle(v) returning true stops it. Only
// nodes with allowed(n) are entered. cost and parent must have g.size
// entries, cost all kNone; touched collects the entries it wrote.
template <class Allowed, class Settle>
void zero_one_bfs(const Graph& g, const ExtraEdges* extra, uint32_t root, bool forward,
                  const Allowed& allowed, const Settle& settle, std::vector<uint32_t>& cost,
                  std::vector<Link>& parent, std::vector<uint8_t>& done,
                  std::vector<uint32_t>& touched) {
  std::deque<uint32_t> queue{root};
  cost[root] = 0;
  touched.push_back(root);
  while (!queue.empty()) {
    uint32_t v = queue.front();
    queue.pop_front();
    if (done[v]) continue;
    done[v] = 1;
    if (settle(v)) return;
    uint32_t d = degree(g, extra, v, forward);
    for (uint32_t i = 0; i < d; ++i) {
      Step st = neighbor(g, extra, v, forward, i);
      if (done[st.node] || !allowed(st.node)) continue;
      uint32_t w = st.kind == CausalEdge::Kind::kPo ? 0 : 1;
      uint32_t c = cost[v] + w;
      if (cost[st.node] != kNone && cost[st.node] <= c) continue;
      if (cost[st.node] == kNone) touched.push_back(st.node);
      cost[st.node] = c;
      parent[st.node] =
          forward ? Link{v, st.node, st.kind, st.via} : Link{st.node, v, st.kind, st.via};
      if (w == 0)
        queue.push_front(st.node);
      else
        queue.push_back(st.node);
    }
  }
}

}  // namespace

std::vector<Link> shortest_cycle(const Graph& g, const ExtraEdges* extra,
                                 const std::vector<uint32_t>& component) {
  std::vector<uint8_t> inside(g.size, 0), done(g.size, 0);
  for (uint32_t n : component) inside[n] = 1;
  std::vector<uint32_t> cost(g.size, kNone);
  std::vector<Link> parent(g.size);
  std::vector<Link> best;
  uint32_t best_cost = kNone;
  size_t starts = component.size() <= 200 ? component.size() : 4;
  for (size_t k = 0; k < starts; ++k) {
    uint32_t s = component[k];
    std::vector<uint32_t> touched;
    // The cheapest edge back into s from a settled node closes the cycle.
    uint32_t found_cost = kNone;
    Link closing{};
    auto settle = [&](uint32_t v) {
      if (found_cost != kNone && cost[v] >= found_cost) return true;
      uint32_t d = degree(g, extra, v, true);
      for (uint32_t i = 0; i < d; ++i) {
        Step st = neighbor(g, extra, v, true, i);
        if (st.node != s) continue;
        uint32_t c = cost[v] + (st.kind == CausalEdge::Kind::kPo ? 0 : 1);
        if (c < found_cost) {
          found_cost = c;
          closing = {v, s, st.kind, st.via};
        }
      }
      return false;
    };
    zero_one_bfs(
        g, extra, s, true, [&](uint32_t n) { return inside[n] != 0; }, settle, cost, parent, done,
        touched);
    if (found_cost != kNone && found_cost < best_cost) {
      best = trace_back(parent, s, closing.from);
      best.push_back(closing);
      best_cost = found_cost;
    }
    for (uint32_t n : touched) {
      cost[n] = kNone;
      done[n] = 0;
    }
  }
  return best;
}

std::vector<Link> shortest_path(const Graph& g, const ExtraEdges* extra, uint32_t from,
                                bool forward, const std::function<bool(uint32_t)>& target,
                                const std::function<bool(uint32_t)>& allowed) {
  BfsTree t;
  t.root = from;
  t.forward = forward;
  t.dist.assign(g.size, kNone);
  t.parent.resize(g.size);
  std::vector<uint8_t> done(g.size, 0);
  std::vector<uint32_t> touched;
  uint32_t found = kNone;
  zero_one_bfs(
      g, extra, from, forward, allowed,
      [&](uint32_t v) {
        if (v == from || !target(v)) return false;
        found = v;
        return true;
      },
      t.dist, t.parent, done, touched);
  return found == kNone ? std::vector<Link>{} : t.path(found);
}

BfsTree bfs(const Graph& g, const ExtraEdges* extra, uint32_t root, bool forward,
            const std::function<bool(uint32_t)>& allowed) {
  BfsTree t;
  t.root = root;
  t.forward = forward;
  t.dist.assign(g.size, kNone);
  t.parent.resize(g.size);
  std::vector<uint8_t> done(g.size, 0);
  std::vector<uint32_t> touched;
  zero_one_bfs(
      g, extra, root, forward, allowed, [](uint32_t) { return false; }, t.dist, t.parent, done,
      touched);
  return t;
}

std::vector<Link> BfsTree::path(uint32_t n) const {
  std::vector<Link> out;
  while (n != root) {
    out.push_back(parent[n]);
    n = forward ? parent[n].from : parent[n].to;
  }
  if (forward) std::reverse(out.begin(), out.end());
  return out;
}

namespace {

// Merges runs of po links (a → b → c in one process is the one fact a → c)
// unless the operation in between is in `keep`.
std::vector<Link> merge_po(const std::vector<Link>& links, std::initializer_list<uint32_t> keep) {
  std::vector<Link> out;
  for (const Link& l : links) {
    bool kept = std::find(keep.begin(), keep.end(), l.from) != keep.end();
    if (!out.empty() && l.kind == CausalEdge::Kind::kPo &&
        out.back().kind == CausalEdge::Kind::kPo && !kept)
      out.back().to = l.to;
    else
      out.push_back(l);
  }
  return out;
}

std::string chain_text(const Graph& g, const std::vector<Link>& chain) {
  if (chain.empty()) return "";
  std::string out = " (" + op_label(g, chain.front().from);
  for (const Link& l : chain)
    out += " → " + op_label(g, l.to) + " (" + std::string(causal_edge_kind_name(l.kind)) + ")";
  return out + ")";
}

}  // namespace

void describe_witness(const Graph& g, const std::vector<Link>& all_links, const ExtraEdges* extra,
                      CausalViolation& v, std::initializer_list<uint32_t> keep) {
  std::vector<Link> links = merge_po(all_links, keep);
  std::vector<uint32_t> nodes;
  auto add_ops = [&](const Link& l) {
    nodes.push_back(l.from);
    nodes.push_back(l.to);
    if (l.via != kNone) nodes.push_back(l.via);
  };
  for (const Link& l : links) {
    add_ops(l);
    CausalEdge e;
    e.kind = l.kind;
    e.from = g.op[l.from];
    e.to = g.op[l.to];
    std::string a = op_label(g, l.from), b = op_label(g, l.to);
    std::string arrow = ", so " + a + " → " + b;
    if (l.kind == CausalEdge::Kind::kPo) {
      e.why = a + " comes before " + b + " in process " +
              bounded_edn(g.process_value[g.proc[l.from]]) + "'s order (po)";
    } else if (l.kind == CausalEdge::Kind::kRf) {
      e.why = b + " read the value written by " + a + arrow + " (rf)";
    } else {
      e.via = g.op[l.via];
      bool cf = l.kind == CausalEdge::Kind::kCf;
      uint32_t via = l.via;
      // The chain that made the edge: it does not go through the edge's
      // own target (else the edge would have been implied, not added).
      uint32_t to = l.to;
      std::vector<Link> chain = shortest_path(
          g, cf ? nullptr : extra, l.from, true, [&](uint32_t n) { return n == via; },
          [&](uint32_t n) { return n != to && (!cf || g.co_before_eq(n, via)); });
      if (chain.empty())
        chain = shortest_path(
            g, cf ? nullptr : extra, l.from, true, [&](uint32_t n) { return n == via; },
            [&](uint32_t n) { return !cf || g.co_before_eq(n, via); });
      chain = merge_po(chain, {});
      for (const Link& c : chain) add_ops(c);
      std::string r = op_label(g, via);
      if (cf)
        e.why = r + " read the value written by " + b + " while " + a + " was causally before it" +
                chain_text(g, chain) + ": every replica must apply " + a + " first" + arrow +
                " (cf)";
      else
        e.why = r + " read the value written by " + b + " while " + a +
                " already happened before it in process " +
                bounded_edn(g.process_value[g.proc[via]]) + "'s view" + chain_text(g, chain) +
                arrow + " (hb)";
    }
    v.edges.push_back(std::move(e));
  }
  // Each read's write too, so that the witness stands alone.
  for (size_t i = 0, n = nodes.size(); i < n; ++i)
    if (g.is_read(nodes[i]) && g.rf[nodes[i]] != kInitial) nodes.push_back(g.rf[nodes[i]]);
  std::vector<uint32_t> ops;
  for (uint32_t n : nodes) ops.push_back(g.op[n]);
  std::sort(ops.begin(), ops.end());
  ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
  v.ops = std::move(ops);
}

}  // namespace ariadne::causal
