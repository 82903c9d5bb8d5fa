#include "linearizability/user_model.h"

#include "ariadne/report.h"

namespace ariadne::lin {

ModelOp model_op(const History& h, const Operation& op) {
  ModelOp m;
  m.process = h.process(op);
  m.f = h.f(op);
  m.value = h.argument(op);
  m.result = h.result(op);
  m.crashed = op.status == OpStatus::kCrashed;
  m.has_key = h.has_key(op);
  if (m.has_key) m.key = h.key(op);
  m.line = h.first_event(op).line;
  return m;
}

namespace {

[[noreturn]] void throw_user_error(const UserModel& model, const std::string& file,
                                   const ModelOp* op, const char* what_fn,
                                   const std::string& what) {
  ParseError e;
  e.file = file;
  e.line = op ? op->line : 0;
  e.column = op ? 1 : 0;
  std::string where = op ? std::string("'s ") + what_fn + " on " + bounded_edn(op->f) + " threw: "
                         : std::string(" threw: ");
  e.message = "model " + bounded(model.name(), 80) + where + bounded(what, 300);
  throw UserModelError(std::move(e));
}

}  // namespace

ModelEffects user_effects(const UserModel& model, const History& h, const Operation& op) {
  ModelEffects out;
  ModelOp mop = model_op(h, op);
  try {
    model.effects(mop, out);
  } catch (const std::exception& e) {
    throw_user_error(model, h.name, &mop, "effects", e.what());
  } catch (...) {
    throw_user_error(model, h.name, &mop, "effects", "an exception that is not a std::exception");
  }
  return out;
}

std::string UserModelAdapter::bounded_text(const std::string& text) { return bounded(text); }

void UserModelAdapter::fail(const ModelOp* op, const std::string& what) const {
  throw_user_error(*model_, file_, op, "step", what);
}

}  // namespace ariadne::lin
