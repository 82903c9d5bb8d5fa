// Many independent objects checked as one (sequential consistency is not
// compositional, so a keyed history is one object there). The state is
// [len_0 .. len_{K-1}, state_0 ..., state_1 ..., ...]: each key's own
// state, in slot order, prefixed by the lengths.
#pragma once

#include <unordered_map>

#include "linearizability/model.h"

namespace ariadne::lin {

template <class Inner>
class KeyedModel {
 public:
  static constexpr bool kNondeterministic = Inner::kNondeterministic;

  explicit KeyedModel(Inner inner) : inner_(std::move(inner)) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) {
    Prepared p = inner_.prepare(h, op, out, why);
    if (p != Prepared::kKeep) return p;
    Value key = h.has_key(op) ? h.key(op) : Value();
    auto [it, fresh] = slots_.try_emplace(key, static_cast<uint32_t>(keys_.size()));
    if (fresh) keys_.push_back(key);
    out.slot = it->second;
    return p;
  }

  // Each key starts where Inner::initial_of_key puts it, when Inner has
  // per-key initial values; else every key at Inner::initial.
  void initial(State& out) const {
    State one;
    inner_.initial(one);
    out.clear();
    std::vector<State> each(keys_.size(), one);
    if constexpr (requires(Value k, State & s) { inner_.initial_of_key(k, s); })
      for (size_t k = 0; k < keys_.size(); ++k) inner_.initial_of_key(keys_[k], each[k]);
    for (const State& s : each) out.push_back(s.size());
    for (const State& s : each) out.insert(out.end(), s.begin(), s.end());
  }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    size_t k = keys_.size();
    size_t offset = k;
    for (size_t i = 0; i < op.slot; ++i) offset += s[i];
    size_t len = s[op.slot];
    thread_local State inner_out;
    if (!inner_.step(s.subspan(offset, len), op, alt, inner_out)) return false;
    out.assign(s.begin(), s.begin() + offset);
    out[op.slot] = inner_out.size();
    out.insert(out.end(), inner_out.begin(), inner_out.end());
    out.insert(out.end(), s.begin() + offset + len, s.end());
    return true;
  }

  std::string describe(Words s) const {
    std::string out = "{";
    size_t offset = keys_.size();
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (i > 0) out += ", ";
      append_edn(out, keys_[i]);
      out += ' ';
      out += inner_.describe(s.subspan(offset, s[i]));
      offset += s[i];
    }
    return out + "}";
  }

 private:
  Inner inner_;
  std::unordered_map<Value, uint32_t, ValueHash> slots_;
  std::vector<Value> keys_;
};

}  // namespace ariadne::lin
