// A user-defined model (ariadne/model.h) as a search model (model.h): the
// state is one word, the id its table interned it as.
//
// Each UserModelAdapter owns one table, so each partition's search (and
// each check the shrinker runs) interns on its own and no lock is needed:
// a search uses its model from one thread at a time. The user's model
// object is shared by all of them (const).
#pragma once

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/model.h"
#include "linearizability/model.h"

namespace ariadne::lin {

// Thrown when user code throws; check() turns it into CheckResult::error.
struct UserModelError : std::runtime_error {
  UserModelError(ParseError where) : std::runtime_error(where.message), where(std::move(where)) {}
  ParseError where;
};

// The operation as the user's model sees it.
ModelOp model_op(const History& h, const Operation& op);

// model.effects(model_op(h, op)), guarded as a step is.
ModelEffects user_effects(const UserModel& model, const History& h, const Operation& op);

class UserModelAdapter {
 public:
  static constexpr bool kNondeterministic = false;

  UserModelAdapter(const UserModel& model, std::string file)
      : model_(&model), file_(std::move(file)) {
    guard(nullptr, [&] { states_ = model_->states(); });
  }

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string&) {
    out.aux = ops_.size();
    ops_.push_back(model_op(h, op));
    return Prepared::kKeep;
  }

  void initial(State& out) const {
    guard(nullptr, [&] { out.assign(1, states_->initial()); });
  }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    uint64_t next = 0;
    bool legal = false;
    const ModelOp& mop = ops_[op.aux];
    guard(&mop, [&] { legal = states_->step(s[0], mop, next); });
    if (legal) out.assign(1, next);
    return legal;
  }

  std::string describe(Words s) const {
    std::string out;
    guard(nullptr, [&] { out = states_->describe(s[0]); });
    return bounded_text(out);
  }

 private:
  // Runs user code; an exception from it becomes a UserModelError naming
  // the model and, when known, the operation.
  template <class F>
  void guard(const ModelOp* op, F&& f) const {
    try {
      f();
    } catch (const std::exception& e) {
      fail(op, e.what());
    } catch (...) {
      fail(op, "an exception that is not a std::exception");
    }
  }
  [[noreturn]] void fail(const ModelOp* op, const std::string& what) const;
  // A state's text as reports show it: cut to kShownBytes (ariadne/report.h).
  static std::string bounded_text(const std::string& text);

  const UserModel* model_;
  std::string file_;
  std::unique_ptr<UserModel::States> states_;
  std::vector<ModelOp> ops_;  // by PreparedOp::aux
};

}  // namespace ariadne::lin
