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

struct Make {
  static lin::MultiRegisterModel make(const CheckOptions& options, Value key) {
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
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
