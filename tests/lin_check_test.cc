// The checker's contract beyond verdicts: determinism across thread
// counts, bounded searches, partitioning, and input the model rejects.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

using namespace ariadne;

namespace {

// Porcupine's kv histories, copied into histories/porcupine (see its README).
std::string external(const std::string& name) {
  return std::string(ARIADNE_SOURCE_DIR) + "/histories/porcupine/" + name;
}

History load(const std::string& path) {
  ReadResult r = read_history_file(path, {});
  REQUIRE(r.ok());
  return std::move(r.history);
}

CheckOptions kv_options(int threads) {
  CheckOptions o;
  o.model = "kv";
  o.initial = Value::string("");
  o.threads = threads;
  return o;
}

}  // namespace

TEST_CASE("the reported violation is the same at any thread count", "[linearizability]") {
  History h = load(external("kv/c50-bad.txt"));
  CheckResult one = check(h, kv_options(1));
  CheckResult two = check(h, kv_options(2));
  CheckResult four = check(h, kv_options(4));
  REQUIRE(one.verdict == Verdict::kInvalid);
  REQUIRE(two.verdict == Verdict::kInvalid);
  REQUIRE(four.verdict == Verdict::kInvalid);
  const PartitionResult& a = one.partitions[*one.failing];
  for (const CheckResult* other : {&two, &four}) {
    const PartitionResult& b = other->partitions[*other->failing];
    CHECK(a.key == b.key);
    CHECK(a.stuck_op == b.stuck_op);
    CHECK(a.longest_prefix == b.longest_prefix);
    CHECK(a.stuck_states == b.stuck_states);
  }
}

TEST_CASE("a kv history is checked key by key", "[linearizability]") {
  CheckResult r = check(load(external("kv/c10-ok.txt")), kv_options(2));
  CHECK(r.verdict == Verdict::kValid);
  CHECK(r.partitions.size() == 10);
  for (size_t i = 1; i < r.partitions.size(); ++i)  // largest first
    CHECK(r.partitions[i - 1].operations >= r.partitions[i].operations);
}

TEST_CASE("a search over its memory limit ends unknown, naming where it stopped",
          "[linearizability]") {
  CheckOptions o = kv_options(2);
  o.partition = false;  // one object: far harder
  o.max_memory = 64 << 20;
  CheckResult r = check(load(external("kv/c50-ok.txt")), o);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason.rfind("memory limit on the history after placing ", 0) == 0);
  // How much: the refused request and the budget, nine tenths of 64 MiB.
  CHECK(r.reason.find("; refused ") != std::string::npos);
  CHECK(r.reason.ends_with(" of its 57.6 MiB budget"));
  CHECK(r.peak_bytes <= uint64_t{64} << 20);
}

TEST_CASE("a search past its deadline ends unknown", "[linearizability]") {
  // A deadline already past, not a short timeout: the outcome does not
  // depend on how fast the machine is.
  CheckOptions o = kv_options(1);
  o.partition = false;
  o.deadline = std::chrono::steady_clock::now();
  CheckResult r = check(load(external("kv/c50-ok.txt")), o);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason.rfind("timeout on the history after placing ", 0) == 0);
}

TEST_CASE("a search over its state limit ends unknown", "[linearizability]") {
  CheckOptions o = kv_options(1);
  o.partition = false;
  o.max_states = 100'000;
  CheckResult r = check(load(external("kv/c50-ok.txt")), o);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason.rfind("state limit on the history after placing ", 0) == 0);
  CHECK(r.partitions[0].states >= 100'000);
  CHECK(r.partitions[0].states < 100'000 + 1024);  // looked at every 1024 states
}

TEST_CASE("an operation the model does not know is an input error at its line",
          "[linearizability]") {
  ReadResult r = read_history_buffer(
      "{\"type\":\"invoke\",\"process\":0,\"f\":\"add\",\"value\":1}\n"
      "{\"type\":\"ok\",\"process\":0,\"f\":\"add\",\"value\":1}\n",
      "h", {});
  REQUIRE(r.ok());
  CheckOptions o;
  o.model = "cas-register";
  CheckResult c = check(r.history, o);
  REQUIRE(c.error);
  CHECK(c.error->to_string() ==
        "h:1:1: expected f :read, :write or :cas for model cas-register, got :add");
}

TEST_CASE("a cas needs [old new]", "[linearizability]") {
  ReadResult r = read_history_buffer(
      "{\"type\":\"invoke\",\"process\":0,\"f\":\"cas\",\"value\":1}\n", "h", {});
  REQUIRE(r.ok());
  CheckResult c = check(r.history, {});
  REQUIRE(c.error);
  CHECK(c.error->message == "expected cas's value to be [old new], got 1");
}
