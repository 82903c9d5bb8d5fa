#include "convergence/causality.h"

#include <algorithm>
#include <unordered_map>

namespace ariadne::convergence {

namespace {

constexpr uint32_t kAmbiguous = UINT32_MAX;

}  // namespace

void Causality::edges(const History& h, const Objects& objects) {
  size_t n = h.ops.size();
  process_.assign(n, 0);
  position_.assign(n, 0);
  readers_.assign(n, {});
  std::unordered_map<Value, uint32_t, ValueHash> processes, last;
  for (uint32_t i = 0; i < n; ++i) last[h.process(h.ops[i])] = i;
  for (uint32_t i = 0; i < n; ++i) {
    // A crashed op followed by another of its process may have taken effect
    // after it, or never: it precedes none of them (a process of its own),
    // as in the linearizable, sequential and causal checks.
    const Operation& op = h.ops[i];
    if (op.status == OpStatus::kCrashed && last[h.process(op)] != i) {
      process_[i] = static_cast<uint32_t>(by_process_.size());
      position_[i] = 0;
      by_process_.push_back({i});
      continue;
    }
    auto [it, fresh] =
        processes.try_emplace(h.process(h.ops[i]), static_cast<uint32_t>(by_process_.size()));
    if (fresh) by_process_.emplace_back();
    process_[i] = it->second;
    position_[i] = static_cast<uint32_t>(by_process_[it->second].size());
    by_process_[it->second].push_back(i);
  }
  // Objects hold the writes that did not fail and the ok reads, per key.
  std::unordered_map<Value, uint32_t, ValueHash> writer;  // value -> op
  for (const Object& obj : objects.objects) {
    writer.clear();
    for (const Update& u : obj.updates) {
      auto [w, first] = writer.try_emplace(u.element, u.op);
      if (!first) w->second = kAmbiguous;
    }
    auto read_from = [&](Value v, uint32_t op) {
      auto w = writer.find(v);
      if (w != writer.end() && w->second != kAmbiguous && w->second != op)
        readers_[w->second].push_back(op);
    };
    for (const Read& r : obj.reads) read_from(r.value, r.op);
    for (const Update& u : obj.updates)
      if (u.cas) read_from(u.expected, u.op);
  }
  // Readers in history order, so every walk is deterministic.
  for (std::vector<uint32_t>& rs : readers_) std::sort(rs.begin(), rs.end());
}

uint32_t Causality::next_in_process(uint32_t op) const {
  const std::vector<uint32_t>& ops = by_process_[process_[op]];
  return position_[op] + 1 < ops.size() ? ops[position_[op] + 1] : UINT32_MAX;
}

// Kahn's algorithm over po ∪ rf; false when some op lies on a cycle.
bool Causality::topological_order(std::vector<uint32_t>& order) const {
  size_t n = process_.size();
  std::vector<uint32_t> indegree(n, 0);
  for (uint32_t op = 0; op < n; ++op) {
    if (uint32_t next = next_in_process(op); next != UINT32_MAX) ++indegree[next];
    for (uint32_t r : readers_[op]) ++indegree[r];
  }
  order.clear();
  order.reserve(n);
  for (uint32_t op = 0; op < n; ++op)
    if (indegree[op] == 0) order.push_back(op);
  for (size_t i = 0; i < order.size(); ++i) {
    uint32_t op = order[i];
    auto release = [&](uint32_t to) {
      if (--indegree[to] == 0) order.push_back(to);
    };
    if (uint32_t next = next_in_process(op); next != UINT32_MAX) release(next);
    for (uint32_t r : readers_[op]) release(r);
  }
  return order.size() == n;
}

void Causality::sweep(const std::vector<uint32_t>& order, const std::vector<uint32_t>& candidates,
                      const std::vector<const Object*>& object_of) {
  size_t n = order.size();
  std::vector<uint32_t> rank(n);
  for (uint32_t i = 0; i < n; ++i) rank[order[i]] = i;
  std::vector<uint32_t> by_rank(candidates.size());
  for (uint32_t i = 0; i < by_rank.size(); ++i) by_rank[i] = i;
  std::sort(by_rank.begin(), by_rank.end(),
            [&](uint32_t a, uint32_t b) { return rank[candidates[a]] < rank[candidates[b]]; });
  // bits[op]: the batch's candidates that happened strictly before op.
  std::vector<uint64_t> bits(n, 0), own(n, 0);
  for (size_t first = 0; first < by_rank.size(); first += 64) {
    size_t last = std::min(by_rank.size(), first + 64);
    uint32_t from = rank[candidates[by_rank[first]]];
    for (size_t k = first; k < last; ++k) own[candidates[by_rank[k]]] |= uint64_t{1} << (k - first);
    for (uint32_t i = from; i < n; ++i) bits[order[i]] = 0;
    for (uint32_t i = from; i < n; ++i) {
      uint32_t op = order[i];
      uint64_t out = bits[op] | own[op];
      if (out == 0) continue;
      if (uint32_t next = next_in_process(op); next != UINT32_MAX) bits[next] |= out;
      for (uint32_t r : readers_[op]) bits[r] |= out;
    }
    for (size_t k = first; k < last; ++k) {
      uint32_t c = candidates[by_rank[k]];
      own[c] = 0;
      std::vector<uint32_t>& reached = after_[c];
      for (const Update& u : object_of[by_rank[k]]->updates)  // ranks below `from`: stale bits
        if (rank[u.op] >= from && (bits[u.op] >> (k - first)) & 1) reached.push_back(u.op);
    }
  }
}

void Causality::search(const std::vector<uint32_t>& candidates,
                       const std::vector<const Object*>& object_of) {
  std::vector<uint32_t> first(by_process_.size());
  std::vector<std::pair<uint32_t, uint32_t>> stack;  // (process, from position)
  for (size_t c = 0; c < candidates.size(); ++c) {
    uint32_t op = candidates[c];
    // first[p]: the first position of process p that op happened before.
    std::fill(first.begin(), first.end(), UINT32_MAX);
    stack.assign({{process_[op], position_[op] + 1}});
    for (uint32_t r : readers_[op]) stack.push_back({process_[r], position_[r]});
    while (!stack.empty()) {
      auto [p, from] = stack.back();
      stack.pop_back();
      const std::vector<uint32_t>& ops = by_process_[p];
      uint32_t until = std::min<uint32_t>(first[p], static_cast<uint32_t>(ops.size()));
      if (from >= until) continue;
      first[p] = from;
      for (uint32_t k = from; k < until; ++k)
        for (uint32_t r : readers_[ops[k]]) stack.push_back({process_[r], position_[r]});
    }
    std::vector<uint32_t>& reached = after_[op];
    for (const Update& u : object_of[c]->updates)
      if (position_[u.op] >= first[process_[u.op]]) reached.push_back(u.op);
  }
}

Causality::Causality(const History& h, const Objects& objects, bool plain) {
  edges(h, objects);
  // Candidates: updates whose value a final read of their object returned.
  std::vector<uint32_t> candidates;
  std::vector<const Object*> object_of;
  for (const Object& obj : objects.objects) {
    std::unordered_map<Value, bool, ValueHash> final_values;
    for (const Read& r : obj.reads)
      if (r.final) final_values[r.value] = true;
    for (const Update& u : obj.updates)
      if (final_values.count(u.element)) {
        candidates.push_back(u.op);
        object_of.push_back(&obj);
        after_[u.op];
      }
  }
  std::vector<uint32_t> order;
  swept_ = !plain && topological_order(order);
  if (swept_)
    sweep(order, candidates, object_of);
  else
    search(candidates, object_of);
  for (auto& [op, reached] : after_) std::sort(reached.begin(), reached.end());
}

const std::vector<uint32_t>& Causality::after(uint32_t candidate) const {
  static const std::vector<uint32_t> kNone;
  auto it = after_.find(candidate);
  return it == after_.end() ? kNone : it->second;
}

}  // namespace ariadne::convergence
