// What the generator's clients talk to: a single-copy store or a
// replicated one.
#pragma once

#include <memory>

#include "ariadne/generate.h"
#include "models/generator.h"
#include "models/model.h"

namespace ariadne::gen {

class Store {
 public:
  virtual ~Store() = default;
  virtual size_t keys() const = 0;
  // Fills in op.f, op.arg and op.update (op.process and op.key are set).
  virtual void choose(Rng& rng, Values& values, Op& op) = 0;
  // Takes op's effect at replica `node` (-1: the single copy), setting
  // op.result; false when it cannot happen now.
  virtual bool apply(Op& op, int node) = 0;
  // op crashed without taking effect, or failed (GenObject::unapplied).
  virtual void unapplied(const Op& /*op*/, bool /*crashed*/) {}
  // Delivers what has arrived by time `now`.
  virtual void advance(int64_t /*now*/) {}
  // Delivers everything still in transit.
  virtual void settle() {}
};

// REQUIRES: options.replicas > 0 and model.generator->replicated (its
// Convergence kind is kRegister, kSet or kCounter).
std::unique_ptr<Store> replicated_store(const GenerateOptions& options,
                                        const models::ModelDef& model);

}  // namespace ariadne::gen
