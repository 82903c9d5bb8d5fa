// The sequential spec shared by the queue models (fifo_queue.cc,
// unordered_queue.cc): enqueue x, dequeue -> x, or null when empty. FIFO state: the elements oldest
// first. Unordered state: the elements' bits in ascending order (a canonical multiset).
#pragma once

#include <algorithm>

#include "linearizability/model.h"
#include "models/generator.h"
#include "models/model.h"

namespace ariadne::lin {

class QueueModel {
 public:
  // A crashed dequeue of an unordered queue may have taken any element.
  static constexpr bool kNondeterministic = true;
  enum Code : uint8_t { kEnqueue, kDequeue };

  // `name` (for messages) must outlive the model.
  QueueModel(bool fifo, std::string_view name) : fifo_(fifo), name_(name) {}

  static_assert(kEnqueue == 0 && kDequeue == 1);  // prepare_put_take's codes
  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    return prepare_put_take(h, op, out, why, "enqueue", "dequeue", name_);
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

namespace ariadne::models {

// ModelDef::effects of the queues: an ok dequeue of x != nil reads x;
// enqueue x writes x.
inline void queue_effects(const ModelDef&, const History& h, const Operation& op, Value key,
                          const CheckOptions&, Effects& fx) {
  Value f = h.f(op);
  if (lin::f_is(f, {"enqueue"}))
    fx.writes.push_back({key, h.argument(op)});
  else if (lin::f_is(f, {"dequeue"}) && op.status == OpStatus::kOk && !h.result(op).is_null())
    fx.reads.push_back({key, h.result(op)});
}

// A queue for `ariadne generate`: clients enqueue small integers and
// dequeue. A FIFO queue hands out its oldest element; an unordered one the
// element at the dequeue's index modulo its size.
class QueueGen : public gen::GenObject {
 public:
  explicit QueueGen(bool fifo) : fifo_(fifo) {}
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.update = true;
    op.arg = gen::Datum::nil();
    bool put = gen::coin(rng, 0.5);
    op.f = put ? "enqueue" : "dequeue";
    if (put) op.arg = gen::Datum::integer(values.next(rng));
  }
  bool apply(gen::Op& op) override {
    op.result = op.arg;
    if (std::string_view(op.f) == "enqueue") {
      elements_.push_back(op.arg.number);
      return true;
    }
    if (elements_.empty()) {
      op.result = gen::Datum::nil();
      return true;
    }
    size_t at = fifo_ ? 0 : static_cast<size_t>(op.index) % elements_.size();
    op.result = gen::Datum::integer(elements_[at]);
    elements_.erase(elements_.begin() + static_cast<std::ptrdiff_t>(at));
    return true;
  }
  size_t size() const override { return elements_.size(); }

 private:
  bool fifo_;
  std::vector<int64_t> elements_;  // oldest first
};

}  // namespace ariadne::models
