// The collections' fast procedures on small hand-made histories: which one
// decided, what it answered, and why one declined.
#include <catch2/catch.hpp>

#include <string>

#include "ariadne/checker.h"
#include "fast_check.h"

namespace {

using Outcome = ariadne_test::FastCheck;

// One history in JSON Lines, one event per line: "p type f value".
Outcome check(const std::string& model, const std::string& text, bool fast_path = true) {
  return ariadne_test::fast_check(model, text, fast_path);
}

std::string ev(int process, const char* type, const char* f, const char* value) {
  return std::string("{\"process\": ") + std::to_string(process) + ", \"type\": \"" + type +
         "\", \"f\": \"" + f + "\", \"value\": " + value + "}\n";
}

}  // namespace

TEST_CASE("a value enqueued twice makes the fifo-queue procedure decline, naming it",
          "[fast][fifo-queue]") {
  std::string h = ev(0, "invoke", "enqueue", "1") + ev(0, "ok", "enqueue", "1") +
                  ev(0, "invoke", "enqueue", "1") + ev(0, "ok", "enqueue", "1") +
                  ev(1, "invoke", "dequeue", "null") + ev(1, "ok", "dequeue", "1");
  Outcome o = check("fifo-queue", h);
  CHECK(o.verdict == ariadne::Verdict::kValid);  // the search decided
  CHECK(o.procedure.empty());
  CHECK(o.declined == "value 1 is inserted more than once");
}

TEST_CASE("a value dequeued twice after one enqueue is a violation, not a decline",
          "[fast][fifo-queue]") {
  std::string h = ev(0, "invoke", "enqueue", "1") + ev(0, "ok", "enqueue", "1") +
                  ev(1, "invoke", "dequeue", "null") + ev(1, "ok", "dequeue", "1") +
                  ev(1, "invoke", "dequeue", "null") + ev(1, "ok", "dequeue", "1");
  Outcome o = check("fifo-queue", h);
  CHECK(o.verdict == ariadne::Verdict::kInvalid);
  CHECK(o.procedure == "fifo-queue: unique values (decrease and conquer)");
}

TEST_CASE("a crashed dequeue may take the element an empty dequeue must not see",
          "[fast][unordered-queue]") {
  std::string before = ev(0, "invoke", "enqueue", "1") + ev(0, "ok", "enqueue", "1");
  std::string empty = ev(2, "invoke", "dequeue", "null") + ev(2, "ok", "dequeue", "null");
  std::string crashed = ev(1, "invoke", "dequeue", "null") + ev(1, "info", "dequeue", "null");
  for (const char* model : {"unordered-queue", "fifo-queue", "stack"}) {
    std::string b = before, e = empty, c = crashed;
    if (std::string(model) == "stack") {
      for (std::string* s : {&b, &e, &c}) {
        for (auto [from, to] : {std::pair{"enqueue", "push"}, std::pair{"dequeue", "pop"}}) {
          for (size_t at; (at = s->find(from)) != std::string::npos;)
            s->replace(at, std::string(from).size(), to);
        }
      }
    }
    INFO(model);
    Outcome without = check(model, b + e);
    CHECK(without.verdict == ariadne::Verdict::kInvalid);
    CHECK_FALSE(without.procedure.empty());
    Outcome with = check(model, b + c + e);
    CHECK(with.verdict == ariadne::Verdict::kValid);
    CHECK_FALSE(with.procedure.empty());
  }
}

TEST_CASE("a crashed enqueue whose value was dequeued took effect", "[fast][fifo-queue]") {
  std::string h = ev(0, "invoke", "enqueue", "1") + ev(1, "invoke", "dequeue", "null") +
                  ev(1, "ok", "dequeue", "1") + ev(0, "info", "enqueue", "1") +
                  ev(1, "invoke", "dequeue", "null") + ev(1, "ok", "dequeue", "null");
  Outcome o = check("fifo-queue", h);
  CHECK(o.verdict == ariadne::Verdict::kValid);
  CHECK(o.procedure == "fifo-queue: unique values (decrease and conquer)");
}

TEST_CASE("a set remove before its value's add changes nothing", "[fast][set]") {
  std::string h = ev(0, "invoke", "remove", "1") + ev(0, "ok", "remove", "1") +
                  ev(0, "invoke", "add", "1") + ev(0, "ok", "add", "1") +
                  ev(1, "invoke", "read", "null") + ev(1, "ok", "read", "[1]");
  Outcome valid = check("set", h);
  CHECK(valid.verdict == ariadne::Verdict::kValid);
  CHECK(valid.procedure == "set: unique adds (greedy sweep)");
  std::string lost = ev(0, "invoke", "remove", "1") + ev(0, "ok", "remove", "1") +
                     ev(0, "invoke", "add", "1") + ev(0, "ok", "add", "1") +
                     ev(1, "invoke", "read", "null") + ev(1, "ok", "read", "[]");
  Outcome invalid = check("set", lost);
  CHECK(invalid.verdict == ariadne::Verdict::kInvalid);
  CHECK(invalid.procedure == "set: unique adds (greedy sweep)");
}

TEST_CASE("a set value removed twice makes the set procedure decline", "[fast][set]") {
  std::string h = ev(0, "invoke", "add", "1") + ev(0, "ok", "add", "1") +
                  ev(0, "invoke", "remove", "1") + ev(0, "ok", "remove", "1") +
                  ev(1, "invoke", "remove", "1") + ev(1, "ok", "remove", "1");
  Outcome o = check("set", h);
  CHECK(o.verdict == ariadne::Verdict::kValid);
  CHECK(o.procedure.empty());
  CHECK(o.declined == "value 1 is removed more than once");
}

TEST_CASE(
    "priority-queue ties leave in the order the history says; a larger one cannot pass "
    "a smaller one",
    "[fast][priority-queue]") {
  std::string ties = ev(0, "invoke", "insert", "[1, \"x\"]") + ev(0, "ok", "insert", "[1, \"x\"]") +
                     ev(0, "invoke", "insert", "[1, \"y\"]") + ev(0, "ok", "insert", "[1, \"y\"]") +
                     ev(1, "invoke", "extract-min", "null") +
                     ev(1, "ok", "extract-min", "[1, \"y\"]");
  Outcome o = check("priority-queue", ties);
  CHECK(o.verdict == ariadne::Verdict::kValid);
  CHECK(o.procedure == "priority-queue: unique elements (exact sweep)");
  std::string passed =
      ev(0, "invoke", "insert", "[1, \"x\"]") + ev(0, "ok", "insert", "[1, \"x\"]") +
      ev(0, "invoke", "insert", "[2, \"y\"]") + ev(0, "ok", "insert", "[2, \"y\"]") +
      ev(1, "invoke", "extract-min", "null") + ev(1, "ok", "extract-min", "[2, \"y\"]");
  Outcome bad = check("priority-queue", passed);
  CHECK(bad.verdict == ariadne::Verdict::kInvalid);
  CHECK(bad.procedure == "priority-queue: unique elements (exact sweep)");
  CHECK(check("priority-queue", passed, /*fast_path=*/false).verdict == ariadne::Verdict::kInvalid);
}
