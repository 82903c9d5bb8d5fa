// The sequential spec shared by the register models (register.cc,
// cas_register.cc, kv.cc): one register (one key's, for kv); the state is
// one word, the bits of the current value. Which operations a model has is
// given by RegisterOps flags.
//
// Under NilReads::kAny (Knossos) an ok read of nil is dropped at prepare:
// it is legal in every state and changes none, so it can always be placed
// and leaving it out changes no verdict.
#pragma once

#include "ariadne/checker.h"
#include "linearizability/model.h"
#include "models/append_chain.h"

namespace ariadne::lin {

// Which operations a register model accepts beyond read and write.
struct RegisterOps {
  std::string_view name;  // for messages: "expected f ... for model <name>"
  bool cas = false;       // cas [old new]
  bool kv = false;        // get, put, append (and keys)
};

class RegisterModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kRead, kWrite, kCas, kAppend };

  // The register starts at options.initial_of(key) (`key` nil for an
  // unkeyed history). `options` must outlive the model.
  RegisterModel(RegisterOps ops, const CheckOptions& options, Value key)
      : ops_(ops),
        options_(&options),
        initial_(options.initial_of(key)),
        nil_any_(options.nil_reads == NilReads::kAny) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    bool kv = ops_.kv;
    if (f_is(f, {"read"}) || (kv && f_is(f, {"get"}))) {
      if (op.status != OpStatus::kOk) return Prepared::kDrop;
      out.result = h.result(op);
      if (nil_any_ && out.result.is_null()) return Prepared::kDrop;
      out.code = kRead;
      out.pure = true;
      if (out.result.kind() == Kind::kString)
        out.aux = AppendChain::hash_text(out.result.as_text());
      return Prepared::kKeep;
    }
    if (f_is(f, {"write"}) || (kv && f_is(f, {"put"}))) {
      out.code = kWrite;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (ops_.cas && f_is(f, {"cas"})) {
      Value arg = h.argument(op);
      if (arg.kind() != Kind::kVector || arg.size() != 2) {
        why = "expected cas's value to be [old new], got " + to_edn(arg);
        return Prepared::kError;
      }
      out.code = kCas;
      out.a = arg.items()[0];
      out.b = arg.items()[1];
      if (out.a.kind() == Kind::kString) out.aux = AppendChain::hash_text(out.a.as_text());
      return Prepared::kKeep;
    }
    if (kv && f_is(f, {"append"})) {
      Value arg = h.argument(op);
      if (arg.kind() != Kind::kString) {
        why = "expected append's value to be a string, got " + to_edn(arg);
        return Prepared::kError;
      }
      out.code = kAppend;
      out.a = arg;
      return Prepared::kKeep;
    }
    why = std::string("expected f ") +
          (kv         ? ":read/:get, :write/:put, :append or :cas"
           : ops_.cas ? ":read, :write or :cas"
                      : ":read or :write") +
          " for model " + std::string(ops_.name) + ", got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.assign(1, word(initial_)); }
  // The initial state of one key's register when KeyedModel holds many.
  void initial_of_key(Value key, State& out) const {
    out.assign(1, word(options_->initial_of(key)));
  }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    switch (op.code) {
      case kRead:
        if (!chain_.equals(s[0], op.result, op.aux)) return false;
        out.assign(s.begin(), s.end());
        return true;
      case kWrite: out.assign(1, word(op.a)); return true;
      case kCas:
        if (!chain_.equals(s[0], op.a, op.aux)) return false;
        out.assign(1, word(op.b));
        return true;
      case kAppend: {
        uint64_t joined = chain_.append(s[0], op.a);
        if (joined == 0) return false;
        out.assign(1, joined);
        return true;
      }
    }
    return false;
  }

  // Lookahead (model.h): writes and cas reset the register; the forward
  // ops are reads and appends, which only extend a string.
  bool resets(const PreparedOp& op) const { return op.code == kWrite || op.code == kCas; }
  bool watched(const PreparedOp& op) const { return op.code == kRead && !op.crashed; }
  bool unreachable(Words s, const PreparedOp& read) const {
    if (chain_.equals(s[0], read.result, read.aux)) return false;
    if (!ops_.kv) return true;  // reads are the only forward ops
    Value cur = value_of(s[0]);
    bool text = AppendChain::is_chain(s[0]) || cur.kind() == Kind::kString;
    if (read.result.kind() != Kind::kString) return text || !cur.is_null();
    if (cur.is_null()) return false;  // an append makes nil any string
    if (!text) return true;           // appends fail on other values
    return !chain_.may_extend_to(s[0], read.result);
  }

  std::string describe(Words s) const {
    if (AppendChain::is_chain(s[0])) return to_edn(Value::string(chain_.content(s[0])));
    return to_edn(value_of(s[0]));
  }

 private:
  mutable AppendChain chain_;  // kv appends; see append_chain.h
  RegisterOps ops_;
  const CheckOptions* options_;
  Value initial_;
  bool nil_any_;
};

}  // namespace ariadne::lin
