// What a model gives `ariadne generate` (src/generate drives it): one
// object of the model as a correct store holds it, the operations clients
// issue against it, and the anomalies it can show. A model's file defines a
// GenObject subclass and a Generator (ModelDef::generator); nothing here
// depends on src/.
//
// Determinism: generate() promises the same bytes for the same options, so
// choose() draws from `rng` and `values` only, in a fixed order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ariadne::gen {

using Rng = std::mt19937_64;

// A value as the generator writes it: nil, an integer, a string, a keyword,
// or a list (written as a vector) of values.
struct Datum {
  enum Kind : uint8_t { kNil, kInt, kString, kKeyword, kList } kind = kNil;
  int64_t number = 0;
  std::string text;
  std::vector<Datum> items;

  static Datum nil() { return {}; }
  static Datum integer(int64_t v) { return {kInt, v, {}, {}}; }
  static Datum string(std::string s) { return {kString, 0, std::move(s), {}}; }
  static Datum keyword(std::string s) { return {kKeyword, 0, std::move(s), {}}; }
  static Datum list(std::vector<Datum> items) { return {kList, 0, {}, std::move(items)}; }
  bool operator==(const Datum&) const = default;
};

struct Op {
  int64_t process = 0;
  const char* f = "read";  // a string literal: it outlives the op
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

inline bool coin(Rng& rng, double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}
inline int pick(Rng& rng, int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }

inline Datum int_list(const std::vector<int64_t>& xs) {
  std::vector<Datum> items;
  items.reserve(xs.size());
  for (int64_t x : xs) items.push_back(Datum::integer(x));
  return Datum::list(std::move(items));
}

// One object (one key's) of a model in a correct, single-copy store.
class GenObject {
 public:
  virtual ~GenObject() = default;
  // Fills in op.f, op.arg and op.update for the next operation op.process
  // issues (op.key is set).
  virtual void choose(Rng& rng, Values& values, Op& op) const = 0;
  // Takes op's effect if it can happen now, setting op.result; false when
  // it cannot (a cas that does not match, a mutex held by another): the
  // client sees a failure. Scripted anomalies call it with ops whose f is
  // one of the Generator's names.
  virtual bool apply(Op& op) = 0;
  // Elements held (queues; the duplicate and reorder anomalies empty it).
  virtual size_t size() const { return 0; }
  // op crashed without taking effect (`crashed`), or failed. An object may
  // still apply a crashed op later: a crashed op takes effect at any point
  // after its call, or never.
  virtual void unapplied(const Op& /*op*/, bool /*crashed*/) {}
};

// Anomalies generate() injects (ariadne/generate.h says what each is).
// In the order of generate_anomalies() (ariadne/generate.h).
enum class Anomaly {
  kStaleRead,
  kLostWrite,
  kDuplicate,
  kReorder,
  kFutureRead,
  kMissing,
  kImpossibleRead
};

struct Generator {
  // `registers`: how many registers an object spans when its keys are in
  // its values (Keys::kInValue); the others ignore it.
  std::unique_ptr<GenObject> (*make)(int registers) = nullptr;
  std::vector<Anomaly> anomalies;  // those the model can show
  // The scripted operations of the anomalies, and final reads: a
  // register's read and write (stale-read, lost-write), a queue's put and
  // take (duplicate, reorder).
  const char* read = "read";
  const char* write = "write";
  const char* put = "enqueue";
  const char* take = "dequeue";
  bool lifo = false;  // take returns the newest element (reorder then hands out the oldest)
  bool string_values = false;  // written values are strings "x<n> " (appendable)
  // --replicas: a replicated store of the model's Convergence kind
  // (register: last writer wins; set; counter) can simulate it.
  bool replicated = false;
};

}  // namespace ariadne::gen
