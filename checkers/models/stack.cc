// stack: push x, pop -> x, or null when empty. The state is the elements,
// bottom first.
#include "linearizability/run_model.h"
#include "models/collection_procedures.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

class StackModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kPush, kPop };

  static_assert(kPush == 0 && kPop == 1);  // prepare_put_take's codes
  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    return prepare_put_take(h, op, out, why, "push", "pop", "stack");
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

// An ok pop of x != nil reads x; push x writes x.
void effects(const ModelDef&, const History& h, const Operation& op, Value key, const CheckOptions&,
             Effects& fx) {
  Value f = h.f(op);
  if (lin::f_is(f, {"push"}))
    fx.writes.push_back({key, h.argument(op)});
  else if (lin::f_is(f, {"pop"}) && op.status == OpStatus::kOk && !h.result(op).is_null())
    fx.reads.push_back({key, h.result(op)});
}

// Clients push small integers and pop.
class Gen : public gen::GenObject {
 public:
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.update = true;
    op.arg = gen::Datum::nil();
    bool push = gen::coin(rng, 0.5);
    op.f = push ? "push" : "pop";
    if (push) op.arg = gen::Datum::integer(values.next(rng));
  }
  bool apply(gen::Op& op) override {
    op.result = op.arg;
    if (std::string_view(op.f) == "push") {
      elements_.push_back(op.arg.number);
    } else if (elements_.empty()) {
      op.result = gen::Datum::nil();
    } else {
      op.result = gen::Datum::integer(elements_.back());
      elements_.pop_back();
    }
    return true;
  }
  size_t size() const override { return elements_.size(); }

 private:
  std::vector<int64_t> elements_;  // bottom first
};

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<Gen>(); }

struct Make {
  static lin::StackModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::StackModel();
  }
};

}  // namespace

static_assert(lin::StackModel::kPush == kStackPush);  // stack_fast.cc

ARIADNE_MODEL(stack) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "stack";
    d.help = "a LIFO stack; pop returns nil when it is empty";
    d.operations = "push, pop";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.rank = 7;
    d.effects = &effects;
    d.reads_one_value = true;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      g.anomalies = {gen::Anomaly::kDuplicate, gen::Anomaly::kReorder, gen::Anomaly::kMissing};
      g.put = "push";
      g.take = "pop";
      g.lifo = true;
      return g;
    }();
    d.generator = &generator;
    d.fast = &stack_fast;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
