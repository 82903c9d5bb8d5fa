#include "linearizability/model.h"

namespace ariadne::lin {

std::string describe_values(Words s, const char* open, const char* close) {
  std::string out = open;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0) out += ' ';
    append_edn(out, value_of(s[i]));
  }
  out += close;
  return out;
}

bool f_is(Value f, std::initializer_list<std::string_view> names) {
  if (!f.is_text()) return false;
  for (std::string_view n : names)
    if (f.as_text() == n) return true;
  return false;
}

Prepared prepare_put_take(const History& h, const Operation& op, PreparedOp& out, std::string& why,
                          std::string_view put, std::string_view take, std::string_view model) {
  Value f = h.f(op);
  if (f_is(f, {put})) {
    out.code = 0;
    out.a = h.argument(op);
    return Prepared::kKeep;
  }
  if (f_is(f, {take})) {
    out.code = 1;
    out.result = h.result(op);
    out.pure = op.status == OpStatus::kOk && out.result.is_null();  // saw it empty
    return Prepared::kKeep;
  }
  why = "expected f :" + std::string(put) + " or :" + std::string(take) + " for model " +
        std::string(model) + ", got " + to_edn(f);
  return Prepared::kError;
}

}  // namespace ariadne::lin
