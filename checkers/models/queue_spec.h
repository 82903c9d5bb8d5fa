// The sequential spec shared by the queue models (fifo_queue.cc,
// unordered_queue.cc): enqueue x, dequeue -> x, or null when empty. FIFO state: the elements oldest
// first. Unordered state: the elements' bits in ascending order (a canonical multiset).
#pragma once

#include <algorithm>

#include "linearizability/model.h"

namespace ariadne::lin {

class QueueModel {
 public:
  // A crashed dequeue of an unordered queue may have taken any element.
  static constexpr bool kNondeterministic = true;
  enum Code : uint8_t { kEnqueue, kDequeue };

  // `name` (for messages) must outlive the model.
  QueueModel(bool fifo, std::string_view name) : fifo_(fifo), name_(name) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    if (f_is(f, {"enqueue"})) {
      out.code = kEnqueue;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (f_is(f, {"dequeue"})) {
      out.code = kDequeue;
      out.result = h.result(op);
      out.pure = op.status == OpStatus::kOk && out.result.is_null();  // saw it empty
      return Prepared::kKeep;
    }
    why = "expected f :enqueue or :dequeue for model " + std::string(name_) + ", got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.clear(); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (op.code == kEnqueue) {
      if (alt > 0) return false;
      out.assign(s.begin(), s.end());
      uint64_t x = word(op.a);
      out.insert(fifo_ ? out.end() : std::upper_bound(out.begin(), out.end(), x), x);
      return true;
    }
    if (op.crashed) {  // took some element, if there was one
      if (s.empty()) return false;
      size_t at = 0;
      if (fifo_) {
        if (alt > 0) return false;
      } else {  // the alt-th distinct element
        for (unsigned k = 0; k < alt; ++k) {
          at = std::upper_bound(s.begin() + at, s.end(), s[at]) - s.begin();
          if (at == s.size()) return false;
        }
      }
      out.assign(s.begin(), s.end());
      out.erase(out.begin() + at);
      return true;
    }
    if (alt > 0) return false;
    if (op.result.is_null()) {
      if (!s.empty()) return false;
      out.clear();
      return true;
    }
    uint64_t x = word(op.result);
    size_t at;
    if (fifo_) {
      if (s.empty() || s[0] != x) return false;
      at = 0;
    } else {
      auto it = std::lower_bound(s.begin(), s.end(), x);
      if (it == s.end() || *it != x) return false;
      at = it - s.begin();
    }
    out.assign(s.begin(), s.end());
    out.erase(out.begin() + at);
    return true;
  }

  std::string describe(Words s) const { return describe_values(s, "[", "]"); }

 private:
  bool fifo_;
  std::string_view name_;
};

}  // namespace ariadne::lin
