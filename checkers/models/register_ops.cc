// RegisterOps (model.h) and the effects shared by the register models.
#include "models/register_spec.h"

namespace ariadne::models {

bool RegisterOps::is_read(Value f) const {
  return lin::f_is(f, {"read"}) || (get_put && lin::f_is(f, {"get"}));
}

bool RegisterOps::is_write(Value f) const {
  return lin::f_is(f, {"write"}) || (get_put && lin::f_is(f, {"put"}));
}

std::string RegisterOps::expected(bool with_cas, bool with_append) const {
  std::vector<std::string> names = {get_put ? ":read/:get" : ":read",
                                    get_put ? ":write/:put" : ":write"};
  if (append && with_append) names.push_back(":append");
  if (cas && with_cas) names.push_back(":cas");
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

void register_effects(const ModelDef& def, const History& h, const Operation& op, Value key,
                      const CheckOptions& options, Effects& fx) {
  const RegisterOps& ops = *def.registers;
  bool ok = op.status == OpStatus::kOk;
  Value f = h.f(op);
  Value arg = h.argument(op);
  if (ops.is_read(f)) {
    Value res = h.result(op);
    if (!ok) return;
    fx.nil_read = res.is_null();
    if (fx.nil_read && options.nil_reads == NilReads::kAny) return;
    fx.reads.push_back({key, res});
    // A string read may be explained by appends rather than one write.
    if (ops.append && res.kind() == Kind::kString) fx.appended_reads.push_back({key, res});
  } else if (ops.is_write(f)) {
    fx.writes.push_back({key, arg});
  } else if (ops.is_cas(f) && arg.kind() == Kind::kVector && arg.size() == 2) {
    if (ok) fx.reads.push_back({key, arg.items()[0]});
    fx.writes.push_back({key, arg.items()[1]});
  } else if (ops.is_append(f) && arg.kind() == Kind::kString) {
    fx.appends.push_back({key, arg});
  }
}

void RegisterGen::choose(gen::Rng& rng, gen::Values& values, gen::Op& op) const {
  op.update = true;
  op.arg = gen::Datum::nil();
  int r = gen::pick(rng, cas_ ? 3 : 2);
  if (r == 0) {
    op.f = "read";
    op.update = false;
  } else if (r == 1) {
    op.f = "write";
    op.arg = gen::Datum::integer(values.next(rng));
  } else {
    op.f = "cas";
    int64_t expected = values.next(rng);
    op.arg =
        gen::Datum::list({gen::Datum::integer(expected), gen::Datum::integer(values.next(rng))});
  }
}

bool RegisterGen::apply(gen::Op& op) {
  std::string_view f = op.f;
  op.result = op.arg;
  if (f == "read" || f == "get") {
    op.result = value_;
  } else if (f == "write" || f == "put") {
    value_ = op.arg;
  } else if (f == "cas") {
    if (!(value_ == op.arg.items[0])) return false;
    value_ = op.arg.items[1];
  }
  return true;
}

}  // namespace ariadne::models
