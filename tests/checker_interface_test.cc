// The one checker interface (checkers/checker.h): which checker check()
// picks, the data the linearizability checker leaves for the reports
// (failure_context, failure_steps), and `strongest` as an orchestrator that
// claims what each model's own checker says.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ariadne/causal.h"
#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "checker.h"
#include "initial_value.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::Consistency;

ariadne::History read_file(const std::string& name) {
  ariadne::ReadResult r =
      ariadne::read_history_file(std::string(ARIADNE_SOURCE_DIR) + "/histories/" + name, {});
  REQUIRE(r.ok());
  return std::move(r.history);
}

ariadne::History read_text(const std::string& text) {
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "test.jsonl", {});
  REQUIRE(r.ok());
  return std::move(r.history);
}

CheckOptions options(const std::string& model, Consistency c) {
  CheckOptions o;
  o.model = model;
  o.consistency = c;
  o.threads = 1;
  o.shrink_timeout_ns = 0;  // minimal counterexamples: no clock may cut shrinking
  return o;
}

}  // namespace

TEST_CASE("check() picks the one checker that handles the consistency model", "[checker]") {
  const std::map<Consistency, std::string> expected = {
      {Consistency::kLinearizable, "linearizable"},
      {Consistency::kSequential, "sequential"},
      {Consistency::kCausal, "causal"},
      {Consistency::kCausalConvergence, "causal"},
      {Consistency::kCausalMemory, "causal"},
      {Consistency::kEventual, "eventual"},
  };
  for (const auto& [c, name] : expected) {
    CheckOptions o = options("kv", c);
    INFO(ariadne::consistency_name(c));
    const ariadne::Checker* checker = ariadne::find_checker(o);
    REQUIRE(checker != nullptr);
    CHECK(checker->name() == name);
    // No other checker claims it: the list's order does not decide.
    size_t claimed = 0;
    for (const ariadne::Checker* k : ariadne::all_checkers()) claimed += k->handles(o);
    CHECK(claimed == 1);
  }
  // strongest is an orchestrator over checkers, not one of them.
  CHECK(ariadne::find_checker(options("kv", Consistency::kStrongest)) == nullptr);
}

TEST_CASE("an invalid linearizability result carries the model's states for the reports",
          "[checker]") {
  ariadne::History h = read_file("bad/kv-stale-read.jsonl");
  CheckResult r = ariadne::check(h, options("kv", Consistency::kLinearizable));
  REQUIRE(r.verdict == ariadne::Verdict::kInvalid);
  REQUIRE(r.counterexample);
  CHECK(r.checked_operations == 5);
  // Key y's three operations (ops 2, 3 and 4): all of the failing partition.
  CHECK(r.failure_context == std::vector<uint32_t>{2, 3, 4});
  REQUIRE(r.failure_steps.size() == 3);
  const std::vector<std::vector<std::string>> before = {{"nil"}, {"1"}, {"2"}};
  const std::vector<std::vector<std::string>> after = {{"1"}, {"2"}, {}};
  for (size_t i = 0; i < 3; ++i) {
    INFO("step " << i);
    CHECK(r.failure_steps[i].op == 2 + i);
    CHECK(r.failure_steps[i].before == before[i]);
    CHECK(r.failure_steps[i].after == after[i]);
  }
  CHECK(r.partitions[*r.failing].stuck_op == std::optional<uint32_t>(4));
}

TEST_CASE("the context kept around a counterexample in a long partition is bounded", "[checker]") {
  // Process 0 writes 1..3000 one after another; process 1 then reads 1.
  std::string text;
  for (int v = 1; v <= 3000; ++v)
    text += "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":" + std::to_string(v) + "}\n";
  text += "{\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"value\":1}\n";
  ariadne::History h = read_text(text);
  // The search's view of the whole partition (a fast procedure's verdict
  // shows the search over the counterexample instead: fast_path_shrink_test).
  CheckOptions o = options("register", Consistency::kLinearizable);
  o.fast_path = false;
  CheckResult r = ariadne::check(h, o);
  REQUIRE(r.verdict == ariadne::Verdict::kInvalid);
  REQUIRE(r.counterexample);
  const std::vector<uint32_t>& cx = r.counterexample->ops;
  CHECK(cx.size() == 3);  // write 1, one later write, the read
  const std::vector<uint32_t>& context = r.failure_context;
  CHECK(std::is_sorted(context.begin(), context.end()));
  CHECK(std::adjacent_find(context.begin(), context.end()) == context.end());
  for (uint32_t op : cx) CHECK(std::binary_search(context.begin(), context.end(), op));
  // 40 operations on each side of each of the three, at most.
  CHECK(context.size() <= 3 * 81);
  CHECK(context.size() < h.ops.size());
  // A state for each context op the search placed, and nothing else.
  REQUIRE_FALSE(r.failure_steps.empty());
  for (const ariadne::ModelStep& s : r.failure_steps)
    CHECK(std::binary_search(context.begin(), context.end(), s.op));
  // The search placed every write before it got stuck on the read: the
  // context's writes have steps, each write's state is its value.
  for (const ariadne::ModelStep& s : r.failure_steps) {
    if (s.op == 3000) {
      CHECK(s.after.empty());  // the read of 1 cannot take effect
      CHECK(s.before == std::vector<std::string>{"3000"});
    } else {
      CHECK(s.after == std::vector<std::string>{std::to_string(s.op + 1)});
    }
  }
}

TEST_CASE("strongest claims, for each model, what that model's checker says", "[checker]") {
  // Fig. 2(d): causal (and causal-memory), not sequential, so not linearizable.
  ariadne::History h = read_file("bad/causal-fig2d-causal-not-sequential.jsonl");
  CheckOptions o = options("kv", Consistency::kStrongest);
  o.initial = parse_initial("0");
  CheckResult s = ariadne::check(h, o);
  REQUIRE(s.strongest);
  REQUIRE(s.strongest->outcomes.size() == 5);
  CHECK(s.strongest->strongest == std::optional<Consistency>(Consistency::kCausalMemory));
  for (const ariadne::ModelOutcome& m : s.strongest->outcomes) {
    INFO(ariadne::consistency_name(m.consistency));
    CheckOptions single = o;
    single.consistency = m.consistency;
    CheckResult r = ariadne::check(h, single);
    CHECK(m.verdict == r.verdict);
    CHECK(m.counterexample.has_value() == r.counterexample.has_value());
    if (m.counterexample && r.counterexample) CHECK(m.counterexample->ops == r.counterexample->ops);
  }
  // Linearizability's outcome has its minimal counterexample and where the
  // search got stuck.
  const ariadne::ModelOutcome& lin = s.strongest->outcomes[0];
  CHECK(lin.consistency == Consistency::kLinearizable);
  REQUIRE(lin.counterexample);
  CHECK(lin.counterexample->minimal);
  CHECK(lin.stuck_op.has_value());
}

TEST_CASE("strongest on a history that is not causal: one witness for the three causal models",
          "[checker]") {
  ariadne::History h = read_file("bad/causal-fig2e-not-causal.jsonl");
  CheckResult s = ariadne::check(h, options("kv", Consistency::kStrongest));
  REQUIRE(s.strongest);
  CHECK(s.verdict == ariadne::Verdict::kInvalid);
  CHECK_FALSE(s.strongest->strongest);
  REQUIRE(s.causal);
  CHECK(s.causal->pattern == "WriteCORead");
  for (size_t i = 2; i < 5; ++i) CHECK(s.strongest->outcomes[i].causal == s.causal);
  CheckResult cc = ariadne::check(h, options("kv", Consistency::kCausal));
  REQUIRE(cc.counterexample);
  REQUIRE(s.counterexample);
  CHECK(s.counterexample->ops == cc.counterexample->ops);
}
