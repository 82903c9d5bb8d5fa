#include "convergence/causality.h"

#include <algorithm>
#include <unordered_map>

namespace ariadne::convergence {

namespace {

bool f_is(Value f, std::initializer_list<std::string_view> names) {
  if (!f.is_text()) return false;
  for (std::string_view n : names)
    if (f.as_text() == n) return true;
  return false;
}

struct PairHash {
  size_t operator()(const std::pair<Value, Value>& p) const {
    return ValueHash()(p.first) * 1000003u ^ ValueHash()(p.second);
  }
};

constexpr uint32_t kAmbiguous = UINT32_MAX;

}  // namespace

Causality::Causality(const History& h)
    : process_(h.ops.size()), position_(h.ops.size()), readers_(h.ops.size()) {
  bool keyed = !h.ops.empty() && std::all_of(h.ops.begin(), h.ops.end(),
                                             [&](const Operation& op) { return h.has_key(op); });
  std::unordered_map<Value, uint32_t, ValueHash> processes;
  std::unordered_map<std::pair<Value, Value>, uint32_t, PairHash> writer;  // (key, value) -> op
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    auto [it, fresh] =
        processes.try_emplace(h.process(op), static_cast<uint32_t>(by_process_.size()));
    if (fresh) by_process_.emplace_back();
    process_[i] = it->second;
    position_[i] = static_cast<uint32_t>(by_process_[it->second].size());
    by_process_[it->second].push_back(i);
    if (op.status == OpStatus::kFail) continue;
    Value f = h.f(op), arg = h.argument(op), written;
    bool writes = false;
    if (f_is(f, {"write", "put"})) {
      writes = true;
      written = arg;
    } else if (f_is(f, {"cas"}) && arg.kind() == Kind::kVector && arg.size() == 2) {
      writes = true;
      written = arg.items()[1];
    }
    if (!writes) continue;
    auto [w, first] = writer.try_emplace({keyed ? h.key(op) : Value(), written}, i);
    if (!first) w->second = kAmbiguous;
  }
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    Value f = h.f(op), read;
    if (f_is(f, {"read", "get"}) && op.status == OpStatus::kOk) {
      read = h.result(op);
    } else if (f_is(f, {"cas"}) && op.status != OpStatus::kFail) {
      Value arg = h.argument(op);
      if (arg.kind() != Kind::kVector || arg.size() != 2) continue;
      read = arg.items()[0];
    } else {
      continue;
    }
    auto w = writer.find({keyed ? h.key(op) : Value(), read});
    if (w != writer.end() && w->second != kAmbiguous && w->second != i)
      readers_[w->second].push_back(i);
  }
}

std::vector<uint32_t> Causality::reach(uint32_t op) const {
  std::vector<uint32_t> first(by_process_.size(), UINT32_MAX);
  // Each entry: a process and the position from which it is reached.
  std::vector<std::pair<uint32_t, uint32_t>> stack{{process_[op], position_[op] + 1}};
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
  return first;
}

}  // namespace ariadne::convergence
