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

}  // namespace ariadne::lin
