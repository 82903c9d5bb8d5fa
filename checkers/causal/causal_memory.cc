// Causal memory's bad patterns, WriteHBInitRead and CyclicHB, on each
// process's happens-before relation.
//
// The paper defines HBo for every operation o: the smallest transitive
// relation that holds CO on o's causal past, and w1 → w2 whenever a read r
// with r ≤po o read from w2 while w1, another write of r's key, is HBo-
// before r. HBo only grows along po, so the HBo of each process's last
// operation decides for the whole process: one relation per process, HBp =
// (CO ∪ E)+ with E the extra write → write edges. (Operations outside that
// last operation's causal past reach nothing inside it, so they may stay.)
//
// Invariants:
//   * A path of HBp ends with a CO path after its last E edge a → w, so
//     the HBp-past of u is its CO-past joined, over the targets w with
//     w ≤CO u, with B(w) = the HBp-pasts of the sources of w's edges. As
//     vector clocks: HB(u) = CO(u) ⊔ ⊔_q PJ_q[#targets of q with pos <
//     CO(u)[q]], where PJ_q[k] joins B over q's first k targets in po.
//     B depends on the sources' HB: a least fixpoint, iterated.
//   * HBp is cyclic iff some edge a → w has w ≤HBp a (CO is acyclic, so a
//     cycle takes an E edge).
//   * E only grows. A round computes HB for p's reads: per process q that
//     writes the read's key, q's last write HBp-before the read is the one
//     that matters (the earlier ones are po-before it). For an initial-
//     value read that is WriteHBInitRead; otherwise an edge to the write
//     read from, unless already implied. No new edge: HBp is complete.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <oneapi/tbb/parallel_for.h>

#include "ariadne/report.h"
#include "causal/patterns.h"
#include "causal/walk.h"

namespace ariadne::causal {

namespace {

inline void join(uint32_t* __restrict c, const uint32_t* __restrict from, uint32_t p) {
  for (uint32_t q = 0; q < p; ++q) c[q] = c[q] > from[q] ? c[q] : from[q];
}

// One process's HBp, from its extra edges.
class View {
 public:
  explicit View(const Graph& g) : g_(g), procs_(g.processes()) {}

  // Adds a → w (justified by read `via`); false if known already.
  bool add(uint32_t a, uint32_t w, uint32_t via) {
    if (!known_.insert(uint64_t{a} << 32 | w).second) return false;
    edges_.push_back({a, w, via});
    return true;
  }
  const std::vector<std::array<uint32_t, 3>>& edges() const { return edges_; }

  // Recomputes targets, B and PJ for the current edges. Returns an edge
  // a → w with w ≤HBp a (a cycle), if there is one.
  std::optional<std::array<uint32_t, 3>> settle() {
    index_targets();
    // Sources, and per edge its source's and target's index.
    std::vector<uint32_t> sources;
    std::unordered_map<uint32_t, uint32_t> source_index;
    std::vector<std::pair<uint32_t, uint32_t>> edge_index;  // (source, target)
    for (const auto& e : edges_) {
      auto [it, fresh] = source_index.try_emplace(e[0], static_cast<uint32_t>(sources.size()));
      if (fresh) sources.push_back(e[0]);
      edge_index.push_back({it->second, target_index_[e[1]]});
    }
    // Per source: the (process, count) of targets CO-before it (fixed).
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> reach(sources.size());
    for (size_t i = 0; i < sources.size(); ++i)
      for (uint32_t q = 0; q < procs_; ++q)
        if (size_t k = targets_below(q, g_.clock(sources[i])[q]))
          reach[i].push_back({q, static_cast<uint32_t>(k)});
    std::vector<uint32_t> hb(sources.size() * procs_);
    for (size_t i = 0; i < sources.size(); ++i)
      std::copy_n(g_.clock(sources[i]), procs_, &hb[i * procs_]);
    prefix_.assign(procs_, {});
    for (uint32_t q = 0; q < procs_; ++q) prefix_[q].assign(targets_[q].size() * procs_, 0);
    std::vector<uint32_t> scratch(procs_);
    // dirty[q]: the first row of PJ_q that changed in this iteration.
    std::vector<size_t> dirty(procs_);
    for (bool changed = true; changed;) {
      std::fill(b_.begin(), b_.end(), 0);
      for (auto [a, w] : edge_index) join(&b_[size_t{w} * procs_], &hb[size_t{a} * procs_], procs_);
      bool any_dirty = build_prefix_joins(dirty);
      changed = false;
      if (!any_dirty) break;
      for (size_t i = 0; i < sources.size(); ++i) {
        bool stale = false;
        for (auto [q, k] : reach[i]) stale |= k > dirty[q];
        if (!stale) continue;
        std::copy_n(g_.clock(sources[i]), procs_, scratch.data());
        for (auto [q, k] : reach[i]) join(scratch.data(), prefix_join(q, k), procs_);
        uint32_t* c = &hb[i * procs_];
        if (!std::equal(scratch.begin(), scratch.end(), c)) {
          std::copy(scratch.begin(), scratch.end(), c);
          changed = true;
        }
      }
    }
    for (size_t e = 0; e < edges_.size(); ++e) {
      const uint32_t* c = &hb[size_t{edge_index[e].first} * procs_];
      uint32_t w = edges_[e][1];
      if (c[g_.proc[w]] > g_.pos[w]) return edges_[e];
    }
    return std::nullopt;
  }

  // HB(u) into out[0, processes). REQUIRES: settle() since the last add().
  void clock_of(uint32_t u, uint32_t* out) const {
    const uint32_t* co = g_.clock(u);
    std::copy_n(co, procs_, out);
    for (uint32_t q = 0; q < procs_; ++q) {
      if (size_t k = targets_below(q, co[q])) join(out, prefix_join(q, k), procs_);
    }
  }

  // Process q's targets in po, and the join of B over the first k (k ≥ 1).
  const std::vector<uint32_t>& targets(uint32_t q) const { return targets_[q]; }
  const uint32_t* prefix_join(uint32_t q, size_t k) const { return &prefix_[q][(k - 1) * procs_]; }

 private:
  void index_targets() {
    targets_.assign(procs_, {});
    target_index_.clear();
    for (const auto& e : edges_)
      if (target_index_.try_emplace(e[1], 0).second) targets_[g_.proc[e[1]]].push_back(e[1]);
    uint32_t next = 0;
    for (auto& t : targets_) {
      std::sort(t.begin(), t.end(), [&](uint32_t a, uint32_t b) { return g_.pos[a] < g_.pos[b]; });
      for (uint32_t w : t) target_index_[w] = next++;
    }
    b_.assign(size_t{next} * procs_, 0);
  }

  // The number of q's targets with pos below `limit`.
  size_t targets_below(uint32_t q, uint32_t limit) const {
    const auto& t = targets_[q];
    if (t.empty()) return 0;
    return std::lower_bound(t.begin(), t.end(), limit,
                            [&](uint32_t w, uint32_t l) { return g_.pos[w] < l; }) -
           t.begin();
  }

  // Rebuilds PJ from B; dirty[q] = the first row that changed (|T_q| if
  // none). Returns whether any row changed.
  bool build_prefix_joins(std::vector<size_t>& dirty) {
    bool any = false;
    std::vector<uint32_t> row(procs_);
    for (uint32_t q = 0; q < procs_; ++q) {
      const auto& t = targets_[q];
      auto& pj = prefix_[q];
      dirty[q] = t.size();
      std::fill(row.begin(), row.end(), 0);
      for (size_t k = 0; k < t.size(); ++k) {
        join(row.data(), &b_[size_t{target_index_[t[k]]} * procs_], procs_);
        uint32_t* old = &pj[k * procs_];
        if (std::equal(row.begin(), row.end(), old)) continue;
        std::copy(row.begin(), row.end(), old);
        if (dirty[q] == t.size()) dirty[q] = k;
        any = true;
      }
    }
    return any;
  }

  const Graph& g_;
  uint32_t procs_;
  std::vector<std::array<uint32_t, 3>> edges_;  // (source, target, via read)
  std::unordered_set<uint64_t> known_;
  std::vector<std::vector<uint32_t>> targets_;  // per process, in po
  std::unordered_map<uint32_t, uint32_t> target_index_;
  std::vector<uint32_t> b_;                    // per target: B(w)
  std::vector<std::vector<uint32_t>> prefix_;  // per process: PJ rows
};

// HB of one process's operations in po, incrementally: along po, CO(u)
// and so each process's count of targets below it only grow, so HB(u) is
// the previous one joined with CO(u) and the prefix joins newly reached.
class ChainWalk {
 public:
  ChainWalk(const View& view, const Graph& g, uint32_t procs)
      : view_(view), g_(g), procs_(procs), cur_(procs, 0), reached_(procs, 0) {}

  // REQUIRES: u after the previous u in po.
  const uint32_t* next(uint32_t u) {
    const uint32_t* co = g_.clock(u);
    join(cur_.data(), co, procs_);
    for (uint32_t q = 0; q < procs_; ++q) {
      const auto& t = view_.targets(q);
      size_t k = reached_[q];
      while (k < t.size() && g_.pos[t[k]] < co[q]) ++k;
      if (k == reached_[q]) continue;
      reached_[q] = k;
      join(cur_.data(), view_.prefix_join(q, k), procs_);
    }
    return cur_.data();
  }

 private:
  const View& view_;
  const Graph& g_;
  uint32_t procs_;
  std::vector<uint32_t> cur_;
  std::vector<size_t> reached_;
};

std::shared_ptr<CausalViolation> make(const Graph& g, uint32_t p, std::string pattern,
                                      std::string summary, const std::vector<Link>& links,
                                      const ExtraEdges& extra) {
  auto v = std::make_shared<CausalViolation>();
  v->pattern = std::move(pattern);
  v->summary = std::move(summary);
  describe_witness(g, links, &extra, *v);
  v->process = g.process_value[p];
  return v;
}

std::shared_ptr<CausalViolation> cyclic_hb(const Graph& g, uint32_t p, const View& view) {
  ExtraEdges extra = ExtraEdges::from_triples(g.size, CausalEdge::Kind::kHb, view.edges());
  std::vector<Link> cycle = shortest_cycle(g, &extra, first_cyclic_component(g, &extra, {}));
  return make(g, p, "CyclicHB",
              "process " + bounded_edn(g.process_value[p]) +
                  "'s reads force an order of writes that contradicts itself: in its view some "
                  "write would have to happen before itself",
              cycle, extra);
}

std::shared_ptr<CausalViolation> write_hb_init_read(const Graph& g, uint32_t p, const View& view,
                                                    uint32_t r) {
  ExtraEdges extra = ExtraEdges::from_triples(g.size, CausalEdge::Kind::kHb, view.edges());
  uint32_t k = g.key[r];
  auto path = shortest_path(
      g, &extra, r, false, [&](uint32_t n) { return g.is_write[n] && g.key[n] == k; },
      [](uint32_t) { return true; });
  return make(g, p, "WriteHBInitRead",
              op_label(g, r) + " returned the initial value, yet in process " +
                  bounded_edn(g.process_value[p]) + "'s view " + op_label(g, path.front().from) +
                  ", a write of the same key, happened before it",
              path, extra);
}

std::shared_ptr<CausalViolation> check_process(const Graph& g, uint32_t p) {
  View view(g);
  uint32_t procs = g.processes();
  std::vector<uint32_t> reads;
  for (uint32_t n : g.chains[p])
    if (!g.is_write[n]) reads.push_back(n);
  // HB of each read in the last round: a read whose HB did not grow has no
  // new candidate.
  std::vector<uint32_t> last(reads.size() * procs, 0);
  std::vector<uint32_t> hb(procs), hb_w(procs);
  for (bool first = true;; first = false) {
    if (view.settle()) return cyclic_hb(g, p, view);
    bool added = false;
    ChainWalk walk(view, g, procs);
    for (size_t i = 0; i < reads.size(); ++i) {
      uint32_t r = reads[i], w = g.rf[r];
      const uint32_t* cur = walk.next(r);
      uint32_t* old = &last[i * procs];
      if (!first && std::equal(cur, cur + procs, old)) continue;
      std::copy_n(cur, procs, old);
      bool w_clock = false;
      for (const WriterGroup& group : g.writers(g.key[r])) {
        uint32_t a = g.last_write_before(group, cur[group.process]);
        if (a == kNone || a == w) continue;
        if (w == kInitial) return write_hb_init_read(g, p, view, r);
        if (g.co_before_eq(a, w)) continue;  // already a → w
        if (!w_clock) {
          view.clock_of(w, hb_w.data());
          w_clock = true;
        }
        if (hb_w[group.process] > g.pos[a]) continue;  // already a → w
        added |= view.add(a, w, r);
      }
    }
    if (!added) return nullptr;
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
