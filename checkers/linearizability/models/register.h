// register, cas-register and kv (one key's register): the state is one
// word, the bits of the current value.
#pragma once

#include "linearizability/model.h"

namespace ariadne::lin {

class RegisterModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kRead, kWrite, kCas, kAppend };

  // kind: "register" (read, write), "cas-register" (+ cas), "kv" (+ get,
  // put, append).
  RegisterModel(std::string kind, Value initial) : kind_(std::move(kind)), initial_(initial) {}

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out,
                   std::string& why) const {
    Value f = h.f(op);
    bool kv = kind_ == "kv";
    if (f_is(f, {"read"}) || (kv && f_is(f, {"get"}))) {
      if (op.status != OpStatus::kOk) return Prepared::kDrop;
      out.code = kRead;
      out.result = h.result(op);
      return Prepared::kKeep;
    }
    if (f_is(f, {"write"}) || (kv && f_is(f, {"put"}))) {
      out.code = kWrite;
      out.a = h.argument(op);
      return Prepared::kKeep;
    }
    if (kind_ != "register" && f_is(f, {"cas"})) {
      Value arg = h.argument(op);
      if (arg.kind() != Kind::kVector || arg.size() != 2) {
        why = "expected cas's value to be [old new], got " + to_edn(arg);
        return Prepared::kError;
      }
      out.code = kCas;
      out.a = arg.items()[0];
      out.b = arg.items()[1];
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
          (kind_ == "register" ? ":read or :write"
           : kv                ? ":read/:get, :write/:put, :append or :cas"
                               : ":read, :write or :cas") +
          " for model " + kind_ + ", got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.assign(1, word(initial_)); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    switch (op.code) {
      case kRead:
        if (s[0] != word(op.result)) return false;
        out.assign(s.begin(), s.end());
        return true;
      case kWrite:
        out.assign(1, word(op.a));
        return true;
      case kCas:
        if (s[0] != word(op.a)) return false;
        out.assign(1, word(op.b));
        return true;
      case kAppend: {
        Value cur = value_of(s[0]);
        if (!cur.is_null() && cur.kind() != Kind::kString) return false;
        std::string joined(cur.is_null() ? std::string_view() : cur.as_text());
        joined += op.a.as_text();
        out.assign(1, word(Value::string(joined)));
        return true;
      }
    }
    return false;
  }

  std::string describe(Words s) const { return to_edn(value_of(s[0])); }

 private:
  std::string kind_;
  Value initial_;
};

}  // namespace ariadne::lin
