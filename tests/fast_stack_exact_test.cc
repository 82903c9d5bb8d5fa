// The stack's exact procedure (checkers/models/stack_fast.cc) on small
// hand-made histories whose answers are known: each is checked with the
// fast path and with the search alone, and both must give the expected
// verdict; the fast path must have decided it (or declined, for the one
// documented shape).
#include <catch2/catch.hpp>

#include <string>

#include "ariadne/checker.h"
#include "fast_check.h"

namespace {

constexpr const char* kName = "stack: unique values (decrease and conquer)";

using Outcome = ariadne_test::FastCheck;

Outcome check(const std::string& text, bool fast_path) {
  return ariadne_test::fast_check("stack", text, fast_path);
}

// The fast path decides `text` as `expected`, and so does the search.
void decides(const std::string& text, ariadne::Verdict expected) {
  INFO(text);
  Outcome fast = check(text, true);
  CHECK(fast.procedure == kName);
  CHECK(fast.declined.empty());
  CHECK(fast.verdict == expected);
  CHECK(check(text, false).verdict == expected);
}

// An op from `from` to `to` (times); to < 0: it crashed (info at -to);
// to == 0: it never completed. `value`: the push's argument, or the pop's
// result ("null": empty).
std::string op(int process, const char* f, const char* value, int from, int to) {
  auto event = [&](const char* type, const char* v, int t) {
    return std::string("{\"process\": ") + std::to_string(process) + ", \"type\": \"" + type +
           "\", \"f\": \"" + f + "\", \"value\": " + v + ", \"time\": " + std::to_string(t) + "}\n";
  };
  bool push = std::string(f) == "push";
  std::string out = event("invoke", push ? value : "null", from);
  if (to > 0) out += event("ok", value, to);
  if (to < 0) out += event("info", push ? value : "null", -to);
  return out;
}

// The events of several ops, in time order.
std::string history(std::initializer_list<std::string> ops) {
  std::vector<std::pair<long, std::string>> events;
  for (const std::string& o : ops) {
    for (size_t at = 0; at < o.size();) {
      size_t end = o.find('\n', at);
      std::string line = o.substr(at, end - at + 1);
      long t = std::stol(line.substr(line.find("\"time\": ") + 8));
      events.push_back({t, line});
      at = end + 1;
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& e : events) out += e.second;
  return out;
}

}  // namespace

TEST_CASE("stack: a value popped from under another is a violation", "[fast][stack]") {
  decides(history({op(0, "push", "1", 0, 1), op(0, "push", "2", 2, 3), op(1, "pop", "1", 4, 5),
                   op(1, "pop", "2", 6, 7)}),
          ariadne::Verdict::kInvalid);
  // The same when the second push may come first.
  decides(history({op(0, "push", "1", 0, 5), op(1, "push", "2", 1, 2), op(2, "pop", "1", 6, 7),
                   op(2, "pop", "2", 8, 9)}),
          ariadne::Verdict::kValid);
}

TEST_CASE("stack: no value is pushed first and popped last, yet it is linearizable",
          "[fast][stack]") {
  // 10 must be popped before 11 is; 11 can be pushed below 10.
  decides(history({op(0, "push", "10", 0, 10), op(1, "pop", "10", 1, 3), op(2, "push", "11", 2, 4),
                   op(2, "pop", "11", 5, 11)}),
          ariadne::Verdict::kValid);
  // Two blocks, one after the other, and a nested one.
  decides(history({op(0, "push", "1", 0, 1), op(0, "push", "2", 2, 3), op(1, "pop", "2", 4, 5),
                   op(0, "push", "3", 6, 7), op(1, "pop", "3", 8, 9), op(1, "pop", "1", 10, 11)}),
          ariadne::Verdict::kValid);
  decides(history({op(0, "push", "1", 0, 1), op(0, "push", "2", 2, 3), op(1, "pop", "2", 4, 5),
                   op(0, "push", "3", 6, 7), op(1, "pop", "1", 8, 9), op(1, "pop", "3", 10, 11)}),
          ariadne::Verdict::kInvalid);
}

TEST_CASE("stack: an empty pop needs a moment when nothing is in for certain", "[fast][stack]") {
  decides(history({op(0, "push", "1", 0, 1), op(0, "pop", "1", 2, 3), op(1, "pop", "null", 4, 5),
                   op(0, "push", "2", 6, 7), op(0, "pop", "2", 8, 9)}),
          ariadne::Verdict::kValid);
  decides(history({op(0, "push", "1", 0, 1), op(1, "pop", "null", 2, 3), op(0, "pop", "1", 4, 5)}),
          ariadne::Verdict::kInvalid);
  // A crashed pop may have taken 1 before the empty pop.
  decides(
      history({op(0, "push", "1", 0, 1), op(2, "pop", "null", 1, -2), op(1, "pop", "null", 3, 4)}),
      ariadne::Verdict::kValid);
}

TEST_CASE("stack: a crashed push whose value was popped took effect", "[fast][stack]") {
  decides(history({op(0, "push", "1", 0, -1), op(1, "pop", "1", 5, 6), op(1, "pop", "null", 7, 8)}),
          ariadne::Verdict::kValid);
  // One nobody popped can be left out, so the empty pop is fine.
  decides(history({op(0, "push", "1", 0, -1), op(1, "pop", "null", 5, 6)}),
          ariadne::Verdict::kValid);
}

TEST_CASE("stack: a crashed pop takes the value pushed above the one popped next",
          "[fast][stack]") {
  // 48 is pushed above 45 for certain, so only the crashed pop can take it
  // before 45 leaves; 46 can go below 45.
  std::string without = history({op(1, "push", "45", 10, 20), op(2, "push", "46", 15, 40),
                                 op(1, "push", "47", 30, 45), op(3, "push", "48", 35, 50),
                                 op(4, "pop", "47", 60, 70), op(1, "pop", "45", 62, 80)});
  decides(without, ariadne::Verdict::kInvalid);
  decides(without + op(5, "pop", "null", 0, 0), ariadne::Verdict::kValid);
  // Begun after 45 left, the crashed pop is too late.
  decides(without + op(5, "pop", "null", 90, 0), ariadne::Verdict::kInvalid);
}

TEST_CASE("stack: one crashed pop cannot serve two leftovers", "[fast][stack]") {
  // 0 must leave before the empty pop at 70, 3 before 2 is popped at 100:
  // the one crashed pop can take only one of them. This is the shape the
  // procedure declines (docs/fast-paths.md): the counted reading passes, the
  // matching built from it does not.
  std::string h = history({op(0, "push", "0", 20, 21), op(0, "push", "1", 30, 31),
                           op(0, "pop", "1", 40, 41), op(0, "pop", "null", 60, -60),
                           op(1, "pop", "null", 70, 71), op(1, "push", "2", 80, 81),
                           op(1, "push", "3", 90, 91), op(1, "pop", "2", 100, 101)});
  INFO(h);
  Outcome fast = check(h, true);
  CHECK(fast.verdict == ariadne::Verdict::kInvalid);
  CHECK(check(h, false).verdict == ariadne::Verdict::kInvalid);
  if (!fast.procedure.empty()) CHECK(fast.procedure == kName);
  if (fast.procedure.empty())
    CHECK(fast.declined.find("crashed pops: no matching of crashed pops") == 0);
}
