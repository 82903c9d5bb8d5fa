// A bank as a sequential specification for ariadne (ariadne/model.h):
// accounts with balances; a transfer of an amount from one account to
// another, legal when the source holds at least that much; a read of every
// balance at once.
//
// Operations, as recorded:
//   :transfer [from to amount]  ok: it happened; fail: refused, no effect
//   :read nil -> [b0 b1 ...]    every balance, in account order
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ariadne/model.h"

namespace bank {

struct BankModel {
  using State = std::vector<int64_t>;  // balance per account

  int accounts = 4;
  int64_t opening = 100;  // every account's opening balance

  State initial() const { return State(accounts, opening); }

  std::optional<State> step(const State& s, const ariadne::ModelOp& op) const {
    using ariadne::Value;
    if (op.f == Value::keyword("transfer")) {
      auto [from, to, amount] = transfer_of(op.value);
      if (s[from] < amount) return std::nullopt;
      State next = s;
      next[from] -= amount;
      next[to] += amount;
      return next;
    }
    if (op.f == Value::keyword("read")) {
      if (op.crashed) return s;  // a read changes nothing; its result is unknown
      if (op.result.kind() != ariadne::Kind::kVector || op.result.size() != s.size())
        return std::nullopt;
      for (size_t i = 0; i < s.size(); ++i) {
        Value b = op.result.items()[i];
        if (!b.is_int() || b.as_int() != s[i]) return std::nullopt;
      }
      return s;
    }
    throw std::invalid_argument("the bank has no operation " + ariadne::to_edn(op.f));
  }

  size_t hash(const State& s) const {
    size_t h = 1469598103934665603ull;
    for (int64_t b : s) h = (h ^ static_cast<uint64_t>(b)) * 1099511628211ull;
    return h;
  }

  std::string describe(const State& s) const {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? " " : "") + std::to_string(s[i]);
    return out + "]";
  }

  // For minimal counterexamples: a read "reads" each account whose balance
  // is not the opening one, and a transfer "writes" both its accounts. So a
  // counterexample keeps, for each account a read shows changed, a
  // transfer that touched it.
  void effects(const ariadne::ModelOp& op, ariadne::ModelEffects& out) const {
    using ariadne::Value;
    if (op.f == Value::keyword("transfer")) {
      auto [from, to, amount] = transfer_of(op.value);
      out.writes.push_back(Value::integer(from));
      out.writes.push_back(Value::integer(to));
    } else if (op.f == Value::keyword("read") && op.result.kind() == ariadne::Kind::kVector) {
      auto items = op.result.items();
      for (size_t i = 0; i < items.size(); ++i)
        if (!(items[i].is_int() && items[i].as_int() == opening))
          out.reads.push_back(Value::integer(static_cast<int64_t>(i)));
    }
  }

 private:
  struct Transfer {
    size_t from, to;
    int64_t amount;
  };
  Transfer transfer_of(ariadne::Value v) const {
    using ariadne::Kind;
    if (v.kind() != Kind::kVector || v.size() != 3)
      throw std::invalid_argument("a transfer takes [from to amount]");
    auto items = v.items();
    for (auto x : items)
      if (!x.is_int()) throw std::invalid_argument("a transfer takes three integers");
    int64_t from = items[0].as_int(), to = items[1].as_int();
    if (from < 0 || to < 0 || from >= accounts || to >= accounts)
      throw std::invalid_argument("no such account");
    return {static_cast<size_t>(from), static_cast<size_t>(to), items[2].as_int()};
  }
};

}  // namespace bank
