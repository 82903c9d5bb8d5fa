// multi-register (Knossos): `txn` ops whose value is a list of micro-ops
// [[:read k v] [:write k v] ...] over several registers at once. The state
// is one word per key (the bits of its value), keys in order of first
// appearance in the history. Not split per key: a transaction spans keys.
// Each key starts at CheckOptions::initial_of(key). Under NilReads::kAny
// (Knossos) a [:read k nil] micro-op checks nothing and is left out.
#include <algorithm>
#include <unordered_map>

#include "linearizability/run_model.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

class MultiRegisterModel {
 public:
  static constexpr bool kNondeterministic = false;

  // `options` must outlive the model.
  explicit MultiRegisterModel(const CheckOptions& options)
      : options_(&options), nil_any_(options.nil_reads == NilReads::kAny) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) {
    if (!f_is(h.f(op), {"txn"})) {
      why = "expected f :txn for model multi-register, got " + to_edn(h.f(op));
      return Prepared::kError;
    }
    // An ok txn's completion carries the values its reads saw.
    Value txn = op.status == OpStatus::kOk ? h.result(op) : h.argument(op);
    if (txn.kind() != Kind::kVector) {
      why = "expected a txn's value to be a list of micro-ops, got " + to_edn(txn);
      return Prepared::kError;
    }
    out.slot = static_cast<uint32_t>(txns_.size());
    std::vector<Micro>& micros = txns_.emplace_back();
    for (Value m : txn.items()) {
      auto parts = m.items();
      if (m.kind() != Kind::kVector || parts.size() != 3 ||
          !f_is(parts[0], {"read", "r", "write", "w"})) {
        why = "expected a micro-op [:read k v] or [:write k v], got " + to_edn(m);
        return Prepared::kError;
      }
      auto [it, fresh] = slots_.try_emplace(parts[1], static_cast<uint32_t>(keys_.size()));
      if (fresh) keys_.push_back(parts[1]);
      bool write = f_is(parts[0], {"write", "w"});
      if (!write && nil_any_ && parts[2].is_null()) continue;  // matches any value
      micros.push_back({write, it->second, word(parts[2])});
    }
    out.pure = std::none_of(micros.begin(), micros.end(), [](const Micro& m) { return m.write; });
    return Prepared::kKeep;
  }

  void initial(State& out) const {
    out.clear();
    for (Value k : keys_) out.push_back(word(options_->initial_of(k)));
  }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    out.assign(s.begin(), s.end());
    for (const Micro& m : txns_[op.slot]) {
      if (m.write)
        out[m.slot] = m.value;
      else if (!op.crashed && out[m.slot] != m.value)
        return false;
    }
    return true;
  }

  std::string describe(Words s) const {
    std::string out = "{";
    for (size_t i = 0; i < s.size(); ++i) {
      if (i > 0) out += ", ";
      append_edn(out, keys_[i]);
      out += ' ';
      append_edn(out, value_of(s[i]));
    }
    return out + "}";
  }

 private:
  struct Micro {
    bool write;
    uint32_t slot;
    uint64_t value;
  };
  const CheckOptions* options_;
  bool nil_any_;
  std::vector<std::vector<Micro>> txns_;  // indexed by PreparedOp::slot
  std::unordered_map<Value, uint32_t, ValueHash> slots_;
  std::vector<Value> keys_;
};

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

// An ok txn's [:read k v] reads v at k, unless the txn wrote k before;
// [:write k v] writes v.
void effects(const ModelDef&, const History& h, const Operation& op, Value,
             const CheckOptions& options, Effects& fx) {
  bool ok = op.status == OpStatus::kOk;
  Value txn = ok ? h.result(op) : h.argument(op);
  if (!lin::f_is(h.f(op), {"txn"}) || txn.kind() != Kind::kVector) return;
  bool nil_any = options.nil_reads == NilReads::kAny;
  std::vector<Value> own;
  for (Value micro : txn.items()) {
    if (micro.kind() != Kind::kVector || micro.size() != 3) continue;
    auto parts = micro.items();
    Effects::Token t{parts[1], parts[2]};
    if (lin::f_is(parts[0], {"write", "w"})) {
      fx.writes.push_back(t);
      own.push_back(parts[1]);
      continue;
    }
    if (!ok || !lin::f_is(parts[0], {"read", "r"})) continue;
    if (parts[2].is_null()) fx.nil_read = true;
    if (std::find(own.begin(), own.end(), parts[1]) == own.end() &&
        !(nil_any && parts[2].is_null()))
      fx.reads.push_back(t);
  }
}

// Transactions of 1-3 micro-ops, each a read or a write of one of the
// registers.
class Gen : public gen::GenObject {
 public:
  explicit Gen(int registers) : regs_(static_cast<size_t>(registers), gen::Datum::nil()) {}
  void choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const override {
    op.update = true;
    op.f = "txn";
    std::vector<gen::Datum> micro;
    int n = 1 + gen::pick(rng, 3);
    for (int i = 0; i < n; ++i) {
      bool write = gen::coin(rng, 0.5);
      micro.push_back(
          gen::Datum::list({gen::Datum::keyword(write ? "write" : "read"),
                            gen::Datum::integer(gen::pick(rng, static_cast<int>(regs_.size()))),
                            write ? gen::Datum::integer(values.next(rng)) : gen::Datum::nil()}));
    }
    op.arg = gen::Datum::list(std::move(micro));
  }
  bool apply(gen::Op& op) override {
    op.result = op.arg;
    for (gen::Datum& micro : op.result.items) {
      gen::Datum& reg = regs_[static_cast<size_t>(micro.items[1].number)];
      if (micro.items[0].text == "write")
        reg = micro.items[2];
      else
        micro.items[2] = reg;
    }
    return true;
  }

 private:
  std::vector<gen::Datum> regs_;
};

std::unique_ptr<gen::GenObject> make_gen(int registers) { return std::make_unique<Gen>(registers); }

struct Make {
  static lin::MultiRegisterModel make(const ModelDef& def, const CheckOptions& options, Value key) {
    return lin::MultiRegisterModel(options);
  }
};

}  // namespace

ARIADNE_MODEL(multi_register) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "multi-register";
    d.help = "Knossos' registers read and written several at once by txn ops";
    d.operations = "txn";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.keys = Keys::kInValue;
    d.rank = 10;
    d.nil_reads_any = true;
    d.initial_by_key = true;
    d.effects = &effects;
    d.initial_reads = InitialReads::kValue;
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
