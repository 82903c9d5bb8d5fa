// Counterexamples of histories a fast procedure found invalid (issue 16,
// item 4): shrunk with the fast procedure as the oracle to the same
// 1-minimal sub-history the search finds, and explained by the search over
// that sub-history alone (longest prefix, stuck op, model steps).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

namespace {

struct Checked {
  ariadne::History history;
  ariadne::CheckResult result;
};

Checked check(const std::string& text, const std::string& model, bool fast_path) {
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "test.jsonl", {});
  REQUIRE(r.ok());
  ariadne::CheckOptions o;
  o.model = model;
  o.fast_path = fast_path;
  o.shrink_timeout_ns = 0;  // no clock cuts shrinking short
  o.threads = 1;
  Checked c{std::move(r.history), {}};
  c.result = ariadne::check(c.history, o);
  REQUIRE(!c.result.error);
  return c;
}

std::string op(int process, const std::string& type, const std::string& f,
               const std::string& value) {
  return "{\"process\":" + std::to_string(process) + ",\"type\":\"" + type + "\",\"f\":\"" + f +
         "\",\"value\":" + value + "}\n";
}
std::string done(int process, const std::string& f, const std::string& in, const std::string& out) {
  return op(process, "invoke", f, in) + op(process, "ok", f, out);
}

// Lines of the counterexample's ops (their invokes).
std::vector<uint32_t> lines(const Checked& c, const std::vector<uint32_t>& ops) {
  std::vector<uint32_t> out;
  for (uint32_t i : ops) out.push_back(c.history.first_event(c.history.ops[i]).line);
  return out;
}

// The fast path decided; its counterexample is `expected` (lines), minimal,
// the same as the search's, with the search's explanation of it.
void require_shrunk(const std::string& text, const std::string& model,
                    const std::vector<uint32_t>& expected, uint32_t stuck_line,
                    const std::vector<uint32_t>& prefix_lines) {
  Checked fast = check(text, model, true);
  REQUIRE(fast.result.verdict == ariadne::Verdict::kInvalid);
  REQUIRE(fast.result.failing);
  CHECK_FALSE(fast.result.partitions[*fast.result.failing].procedure.empty());
  REQUIRE(fast.result.counterexample);
  const ariadne::Counterexample& cx = *fast.result.counterexample;
  CHECK(cx.minimal);
  CHECK(lines(fast, cx.ops) == expected);
  REQUIRE(cx.stuck_op);
  CHECK(fast.history.first_event(fast.history.ops[*cx.stuck_op]).line == stuck_line);
  CHECK(lines(fast, cx.longest_prefix) == prefix_lines);
  CHECK(cx.steps.size() == prefix_lines.size() + 1);
  CHECK(cx.explanation.find("cannot take effect") != std::string::npos);

  Checked search = check(text, model, false);
  REQUIRE(search.result.counterexample);
  CHECK(search.result.partitions[*search.result.failing].procedure.empty());
  CHECK(search.result.counterexample->ops == cx.ops);
  CHECK(search.result.counterexample->explanation == cx.explanation);
}

}  // namespace

TEST_CASE("a register's stale read found by the fast path shrinks to the two writes and the read",
          "[fast-path][shrink]") {
  std::string text = done(0, "write", "1", "1") + done(0, "write", "2", "2") +
                     done(1, "read", "null", "1");  // lines 1, 3, 5: stale
  for (int v = 3; v < 15; ++v)                      // then writes, each read back: nothing wrong
    text += done(2, "write", std::to_string(v), std::to_string(v)) +
            done(3, "read", "null", std::to_string(v));
  require_shrunk(text, "register", {1, 3, 5}, 5, {1, 3});
}

TEST_CASE("a crashed write that was read stays in the fast path's counterexample",
          "[fast-path][shrink]") {
  // write 1 crashes, yet is read; write 2 completes; 1 is read again.
  std::string text = op(0, "invoke", "write", "1") + op(0, "info", "write", "1") +  // 1
                     done(1, "read", "null", "1") +                                 // 3
                     done(1, "write", "2", "2") +                                   // 5
                     done(1, "read", "null", "2") +                                 // 7
                     done(2, "read", "null", "1");                                  // 9
  for (int v = 3; v < 10; ++v) text += done(3, "write", std::to_string(v), std::to_string(v));
  require_shrunk(text, "cas-register", {1, 3, 5, 9}, 9, {1, 3, 5});
}

TEST_CASE("a counter's lost increment found by the fast path shrinks to both adds and the read",
          "[fast-path][shrink]") {
  std::string text = done(0, "add", "1", "1") + done(1, "add", "1", "1") +  // lines 1, 3
                     done(0, "read", "null", "1");                          // 5: one is lost
  for (int k = 3; k < 12; ++k)
    text += done(1, "add", "1", "1") + done(2, "read", "null", std::to_string(k));
  require_shrunk(text, "counter", {1, 3, 5}, 5, {1, 3});
}
