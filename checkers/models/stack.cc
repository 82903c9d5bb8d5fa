// stack: push x, pop -> x, or null when empty. The state is the elements,
// bottom first.
#include "linearizability/run_model.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

class StackModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kPush, kPop };

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    if (f_is(f, {"push"})) {
      out.code = kPush;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (f_is(f, {"pop"})) {
      out.code = kPop;
      out.result = h.result(op);
      out.pure = op.status == OpStatus::kOk && out.result.is_null();  // saw it empty
      return Prepared::kKeep;
    }
    why = "expected f :push or :pop for model stack, got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.clear(); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    if (op.code == kPush) {
      out.assign(s.begin(), s.end());
      out.push_back(word(op.a));
      return true;
    }
    if (!op.crashed) {
      if (op.result.is_null()) {
        if (!s.empty()) return false;
        out.clear();
        return true;
      }
      if (s.empty() || s.back() != word(op.result)) return false;
    } else if (s.empty()) {
      return false;
    }
    out.assign(s.begin(), s.end() - 1);
    return true;
  }

  std::string describe(Words s) const { return describe_values(s, "[", "]"); }
};

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

struct Make {
  static lin::StackModel make(const CheckOptions& options, Value key) { return lin::StackModel(); }
};

}  // namespace

ARIADNE_MODEL(stack) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "stack";
    d.help = "a LIFO stack; pop returns nil when it is empty";
    d.operations = "push, pop";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.rank = 7;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
