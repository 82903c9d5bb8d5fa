// One object of a model as a correct store holds it, and the operations
// clients issue against it.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "generate/sink.h"

namespace ariadne::gen {

using Rng = std::mt19937_64;

struct Op {
  int64_t process = 0;
  const char* f = "read";
  std::optional<int64_t> key;
  Datum arg;     // the invoke's value
  Datum result;  // an ok completion's value
  int64_t index = 0;
  int64_t invoked_at = 0;
  bool update = false;  // changes the object when it takes effect
};

// Draws argument values: unique (a running counter) or small (0-4), so
// that collisions happen.
class Values {
 public:
  explicit Values(bool unique) : unique_(unique) {}
  bool unique() const { return unique_; }
  int64_t next(Rng& rng) {
    if (unique_) return next_++;
    return static_cast<int64_t>(rng() % 5);
  }

 private:
  bool unique_;
  int64_t next_ = 1;
};

class Object {
 public:
  // REQUIRES: model is one of generate_models(); registers > 0 for
  // multi-register.
  Object(const std::string& model, int registers) : model_(model), registers_(registers) {
    if (model_ == "multi-register") regs_.assign(static_cast<size_t>(registers), Datum::nil());
  }

  // Fills in op.f, op.arg and op.update for the next operation `process`
  // issues.
  void choose(Rng& rng, Values& values, Op& op) const;

  // Takes op's effect if it can happen now, setting op.result; false when
  // it cannot (a cas that does not match, a mutex held by another): the
  // client sees a failure.
  bool apply(Op& op);

  // The current value, for reads; and helpers the anomaly scripts use.
  Datum read() const;
  size_t size() const { return seq_.size(); }

 private:
  std::string model_;
  int registers_ = 0;
  Datum reg_;                 // register, cas-register, kv
  int64_t counter_ = 0;       // counter
  std::vector<int64_t> seq_;  // set (sorted), queues, stack, list-append
  int64_t holder_ = -1;       // mutex: the process holding it
  std::vector<Datum> regs_;   // multi-register
};

}  // namespace ariadne::gen
