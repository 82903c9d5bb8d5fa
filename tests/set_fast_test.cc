// The set's fast procedures (checkers/models/set_fast.cc, set_grow_fast.cc)
// on histories with known answers: the exact decision of a set that only
// grows, with the ops it names and the counterexample they shrink to; and
// the generator's set histories (sizes, anomalies, counterexamples).
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"
#include "fast_check.h"

namespace {

constexpr const char* kGrowing = "set: unique adds, none removed (exact)";

using Checked = ariadne_test::FastCheck;

Checked check(const std::string& text, bool shrink = true, bool fast_path = true) {
  return ariadne_test::fast_check("set", text, fast_path, shrink);
}

std::string ev(int process, const std::string& type, const std::string& f,
               const std::string& value) {
  return "{\"process\":" + std::to_string(process) + ",\"type\":\"" + type + "\",\"f\":\"" + f +
         "\",\"value\":" + value + "}\n";
}

// Lines of ops (their invokes), History::ops indices.
std::vector<uint32_t> lines(const Checked& c, const std::vector<uint32_t>& ops) {
  std::vector<uint32_t> out;
  for (uint32_t i : ops) out.push_back(c.history.first_event(c.history.ops[i]).line);
  return out;
}

// Invalid by the exact procedure for growing sets, naming `named` (lines),
// and shrinking to `minimal` (lines), as the search alone agrees.
void require_invalid(const std::string& text, const std::vector<uint32_t>& named,
                     const std::vector<uint32_t>& minimal) {
  Checked fast = check(text, false);
  REQUIRE(fast.result.verdict == ariadne::Verdict::kInvalid);
  const ariadne::PartitionResult& p = fast.result.partitions.at(0);
  CHECK(p.procedure == kGrowing);
  CHECK(lines(fast, p.fast_witness) == named);
  Checked shrunk = check(text);
  REQUIRE(shrunk.result.counterexample);
  CHECK(shrunk.result.counterexample->minimal);
  CHECK(lines(shrunk, shrunk.result.counterexample->ops) == minimal);
  CHECK(check(text, false, false).result.verdict == ariadne::Verdict::kInvalid);
}

}  // namespace

TEST_CASE("a growing set's read of a value added after it returned names the two",
          "[set][fast-path]") {
  std::string text = ev(0, "invoke", "add", "1") + ev(0, "ok", "add", "1") +
                     ev(1, "invoke", "read", "null") + ev(1, "ok", "read", "[1, 2]") +
                     ev(0, "invoke", "add", "2") + ev(0, "ok", "add", "2");
  require_invalid(text, {3, 5}, {1, 3, 5});
}

TEST_CASE("a growing set's read that lacks a value added before it began names the two",
          "[set][fast-path]") {
  std::string text = ev(0, "invoke", "add", "1") + ev(0, "ok", "add", "1") +
                     ev(0, "invoke", "add", "2") + ev(0, "ok", "add", "2") +
                     ev(1, "invoke", "read", "null") + ev(1, "ok", "read", "[2]");
  // The read shows 2, so it follows 2's add, which follows 1's add.
  require_invalid(text, {1, 3, 5}, {1, 3, 5});
}

TEST_CASE("a growing set's reads that neither contains the other name one value of each",
          "[set][fast-path]") {
  std::string text = ev(0, "invoke", "add", "1") + ev(1, "invoke", "add", "2") +
                     ev(2, "invoke", "read", "null") + ev(3, "invoke", "read", "null") +
                     ev(2, "ok", "read", "[1]") + ev(3, "ok", "read", "[2]") +
                     ev(0, "ok", "add", "1") + ev(1, "ok", "add", "2");
  require_invalid(text, {1, 2, 3, 4}, {1, 2, 3, 4});
}

TEST_CASE("a growing set's read that returned before a smaller read began is invalid",
          "[set][fast-path]") {
  std::string text = ev(0, "invoke", "add", "1") + ev(1, "invoke", "read", "null") +
                     ev(1, "ok", "read", "[1]") + ev(1, "invoke", "read", "null") +
                     ev(1, "ok", "read", "[]") + ev(0, "ok", "add", "1");
  require_invalid(text, {2, 4}, {1, 2, 4});
}

TEST_CASE("a growing set's crashed adds take effect when read, else never", "[set][fast-path]") {
  // 1 crashed and is read late; 2 crashed and nobody reads it; 3 is added
  // ok after the last read.
  std::string text = ev(0, "invoke", "add", "1") + ev(0, "info", "add", "1") +
                     ev(1, "invoke", "add", "2") + ev(1, "info", "add", "2") +
                     ev(2, "invoke", "read", "null") + ev(2, "ok", "read", "[]") +
                     ev(2, "invoke", "read", "null") + ev(2, "ok", "read", "[1]") +
                     ev(3, "invoke", "add", "3") + ev(3, "ok", "add", "3");
  Checked c = check(text);
  CHECK(c.result.verdict == ariadne::Verdict::kValid);
  CHECK(c.result.partitions.at(0).procedure == kGrowing);
  // A read of 3 before its add began cannot be explained by a crash.
  Checked bad = check(text + ev(2, "invoke", "read", "null") + ev(2, "ok", "read", "[1, 3, 2]") +
                      ev(2, "invoke", "read", "null") + ev(2, "ok", "read", "[1, 3]"));
  CHECK(bad.result.verdict == ariadne::Verdict::kInvalid);
  REQUIRE(bad.result.counterexample);
  CHECK(lines(bad, bad.result.counterexample->ops) == std::vector<uint32_t>{1, 3, 9, 11, 13});
}

namespace {

std::string generated(const std::string& anomaly, uint64_t ops, ariadne::GenerateReport& report) {
  ariadne::GenerateOptions o;
  o.model = "set";
  o.ops = ops;
  o.processes = 20;
  o.crash_rate = 0.1;
  o.unique_values = true;
  o.seed = 7;
  o.anomaly = anomaly;
  std::ostringstream out;
  report = ariadne::generate(o, out);
  return out.str();
}

}  // namespace

TEST_CASE("generated unique-value sets stay small, and the fast path decides them",
          "[set][generate]") {
  ariadne::GenerateReport report;
  std::string text = generated("", 20000, report);
  Checked c = check(text, false);
  CHECK(c.result.verdict == ariadne::Verdict::kValid);
  CHECK_FALSE(c.result.partitions.at(0).procedure.empty());
  size_t listed = 0, reads = 0;
  for (const ariadne::Operation& op : c.history.ops)
    if (op.status == ariadne::OpStatus::kOk && c.history.f(op).as_text() == "read") {
      ++reads;
      listed += c.history.result(op).items().size();
    }
  INFO(reads << " reads list " << listed << " elements");
  CHECK(reads >= 800);
  // About 0.2 * 40 per op at most; a set that only grows would list ~50.
  CHECK(listed <= 10 * c.history.ops.size());
}

TEST_CASE("each set anomaly shrinks to the ops it scripted", "[set][generate]") {
  // anomaly, its counterexample's size
  for (const auto& [anomaly, size] : std::vector<std::pair<std::string, size_t>>{
           {"missing", 2}, {"future-read", 2}, {"reorder", 3}}) {
    ariadne::GenerateReport report;
    std::string text = generated(anomaly, 3000, report);
    INFO(report.anomaly);
    Checked c = check(text);
    REQUIRE(c.result.verdict == ariadne::Verdict::kInvalid);
    CHECK_FALSE(c.result.partitions.at(0).procedure.empty());
    REQUIRE(c.result.counterexample);
    const ariadne::Counterexample& cx = *c.result.counterexample;
    CHECK(cx.minimal);
    REQUIRE(cx.ops.size() == size);
    // The scripted ops are named by index in the report.
    for (uint32_t op : cx.ops) {
      int64_t index = c.history.first_event(c.history.ops[op]).index;
      CHECK(report.anomaly.find("index " + std::to_string(index)) != std::string::npos);
    }
  }
}

TEST_CASE("on small generated sets with removes the sweep agrees with the search",
          "[set][generate][fast-path]") {
  int decided = 0, histories = 1000;
  for (int seed = 1; seed <= histories; ++seed) {
    ariadne::GenerateOptions o;
    o.model = "set";
    o.ops = 40;
    o.processes = 4;
    o.crash_rate = 0.2;
    o.fail_rate = 0.05;
    o.unique_values = true;
    o.seed = static_cast<uint64_t>(seed);
    if (seed % 3 == 0) o.anomaly = seed % 2 == 0 ? "missing" : "reorder";
    std::ostringstream out;
    ariadne::generate(o, out);
    INFO(out.str());
    Checked fast = check(out.str(), false);
    Checked search = check(out.str(), false, false);
    REQUIRE(fast.result.verdict == search.result.verdict);
    CHECK(fast.result.verdict ==
          (o.anomaly.empty() ? ariadne::Verdict::kValid : ariadne::Verdict::kInvalid));
    decided += !fast.result.partitions.at(0).procedure.empty();
  }
  CHECK(decided >= histories * 95 / 100);
}
