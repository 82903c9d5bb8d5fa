// list-append (one key): append x, read -> [list]. The state is the list's
// elements in order.
#include "linearizability/run_model.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

class ListAppendModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kAppend, kRead };

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    if (f_is(f, {"append"})) {
      out.code = kAppend;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (f_is(f, {"read"})) {
      if (op.status != OpStatus::kOk) return Prepared::kDrop;
      Value r = h.result(op);
      if (r.kind() != Kind::kVector && !r.is_null()) {
        why = "expected a list-append read to return a list, got " + to_edn(r);
        return Prepared::kError;
      }
      out.code = kRead;
      out.pure = true;
      out.result = r;
      return Prepared::kKeep;
    }
    why = "expected f :append or :read for model list-append, got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.clear(); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    if (op.code == kAppend) {
      out.assign(s.begin(), s.end());
      out.push_back(word(op.a));
      return true;
    }
    auto items = op.result.items();  // nil reads as the empty list
    if (items.size() != s.size()) return false;
    for (size_t i = 0; i < s.size(); ++i)
      if (word(items[i]) != s[i]) return false;
    out.assign(s.begin(), s.end());
    return true;
  }

  // Lookahead (model.h): appends only extend the list, so a read whose
  // list does not start with the current one can never become legal.
  bool resets(const PreparedOp&) const { return false; }
  bool watched(const PreparedOp& op) const { return op.code == kRead; }
  bool unreachable(Words s, const PreparedOp& read) const {
    auto items = read.result.items();
    if (items.size() < s.size()) return true;
    for (size_t i = 0; i < s.size(); ++i)
      if (word(items[i]) != s[i]) return true;
    return false;
  }

  std::string describe(Words s) const { return describe_values(s, "[", "]"); }
};

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

// A read reads each element it returns; append x writes x.
void effects(const ModelDef&, const History& h, const Operation& op, Value key, const CheckOptions&,
             Effects& fx) {
  element_effects("append", h, op, key, fx);
}

// Clients append small integers and read the list.
class Gen : public gen::GenObject {
 public:
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.arg = gen::Datum::nil();
    bool append = gen::coin(rng, 0.6);
    op.f = append ? "append" : "read";
    if (append) op.arg = gen::Datum::integer(values.next(rng));
    op.update = append;
  }
  bool apply(gen::Op& op) override {
    op.result = op.arg;
    if (std::string_view(op.f) == "read")
      op.result = gen::int_list(list_);
    else
      list_.push_back(op.arg.number);
    return true;
  }

 private:
  std::vector<int64_t> list_;
};

std::unique_ptr<gen::GenObject> make_gen(int) { return std::make_unique<Gen>(); }

struct Make {
  static lin::ListAppendModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::ListAppendModel();
  }
};

}  // namespace

ARIADNE_MODEL(list_append) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "list-append";
    d.help = "one list per key, appended to and read whole";
    d.operations = "append, read";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential, Consistency::kEventual};
    d.keys = Keys::kRequired;
    d.rank = 9;
    d.convergence = Convergence::kListAppend;
    d.effects = &effects;
    static const gen::Generator generator = [] {
      gen::Generator g;
      g.make = &make_gen;
      return g;
    }();
    d.generator = &generator;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
