// Causal consistency (CC), causal convergence (CCv) and causal memory (CM):
// each bad pattern with its witness, the normalisation of crashed and
// failed operations, bad input, and `strongest`.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "causal_support.h"

namespace {

using ariadne::Consistency;
using ariadne::Verdict;
using causal_test::check_text;
using causal_test::Checked;
using causal_test::edge_lines;
using causal_test::EdgeLines;
using causal_test::op;
using causal_test::op_lines;

constexpr Consistency kCC = Consistency::kCausal;
constexpr Consistency kCCv = Consistency::kCausalConvergence;
constexpr Consistency kCM = Consistency::kCausalMemory;

std::string verdict(const Checked& c) {
  REQUIRE_FALSE(c.result.error.has_value());
  return std::string(ariadne::verdict_name(c.result.verdict));
}

std::string pattern(const Checked& c) {
  REQUIRE(c.result.causal);
  return c.result.causal->pattern;
}

// Each process: write x, then read the other's value (Fig. 2(a)).
const std::string kCyclicCF = op(0, "write", "x", "1") + op(1, "write", "x", "2") +
                              op(0, "read", "x", "2") + op(1, "read", "x", "1");
// Process 0 writes x=1, reads x=2, reads x=1 (Fig. 2(c), reconstructed).
const std::string kCyclicHB = op(0, "write", "x", "1") + op(1, "write", "x", "2") +
                              op(0, "read", "x", "2") + op(0, "read", "x", "1");
// Fig. 2(b), initial value 0.
const std::string kWriteHBInitRead = op(0, "write", "z", "1") + op(0, "write", "x", "1") +
                                     op(0, "write", "y", "1") + op(1, "write", "x", "2") +
                                     op(1, "read", "z", "0") + op(1, "read", "y", "1") +
                                     op(1, "read", "x", "2");

}  // namespace

TEST_CASE("a read of a value never written is ThinAirRead, not a crash", "[causal]") {
  for (Consistency c : {kCC, kCCv, kCM}) {
    Checked r = check_text(op(0, "write", "x", "1") + op(1, "read", "x", "5"), c);
    CHECK(verdict(r) == "invalid");
    CHECK(pattern(r) == "ThinAirRead");
    CHECK(op_lines(r) == std::vector<uint32_t>{2});
    REQUIRE(r.result.counterexample);
    CHECK(r.result.counterexample->ops == r.result.causal->ops);
    CHECK(r.result.counterexample->explanation.find("ThinAirRead") == 0);
  }
}

TEST_CASE("a read of a failed write's value is an aborted read", "[causal]") {
  Checked r = check_text(op(0, "write", "x", "1", "fail") + op(1, "read", "x", "1"), kCC);
  CHECK(verdict(r) == "invalid");
  CHECK(pattern(r) == "AbortedRead");
  CHECK(edge_lines(r) == std::vector<EdgeLines>{{"rf", 1, 2}});
  CHECK(op_lines(r) == std::vector<uint32_t>{1, 2});
}

TEST_CASE("a read that returns a value written causally after it is CyclicCO", "[causal]") {
  Checked r = check_text(op(0, "read", "x", "1") + op(0, "write", "y", "1") +
                             op(1, "read", "y", "1") + op(1, "write", "x", "1"),
                         kCC);
  CHECK(verdict(r) == "invalid");
  CHECK(pattern(r) == "CyclicCO");
  CHECK(edge_lines(r) ==
        std::vector<EdgeLines>{{"po", 1, 2}, {"rf", 2, 3}, {"po", 3, 4}, {"rf", 4, 1}});
  CHECK(r.result.causal->edges[1].why.find("read the value written by") != std::string::npos);
}

TEST_CASE("an initial-value read after a causally earlier write is WriteCOInitRead", "[causal]") {
  Checked r = check_text(op(0, "write", "x", "1") + op(0, "write", "y", "1") +
                             op(1, "read", "y", "1") + op(1, "read", "x", "null"),
                         kCC);
  CHECK(verdict(r) == "invalid");
  CHECK(pattern(r) == "WriteCOInitRead");
  CHECK(edge_lines(r) == std::vector<EdgeLines>{{"po", 1, 2}, {"rf", 2, 3}, {"po", 3, 4}});
  CHECK(op_lines(r) == std::vector<uint32_t>{1, 2, 3, 4});
}

TEST_CASE("a read of a value overwritten causally before it is WriteCORead", "[causal]") {
  // Fig. 2(e), reconstructed: 1 then 2 by process 0, read 2 then 1 by process 1.
  Checked r = check_text(op(0, "write", "x", "1") + op(0, "write", "x", "2") +
                             op(1, "read", "x", "2") + op(1, "read", "x", "1"),
                         kCC);
  CHECK(verdict(r) == "invalid");
  CHECK(pattern(r) == "WriteCORead");
  CHECK(edge_lines(r) ==
        std::vector<EdgeLines>{{"rf", 1, 4}, {"po", 1, 2}, {"rf", 2, 3}, {"po", 3, 4}});
}

TEST_CASE("WriteCORead's witness takes the overwriting write with the shortest chain", "[causal]") {
  // Both x=2 (process 0, two steps from x=1) and x=3 (process 1, one step)
  // overwrite x=1 causally before the read; x=3's chain is shorter.
  std::string h = op(0, "write", "x", "1") + op(0, "write", "y", "1") + op(0, "write", "x", "2") +
                  op(1, "read", "y", "1") + op(1, "write", "x", "3") + op(2, "read", "x", "2") +
                  op(1, "read", "x", "1");
  Checked r = check_text(h, kCC);
  CHECK(pattern(r) == "WriteCORead");
  CHECK(edge_lines(r) == std::vector<EdgeLines>{
                             {"rf", 1, 7}, {"po", 1, 2}, {"rf", 2, 4}, {"po", 4, 5}, {"po", 5, 7}});
}

TEST_CASE("Fig. 2(a) is CyclicCF: causal memory but not causal convergence", "[causal]") {
  CHECK(verdict(check_text(kCyclicCF, kCC)) == "valid");
  CHECK(verdict(check_text(kCyclicCF, kCM)) == "valid");
  Checked r = check_text(kCyclicCF, kCCv);
  CHECK(verdict(r) == "invalid");
  CHECK(pattern(r) == "CyclicCF");
  CHECK(edge_lines(r) == std::vector<EdgeLines>{{"cf", 1, 2}, {"cf", 2, 1}});
  // Each cf edge names the read that justifies it.
  const auto& edges = r.result.causal->edges;
  REQUIRE(edges[0].via.has_value());
  CHECK(causal_test::line_of(r.history, *edges[0].via) == 3);
  CHECK(causal_test::line_of(r.history, *edges[1].via) == 4);
  CHECK(op_lines(r) == std::vector<uint32_t>{1, 2, 3, 4});
}

TEST_CASE("Fig. 2(b) is WriteHBInitRead: causal convergence but not causal memory", "[causal]") {
  ariadne::Value zero = ariadne::Value::integer(0);
  CHECK(verdict(check_text(kWriteHBInitRead, kCC, "kv", zero)) == "valid");
  CHECK(verdict(check_text(kWriteHBInitRead, kCCv, "kv", zero)) == "valid");
  Checked r = check_text(kWriteHBInitRead, kCM, "kv", zero);
  CHECK(verdict(r) == "invalid");
  CHECK(pattern(r) == "WriteHBInitRead");
  REQUIRE(r.result.causal->process);
  CHECK(*r.result.causal->process == ariadne::Value::integer(1));
  // z=1 po x=1, x=1 hb x=2 (process 1 read x=2 at line 7 with x=1 before it), x=2 po read z=0.
  CHECK(edge_lines(r) == std::vector<EdgeLines>{{"po", 1, 2}, {"hb", 2, 4}, {"po", 4, 5}});
  CHECK(causal_test::line_of(r.history, *r.result.causal->edges[1].via) == 7);
  // The hb edge's reason shows why x=1 was before the read of x=2: through
  // y=1 and its read, whose operations join the witness.
  CHECK(r.result.causal->edges[1].why.find(
            "(line 3) (po) → process 1 read \"y\"=1 (line 6) (rf)") != std::string::npos);
  CHECK(op_lines(r) == std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("Fig. 2(c) is CyclicHB and CyclicCF, yet causally consistent", "[causal]") {
  CHECK(verdict(check_text(kCyclicHB, kCC)) == "valid");
  Checked cm = check_text(kCyclicHB, kCM);
  CHECK(pattern(cm) == "CyclicHB");
  CHECK(edge_lines(cm) == std::vector<EdgeLines>{{"hb", 1, 2}, {"hb", 2, 1}});
  CHECK(*cm.result.causal->process == ariadne::Value::integer(0));
  CHECK(pattern(check_text(kCyclicHB, kCCv)) == "CyclicCF");
}

TEST_CASE("causal memory's views are per process: two processes may disagree", "[causal]") {
  // IncrementalCCC's CyclicHB_perProcess: process 0's view orders a=2
  // before a=1, process 2's the reverse. Each view alone is acyclic.
  std::string h = op(0, "read", "b", "4") + op(0, "read", "a", "1") + op(1, "write", "a", "1") +
                  op(1, "write", "b", "3") + op(2, "write", "a", "2") + op(2, "write", "b", "4") +
                  op(2, "read", "b", "3") + op(2, "read", "a", "2");
  CHECK(verdict(check_text(h, kCM)) == "valid");
  CHECK(pattern(check_text(h, kCCv)) == "CyclicCF");
}

TEST_CASE("a crashed write that is read is kept; a crashed read is dropped", "[causal]") {
  std::string h =
      "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"key\":\"x\",\"value\":1}\n"
      "{\"type\":\"info\",\"process\":0,\"f\":\"write\",\"key\":\"x\",\"value\":1}\n" +
      op(1, "read", "x", "1") +
      "{\"type\":\"invoke\",\"process\":2,\"f\":\"read\",\"key\":\"x\",\"value\":null}\n"
      "{\"type\":\"info\",\"process\":2,\"f\":\"read\",\"key\":\"x\",\"value\":7}\n";
  Checked r = check_text(h, kCM);
  CHECK(verdict(r) == "valid");
  CHECK(r.result.partitions.empty());       // one object, not partitions
  CHECK(r.result.checked_operations == 2);  // the crashed write and the ok read
}

TEST_CASE("a crashed write nobody read takes no part", "[causal]") {
  // Had the crashed x=2 been kept, process 0's x=1 read after it would be
  // WriteCORead... it is not kept, so the history is causal.
  std::string h =
      op(0, "write", "x", "1") +
      "{\"type\":\"invoke\",\"process\":1,\"f\":\"write\",\"key\":\"x\",\"value\":2}\n" +
      op(0, "read", "x", "1");
  Checked r = check_text(h, kCC);
  CHECK(verdict(r) == "valid");
  CHECK(r.result.checked_operations == 2);
}

TEST_CASE("a value written twice to one key gives unknown: not differentiated", "[causal]") {
  Checked r = check_text(
      op(0, "write", "x", "1") + op(1, "write", "x", "1") + op(2, "read", "x", "1"), kCC);
  CHECK(verdict(r) == "unknown");
  CHECK(r.result.reason.find("not differentiated") != std::string::npos);
  CHECK(r.result.reason.find("line 1 and line 2") != std::string::npos);
  // The same value on two keys is fine.
  CHECK(verdict(check_text(op(0, "write", "x", "1") + op(1, "write", "y", "1"), kCC)) == "valid");
}

TEST_CASE("a write of the initial value gives unknown: its reads are ambiguous", "[causal]") {
  Checked r = check_text(op(0, "write", "x", "0") + op(1, "read", "x", "0"), kCC, "kv",
                         ariadne::Value::integer(0));
  CHECK(verdict(r) == "unknown");
  CHECK(r.result.reason.find("initial value 0") != std::string::npos);
}

TEST_CASE("--initial decides which reads read no write", "[causal]") {
  std::string h = op(0, "write", "x", "1") + op(1, "read", "x", "0");
  CHECK(pattern(check_text(h, kCC)) == "ThinAirRead");
  CHECK(verdict(check_text(h, kCC, "kv", ariadne::Value::integer(0))) == "valid");
}

TEST_CASE("models other than read/write ones give unknown with the reason", "[causal]") {
  std::string h = "{\"type\":\"ok\",\"process\":0,\"f\":\"add\",\"value\":1}\n";
  Checked r = check_text(h, kCC, "set");
  CHECK(verdict(r) == "unknown");
  CHECK(r.result.reason.find("not for model set") != std::string::npos);
  // An ok cas is neither a read nor a write; a failed one did not happen.
  std::string cas = "{\"type\":\"ok\",\"process\":0,\"f\":\"cas\",\"value\":[1,2]}\n";
  std::string failed = "{\"type\":\"fail\",\"process\":0,\"f\":\"cas\",\"value\":[1,2]}\n";
  CHECK(verdict(check_text(cas, kCC, "cas-register")) == "unknown");
  CHECK(verdict(check_text(failed, kCC, "cas-register")) == "valid");
}

TEST_CASE("an f the model does not know, or kv without a key, is an error", "[causal]") {
  Checked r =
      check_text("{\"type\":\"ok\",\"process\":0,\"f\":\"frob\",\"value\":1}\n", kCC, "register");
  REQUIRE(r.result.error);
  CHECK(r.result.error->message == "expected f :read or :write for model register, got :frob");
  CHECK(r.result.error->line == 1);
  Checked k = check_text("{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}\n", kCC);
  REQUIRE(k.result.error);
  CHECK(k.result.error->message.find("expected field \"key\"") == 0);
}

TEST_CASE("register histories without keys are one object", "[causal]") {
  std::string h =
      "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}\n"
      "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":2}\n"
      "{\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"value\":2}\n"
      "{\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"value\":1}\n";
  CHECK(pattern(check_text(h, kCC, "register")) == "WriteCORead");
}

TEST_CASE("a cycle of 100,000 operations is found without deep recursion", "[causal]") {
  // Process i reads key i's value written by process i+1 and writes key
  // i-1's: a CO cycle through every process.
  const int n = 50000;
  std::string h;
  for (int i = 0; i < n; ++i) {
    h += op(i, "read", "k" + std::to_string(i), "1");
    h += op(i, "write", "k" + std::to_string((i + n - 1) % n), "1");
  }
  Checked r = check_text(h, kCC);
  CHECK(pattern(r) == "CyclicCO");
  CHECK(r.result.causal->edges.size() == 2 * n);
}

TEST_CASE("the reported pattern does not depend on the thread count", "[causal]") {
  std::string h;
  for (int i = 0; i < 2000; ++i) {
    h += op(i % 7, "write", "k" + std::to_string(i % 13), std::to_string(i + 1));
    h += op((i + 3) % 7, "read", "k" + std::to_string(i % 13), std::to_string(i + 1));
  }
  h += op(1, "read", "k0", "1");  // stale: process 1 saw k0's later values
  ariadne::History history = causal_test::read_jsonl(h);
  for (Consistency c : {kCC, kCCv, kCM}) {
    auto one = causal_test::check_history(history, c, "kv", {}, 1);
    auto two = causal_test::check_history(history, c, "kv", {}, 2);
    REQUIRE(one.causal);
    REQUIRE(two.causal);
    CHECK(one.causal->pattern == two.causal->pattern);
    CHECK(one.causal->ops == two.causal->ops);
  }
}

// --- strongest -------------------------------------------------------------

namespace {

std::map<std::string, std::string> strongest_verdicts(const Checked& c) {
  REQUIRE(c.result.strongest);
  std::map<std::string, std::string> out;
  for (const auto& m : c.result.strongest->outcomes)
    out[std::string(ariadne::consistency_name(m.consistency))] =
        std::string(ariadne::verdict_name(m.verdict));
  return out;
}

std::string strongest_name(const Checked& c) {
  REQUIRE(c.result.strongest);
  return c.result.strongest->strongest
             ? std::string(ariadne::consistency_name(*c.result.strongest->strongest))
             : "none";
}

}  // namespace

TEST_CASE("strongest: a linearizable history is linearizable first", "[causal][strongest]") {
  Checked r =
      check_text(op(0, "write", "x", "1") + op(1, "read", "x", "1"), Consistency::kStrongest);
  CHECK(verdict(r) == "valid");
  CHECK(strongest_name(r) == "linearizable");
  auto v = strongest_verdicts(r);
  for (const char* m :
       {"linearizable", "sequential", "causal-memory", "causal-convergence", "causal"})
    CHECK(v[m] == "valid");
}

TEST_CASE("strongest: Fig. 2 histories name the model the paper gives them",
          "[causal][strongest]") {
  ariadne::Value zero = ariadne::Value::integer(0);
  std::string store_buffering = op(0, "write", "x", "1") + op(1, "write", "y", "1") +
                                op(0, "read", "y", "0") + op(1, "read", "x", "0");
  Checked d = check_text(store_buffering, Consistency::kStrongest, "kv", zero);
  CHECK(strongest_name(d) == "causal-memory");
  CHECK(strongest_verdicts(d) == std::map<std::string, std::string>{{"linearizable", "invalid"},
                                                                    {"sequential", "invalid"},
                                                                    {"causal-memory", "valid"},
                                                                    {"causal-convergence", "valid"},
                                                                    {"causal", "valid"}});
  CHECK(strongest_name(check_text(kCyclicCF, Consistency::kStrongest)) == "causal-memory");
  Checked b = check_text(kWriteHBInitRead, Consistency::kStrongest, "kv", zero);
  CHECK(strongest_name(b) == "causal-convergence");
  // The weaker-than-sequential failures carry their pattern.
  for (const auto& m : b.result.strongest->outcomes)
    if (m.consistency == Consistency::kCausalMemory) {
      REQUIRE(m.causal);
      CHECK(m.causal->pattern == "WriteHBInitRead");
    }
  CHECK(strongest_name(check_text(kCyclicHB, Consistency::kStrongest)) == "causal");
}

TEST_CASE("strongest: a history that is not even causal is invalid with the pattern",
          "[causal][strongest]") {
  Checked r = check_text(op(0, "write", "x", "1") + op(0, "write", "x", "2") +
                             op(1, "read", "x", "2") + op(1, "read", "x", "1"),
                         Consistency::kStrongest);
  CHECK(verdict(r) == "invalid");
  CHECK(strongest_name(r) == "none");
  CHECK(pattern(r) == "WriteCORead");
  REQUIRE(r.result.counterexample);
}

TEST_CASE("strongest: not differentiated leaves the causal models unknown, not failed",
          "[causal][strongest]") {
  // Sequentially consistent, but a value written twice.
  std::string h = op(0, "write", "x", "1") + op(1, "read", "x", "1") + op(1, "write", "x", "1");
  Checked r = check_text(h, Consistency::kStrongest);
  CHECK(verdict(r) == "valid");
  CHECK(strongest_name(r) == "linearizable");
  CHECK(strongest_verdicts(r)["causal"] == "unknown");
}
