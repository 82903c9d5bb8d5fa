// ariadne/model.h — user-defined models: check histories of a datatype
// ariadne does not know (a bank, a lock service, a log) with the same
// search, limits, shrinking and reports as a built-in model.
//
// A model is a small C++ type M, its sequential specification:
//
//   struct Register {
//     using State = ariadne::Value;                         // any copyable type
//     State initial() const { return ariadne::Value(); }    // nil
//     // The state after `op` from `s`, or nullopt when op is illegal in s.
//     std::optional<State> step(const State& s, const ariadne::ModelOp& op) const {
//       if (op.f == ariadne::Value::keyword("write")) return op.value;
//       if (op.crashed) return s;         // a crashed read: result unknown
//       if (op.result == s) return s;     // an ok read of the current value
//       return std::nullopt;
//     }
//     size_t hash(const State& s) const { return s.hash(); }
//     std::string describe(const State& s) const { return ariadne::to_edn(s); }
//     // Optional: what op reads and writes, for minimal counterexamples
//     // (below).
//     void effects(const ariadne::ModelOp& op, ariadne::ModelEffects& out) const;
//   };
//   ariadne::use_model(options, ariadne::make_model("my-register", Register{}));
//   CheckResult r = ariadne::check(history, options);
//
// State needs operator== (equality of states); hash(s) may be left out
// when std::hash<State> exists.
//
// How it is checked. The library interns states: each distinct state
// (by hash and ==) gets a 64-bit id, and the search (linearizable or
// sequential, CheckOptions::consistency) runs over ids exactly as over a
// built-in model's states. A history whose operations all have a `key` is
// checked per key (each key an independent object starting at initial(),
// as for built-in models); a sequential check, or partition = false, checks
// it as one object per key side by side. Failed operations never reach
// step(). A crashed operation (info, or never completed) reaches step() with
// crashed = true and result nil: return the state it leaves if it took
// effect (it may also never take effect; the search tries both). There is
// one successor per step: a model whose crashed operation may leave several
// states cannot be written here.
//
// What a model must guarantee:
//   * step, initial, hash, describe and == are deterministic functions of
//     their arguments (no clock, no randomness, no hidden state), and may be
//     called concurrently from several threads on one const model: the
//     partitions of a history are searched in parallel.
//   * States are values: step returns a new state and never changes `s`.
//   * Equal states (==) hash equal, and == is an equivalence.
// What happens when it does not: a step that is not deterministic, or that
// changes its argument, or an == that calls different states equal, can
// make the verdict wrong both ways (valid for a violating history, invalid
// for a correct one), and the counterexample wrong. Equal states that hash
// differently only cost time (the search's cache misses them), never the
// verdict. Interned states are kept until the check ends and are not
// counted by max_memory.
//
// A step (or initial, hash, describe, effects) that throws ends the check:
// CheckResult::error names the model, the operation's line and the
// exception's what(); the verdict is unknown. Nothing crashes.
//
// Minimal counterexamples (SPEC section 5) are sub-histories in which every
// value read is written. effects() says what that means for the model:
// `reads` are values op read (only ok ops: their results are known), `writes`
// values it may have written, both on op's key. Without effects(), every
// sub-history counts as closed: the counterexample is still 1-minimal and
// invalid, but may keep a read without the write it read.
//
// Thread safety: make_model's result is immutable; share it freely.
#pragma once

#include <concepts>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/value.h"

namespace ariadne {

// One operation as a model sees it.
struct ModelOp {
  Value process;
  Value f;       // a keyword: compare with Value::keyword("write")
  Value value;   // the argument: the invoke's value
  Value result;  // what an ok operation returned; nil when crashed
  bool crashed = false;
  bool has_key = false;
  Value key;          // when has_key
  uint32_t line = 0;  // of the operation's first event in the input
};

// What one operation reads and writes (see above), on its key.
struct ModelEffects {
  std::vector<Value> reads, writes;
};

// A type-erased model: what check() runs. make_model builds one from a
// type M as above; implement it directly only for a model whose states are
// not C++ values.
class UserModel {
 public:
  // A table of the model's states for one search, interning each into an id.
  // One thread uses a table at a time; tables of one model may be used at
  // once from different threads.
  class States {
   public:
    virtual ~States() = default;
    virtual uint64_t initial() = 0;
    // Sets `next` and returns true when op is legal in `state`.
    virtual bool step(uint64_t state, const ModelOp& op, uint64_t& next) = 0;
    virtual std::string describe(uint64_t state) = 0;
  };

  explicit UserModel(std::string name) : name_(std::move(name)) {}
  virtual ~UserModel() = default;
  const std::string& name() const { return name_; }
  virtual std::unique_ptr<States> states() const = 0;
  // Whether effects() says anything (else every sub-history is closed).
  virtual bool has_effects() const { return false; }
  virtual void effects(const ModelOp& op, ModelEffects& out) const {}

 private:
  std::string name_;
};

template <class M>
concept SequentialSpec = requires(const M& m, const typename M::State& s, const ModelOp& op) {
  { m.initial() } -> std::convertible_to<typename M::State>;
  { m.step(s, op) } -> std::convertible_to<std::optional<typename M::State>>;
  { m.describe(s) } -> std::convertible_to<std::string>;
  { s == s } -> std::convertible_to<bool>;
};

namespace detail {

template <SequentialSpec M>
class ModelOf final : public UserModel {
  using State = typename M::State;

 public:
  ModelOf(std::string name, M model) : UserModel(std::move(name)), model_(std::move(model)) {}

  std::unique_ptr<States> states() const override { return std::make_unique<Table>(model_); }
  bool has_effects() const override {
    return requires(const M& m, const ModelOp& op, ModelEffects& out) { m.effects(op, out); };
  }
  void effects(const ModelOp& op, ModelEffects& out) const override {
    if constexpr (requires(const M& m, ModelEffects& e) { m.effects(op, e); })
      model_.effects(op, out);
  }

 private:
  static size_t hash_of(const M& m, const State& s) {
    if constexpr (requires { m.hash(s); })
      return static_cast<size_t>(m.hash(s));
    else
      return std::hash<State>()(s);
  }

  class Table final : public States {
   public:
    explicit Table(const M& m) : m_(m), ids_(16, Hash{&m}) {}
    uint64_t initial() override { return intern(m_.initial()); }
    bool step(uint64_t state, const ModelOp& op, uint64_t& next) override {
      std::optional<State> out = m_.step(states_[state], op);
      if (!out) return false;
      next = intern(std::move(*out));
      return true;
    }
    std::string describe(uint64_t state) override { return m_.describe(states_[state]); }

   private:
    struct Hash {
      const M* m;
      size_t operator()(const State* s) const { return hash_of(*m, *s); }
    };
    struct Equal {
      bool operator()(const State* a, const State* b) const { return *a == *b; }
    };
    uint64_t intern(State s) {
      auto it = ids_.find(&s);
      if (it != ids_.end()) return it->second;
      states_.push_back(std::move(s));  // a deque: pointers to states stay valid
      uint64_t id = states_.size() - 1;
      ids_.emplace(&states_.back(), id);
      return id;
    }

    const M& m_;
    std::deque<State> states_;
    std::unordered_map<const State*, uint64_t, Hash, Equal> ids_;
  };

  M model_;
};

}  // namespace detail

// Wraps M as a model named `name` (the name reports show). Set it as
// CheckOptions::user_model.
template <SequentialSpec M>
std::shared_ptr<const UserModel> make_model(std::string name, M model) {
  return std::make_shared<detail::ModelOf<M>>(std::move(name), std::move(model));
}

// Makes `model` the model of `options`: sets user_model, and `model` to its
// name so that reports built from `options` (json_report, html_report, ...)
// name it. (check() uses user_model whatever `model` says.)
inline void use_model(CheckOptions& options, std::shared_ptr<const UserModel> model) {
  options.model = model->name();
  options.user_model = std::move(model);
}

}  // namespace ariadne
