// A deliberately plain linearizability and sequential-consistency checker,
// written apart from checkers/linearizability (it shares no code with it,
// not even the models), to test that one against on small histories.
//
// Definitions (SPEC section 3), for histories of at most ~8 operations:
//  * fail operations certainly did not happen: they are dropped;
//  * linearizable: there are a subset S of the crashed operations and a
//    total order of (ok operations ∪ S) that respects real time — a before b
//    iff a.end < b.start, where a crashed operation has end = +infinity —
//    and that is legal for the model's sequential specification;
//  * sequential: the same, with each process's order (order of invocation)
//    in place of real time, where a crashed operation, like one that never
//    ends in real time, precedes nothing (it may take effect after its
//    process's later operations, or never).
// A history whose operations name keys is one object made of independent
// objects of the model, one per key; both orders are still one order of the
// whole history (for linearizability that is the same as one per key, which
// is what ariadne checks; for sequential consistency it is not).
//
// How: a depth-first enumeration of every order, one operation at a time.
// An operation may come next iff every ok operation that must precede it is
// already placed and no operation already placed must follow it. The search succeeds when every ok
// operation is placed; crashed operations never placed did not happen. There is no cache and no
// pruning beyond "the prefix is legal": it is exponential, and meant to be obviously right rather
// than fast.
//
// A crashed operation's result is unknown, so the specification lets it
// produce any result it could: its successors are those of every possible
// outcome (a crashed read changes nothing; a crashed dequeue of an
// unordered queue may have taken any element, and so on).
//
// Thread safety: plain functions over values; no shared state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace reference {

// The registry's models (checkers/models/) this reference has its own
// specification of; the property tests compare the checker with it on these
// and say which registered models it lacks.
inline bool knows(const std::string& model) {
  for (const char* m : {"register", "cas-register", "kv", "counter", "set", "fifo-queue",
                        "unordered-queue", "stack", "mutex", "list-append"})
    if (model == m) return true;
  return false;
}

enum class Status { kOk, kFail, kCrashed };

constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max();

// One operation, with its outcome. Values are small integers or nil
// (std::nullopt).
struct Op {
  int process = 0;
  std::string f;                  // read, write, cas, add, remove, enqueue, dequeue, push, pop,
                                  // acquire, release, append
  int key = -1;                   // index of the key (0, 1, ...); -1: the history has no keys
  int64_t arg = 0;                // write, add, remove, enqueue, push: the argument; cas: expected
  int64_t arg2 = 0;               // cas: the new value
  std::optional<int64_t> result;  // ok read, dequeue, pop: what it returned (nullopt: nil)
  std::vector<int64_t> elements;  // ok set or list-append read: the elements, as returned
  Status status = Status::kOk;
  int64_t start = 0;  // real time of the invocation
  int64_t end = 0;    // real time of the completion; kInfinity when crashed
  int64_t order = 0;  // position of the invocation: orders a process's operations
};

// One object's state: a list of integers whose meaning the model fixes.
// nil is kNil.
using State = std::vector<int64_t>;
constexpr int64_t kNil = std::numeric_limits<int64_t>::min();

// The state of a history's objects: one State per key (one in all when the
// history has no keys). Keys are independent objects of the same model.
using States = std::vector<State>;

inline int64_t from_optional(const std::optional<int64_t>& v) { return v ? *v : kNil; }

// The sequential specifications.
struct Spec {
  std::string model;               // kv is a cas-register per key
  std::optional<int64_t> initial;  // register, cas-register, kv
  int keys = 1;                    // objects: operations name them by Op::key (-1 is 0)
  // Knossos' nil reads: an ok register read of nil matches every state.
  bool nil_reads_any = false;
  // kv: each key's initial value (kNil for nil), in key order; empty: `initial`.
  std::vector<int64_t> key_initial = {};

  State initial_state() const {
    if (model == "register" || model == "cas-register" || model == "kv")
      return {from_optional(initial)};
    if (model == "counter" || model == "mutex") return {0};
    return {};  // set, queues, stack, list-append: empty
  }

  States initial_states() const {
    States out(static_cast<size_t>(keys), initial_state());
    for (size_t k = 0; k < key_initial.size() && k < out.size(); ++k) out[k] = {key_initial[k]};
    return out;
  }

  // Every state `op` can lead the objects to from `s`; empty when op cannot
  // happen in s.
  std::vector<States> next(const States& s, const Op& op) const {
    const size_t k = op.key < 0 ? 0 : static_cast<size_t>(op.key);
    std::vector<States> out;
    for (State& one : next(s[k], op)) {
      States t = s;
      t[k] = std::move(one);
      out.push_back(std::move(t));
    }
    return out;
  }

  // The same for one object.
  std::vector<State> next(const State& s, const Op& op) const {
    const bool crashed = op.status == Status::kCrashed;
    std::vector<State> out;
    if (model == "register" || model == "cas-register" || model == "kv") {
      if (op.f == "read") {
        if (crashed || (nil_reads_any && !op.result) || s[0] == from_optional(op.result))
          out.push_back(s);
      } else if (op.f == "write") {
        out.push_back({op.arg});
      } else if (op.f == "cas") {
        if (s[0] == op.arg) out.push_back({op.arg2});  // swapped
        if (crashed) out.push_back(s);                 // or it found another value: no effect
      }
    } else if (model == "counter") {
      if (op.f == "add") out.push_back({s[0] + op.arg});
      if (op.f == "read" && (crashed || op.result == s[0])) out.push_back(s);
    } else if (model == "set") {
      State t = s;  // sorted, no duplicates
      if (op.f == "add") {
        if (!std::binary_search(t.begin(), t.end(), op.arg)) t.push_back(op.arg);
        std::sort(t.begin(), t.end());
        out.push_back(t);
      } else if (op.f == "remove") {
        t.erase(std::remove(t.begin(), t.end(), op.arg), t.end());
        out.push_back(t);
      } else if (op.f == "read") {
        // A read returns each element exactly once, in any order.
        std::vector<int64_t> read = op.elements;
        std::sort(read.begin(), read.end());
        if (crashed || read == s) out.push_back(s);
      }
    } else if (model == "kv-append") {
      // kv with string values made of one-character pieces: the state is
      // the list of pieces; a write or cas sets one piece.
      if (op.f == "append") {
        State t = s;
        t.push_back(op.arg);
        out.push_back(t);
      } else if (op.f == "write") {
        out.push_back({op.arg});
      } else if (op.f == "cas") {
        if (s == State{op.arg}) out.push_back({op.arg2});
        if (crashed) out.push_back(s);
      } else if (op.f == "read" && (crashed || op.elements == s)) {
        out.push_back(s);
      }
    } else if (model == "list-append") {
      if (op.f == "append") {
        State t = s;
        t.push_back(op.arg);
        out.push_back(t);
      } else if (op.f == "read" && (crashed || op.elements == s)) {
        out.push_back(s);
      }
    } else if (model == "fifo-queue" || model == "unordered-queue" || model == "stack") {
      const bool take = op.f == "dequeue" || op.f == "pop";
      if (!take) {  // enqueue, push
        State t = s;
        t.push_back(op.arg);
        out.push_back(t);
      } else if (s.empty()) {
        if (crashed || !op.result) out.push_back(s);  // returned nil
      } else {
        // Positions that may leave: the oldest, the newest, or any.
        std::vector<size_t> may_leave;
        if (model == "fifo-queue") may_leave = {0};
        if (model == "stack") may_leave = {s.size() - 1};
        if (model == "unordered-queue")
          for (size_t i = 0; i < s.size(); ++i) may_leave.push_back(i);
        for (size_t i : may_leave) {
          if (!crashed && op.result != s[i]) continue;
          State t = s;
          t.erase(t.begin() + static_cast<std::ptrdiff_t>(i));
          out.push_back(t);
        }
      }
    } else if (model == "mutex") {
      if (op.f == "acquire" && s[0] == 0) out.push_back({1});
      if (op.f == "release" && s[0] == 1) out.push_back({0});
    }
    return out;
  }
};

enum class Order { kRealTime, kProcess };

// Must a come before b?
inline bool precedes(const Op& a, const Op& b, Order order) {
  if (order == Order::kRealTime) return a.end != kInfinity && a.end < b.start;
  return a.process == b.process && a.order < b.order && a.status != Status::kCrashed;
}

namespace detail {

inline bool search(const Spec& spec, const std::vector<Op>& ops, Order order,
                   std::vector<bool>& placed, const States& state) {
  bool all_ok_placed = true;
  for (size_t i = 0; i < ops.size(); ++i)
    if (!placed[i] && ops[i].status == Status::kOk) all_ok_placed = false;
  if (all_ok_placed) return true;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (placed[i]) continue;
    bool may_come_next = true;
    for (size_t j = 0; j < ops.size() && may_come_next; ++j) {
      if (j == i) continue;
      if (placed[j] && precedes(ops[i], ops[j], order)) may_come_next = false;
      if (!placed[j] && ops[j].status == Status::kOk && precedes(ops[j], ops[i], order))
        may_come_next = false;
    }
    if (!may_come_next) continue;
    for (const States& after : spec.next(state, ops[i])) {
      placed[i] = true;
      bool found = search(spec, ops, order, placed, after);
      placed[i] = false;
      if (found) return true;
    }
  }
  return false;
}

}  // namespace detail

// Whether the history (fail operations included; they are dropped here)
// satisfies the model under the given order.
inline bool satisfies(const Spec& spec, std::vector<Op> ops, Order order) {
  ops.erase(std::remove_if(ops.begin(), ops.end(),
                           [](const Op& op) { return op.status == Status::kFail; }),
            ops.end());
  std::vector<bool> placed(ops.size(), false);
  return detail::search(spec, ops, order, placed, spec.initial_states());
}

inline bool linearizable(const Spec& spec, const std::vector<Op>& ops) {
  return satisfies(spec, ops, Order::kRealTime);
}

inline bool sequential(const Spec& spec, const std::vector<Op>& ops) {
  return satisfies(spec, ops, Order::kProcess);
}

}  // namespace reference
