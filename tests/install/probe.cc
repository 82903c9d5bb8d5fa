// Built by scripts/test against the installed library, through pkg-config
// and as a parent project's add_subdirectory: the public API end to end.
// Exits 0 when a stale read is found invalid and its fix valid.
#include <cstdio>

#include "ariadne/ariadne.h"

int main() {
  using ariadne::Value;
  ariadne::ParsedValue two = ariadne::parse_value("2");
  if (!two.ok()) return 1;
  auto history = [&](Value read) {
    ariadne::HistoryBuilder b("probe");
    Value p0 = Value::integer(0), p1 = Value::integer(1);
    b.invoke(p0, "write", Value::integer(1)).ok(p0, "write", Value::integer(1));
    b.invoke(p1, "write", two.value).ok(p1, "write", two.value);
    b.invoke(p0, "read").ok(p0, "read", read);
    return std::move(b).build();
  };
  ariadne::CheckOptions options;
  options.model = "cas-register";
  ariadne::ReadResult stale = history(Value::integer(1)), fresh = history(two.value);
  if (!stale.ok() || !fresh.ok()) return 1;
  auto a = ariadne::check(stale.history, options).verdict;
  auto b = ariadne::check(fresh.history, options).verdict;
  std::printf("stale read: %s, fresh read: %s\n", ariadne::verdict_name(a).data(),
              ariadne::verdict_name(b).data());
  return a == ariadne::Verdict::kInvalid && b == ariadne::Verdict::kValid ? 0 : 1;
}
