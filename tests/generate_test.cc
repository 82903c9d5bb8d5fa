// ariadne generate: deterministic output, histories that the checker finds
// valid, and injected anomalies that it finds.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <stdexcept>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"
#include "models/model.h"

using namespace ariadne;

namespace {

std::string generate_text(const GenerateOptions& o, GenerateReport* report = nullptr) {
  std::ostringstream out;
  GenerateReport r = generate(o, out);
  if (report) *report = r;
  return out.str();
}

ReadResult read_back(const std::string& text, Format format, int64_t skew = 0) {
  ReadOptions ro;
  ro.format = format;
  ro.clock_skew_ns = skew;
  return read_history_buffer(text, "generated", ro);
}

CheckResult check_as(const History& h, const std::string& model) {
  CheckOptions c;
  c.model = model;
  c.threads = 2;
  c.max_states = 200'000'000;  // a runaway search fails the test, on any machine
  return check(h, c);
}

}  // namespace

TEST_CASE("the same seed gives the same bytes, another seed others", "[generate]") {
  GenerateOptions o;
  o.model = "kv";
  o.ops = 500;
  o.crash_rate = 0.1;
  o.keys = 3;
  std::string a = generate_text(o), b = generate_text(o);
  CHECK(a == b);
  o.seed = 2;
  CHECK(generate_text(o) != a);
}

TEST_CASE("every model's generated history is linearizable, in every format", "[generate]") {
  for (const std::string& model : generate_models()) {
    for (Format format : {Format::kJsonl, Format::kEdn, Format::kJson, Format::kJepsenLog}) {
      // Jepsen's log has no keys: not for models that require one.
      if (format == Format::kJepsenLog &&
          models::find_model(model)->keys == models::Keys::kRequired)
        continue;
      GenerateOptions o;
      o.model = model;
      // One object (jepsen-log has no keys) of a queue with crashed
      // dequeues is a hard search: fewer operations there.
      o.ops = format == Format::kJepsenLog ? 100 : 200;
      o.processes = 4;
      o.crash_rate = format == Format::kJepsenLog ? 0.02 : 0.1;
      o.fail_rate = 0.05;
      o.keys = format == Format::kJepsenLog ? 0 : 2;
      o.format = format;
      o.seed = 7;
      GenerateReport report;
      std::string text = generate_text(o, &report);
      ReadResult r = read_back(text, format);
      INFO(model << " as " << format_name(format));
      REQUIRE(r.ok());
      CHECK(r.history.ops.size() == report.operations);
      CHECK(report.operations == o.ops);
      CheckResult c = check_as(r.history, model);
      CHECK(c.verdict == Verdict::kValid);
    }
  }
}

TEST_CASE("each injected anomaly makes the history invalid, at the operations it names",
          "[generate]") {
  // Every model of the registry, with every anomaly it accepts.
  size_t cases = 0;
  for (const std::string& model : generate_models()) {
    for (const std::string& anomaly : generate_anomalies()) {
      GenerateOptions o;
      o.model = model;
      o.anomaly = anomaly;
      o.ops = 600;
      o.processes = 6;
      o.crash_rate = 0.2;
      o.keys = 3;
      GenerateReport report;
      std::string text;
      try {
        text = generate_text(o, &report);
      } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) ==
              "--anomaly " + anomaly + " does not apply to model " + model);
        continue;
      }
      ++cases;
      INFO(model << " " << anomaly << ": " << report.anomaly);
      CHECK(report.anomaly.rfind(anomaly + ": ", 0) == 0);
      ReadResult r = read_back(text, Format::kJsonl);
      REQUIRE(r.ok());
      CheckResult c = check_as(r.history, model);
      REQUIRE(c.verdict == Verdict::kInvalid);
      CHECK(c.partitions[*c.failing].key == Value::integer(0));
    }
  }
  // register, cas-register and kv show two; the queues and the stack one
  // or two.
  CHECK(cases >= 10);
}

TEST_CASE("an anomaly that does not fit the model is refused", "[generate]") {
  GenerateOptions o;
  o.model = "set";
  o.anomaly = "stale-read";
  std::ostringstream out;
  CHECK_THROWS_AS(generate(o, out), std::invalid_argument);
  o.model = "register";
  o.anomaly = "reorder";
  CHECK_THROWS_AS(generate(o, out), std::invalid_argument);
}

TEST_CASE("complete operations from skewed clocks are valid given the clock skew, not without",
          "[generate]") {
  GenerateOptions o;
  o.model = "register";
  o.ops = 300;
  o.processes = 3;
  o.complete_ops = true;
  o.clocks = 3;
  o.skew_ns = 200'000;  // events are 1-100 µs apart
  o.unique_values = true;
  std::string text = generate_text(o);
  ReadResult skewed = read_back(text, Format::kJsonl, 2 * o.skew_ns);
  REQUIRE(skewed.ok());
  CHECK(check_as(skewed.history, "register").verdict == Verdict::kValid);
  ReadResult plain = read_back(text, Format::kJsonl);
  REQUIRE(plain.ok());
  CHECK(check_as(plain.history, "register").verdict == Verdict::kInvalid);
}

TEST_CASE("a replicated store marks nodes and final reads, and its replicas agree at the end",
          "[generate]") {
  for (const char* delivery : {"random", "fifo", "causal"}) {
    GenerateOptions o;
    o.model = "set";
    o.ops = 500;
    o.processes = 6;
    o.replicas = 3;
    o.keys = 2;
    o.delivery = delivery;
    o.final_reads = true;
    GenerateReport report;
    std::string text = generate_text(o, &report);
    ReadResult r = read_back(text, Format::kJsonl);
    REQUIRE(r.ok());
    CHECK(report.operations == 500 + 3 * 2);
    // The final reads: the last six operations, one per node and key, all equal per key.
    const History& h = r.history;
    std::map<int64_t, Value> final_value;
    size_t finals = 0;
    for (const Event& e : h.events) {
      if (e.type != EventType::kOk || e.extra.is_null()) continue;
      std::string extra = to_edn(e.extra);
      if (extra.find(":final true") == std::string::npos) continue;
      ++finals;
      CHECK(extra.find(":node \"n") != std::string::npos);
      auto [it, fresh] = final_value.try_emplace(e.key.as_int(), e.value);
      CHECK(it->second == e.value);
    }
    CHECK(finals == 6);
  }
}

TEST_CASE("replicated stores converge, and with causal delivery are causally consistent",
          "[generate][convergence][causal]") {
  for (const char* model : {"kv", "set", "counter"}) {
    GenerateOptions o;
    o.model = model;
    o.ops = 3000;
    o.processes = 10;
    o.replicas = 4;
    o.keys = 20;
    o.final_reads = true;
    o.crash_rate = 0.05;
    o.delivery = std::string(model) == "kv" ? "causal" : "random";
    ReadResult r = read_back(generate_text(o), Format::kJsonl);
    REQUIRE(r.ok());
    CheckOptions c;
    c.model = model;
    c.consistency = Consistency::kEventual;
    INFO(model);
    CHECK(check(r.history, c).verdict == Verdict::kValid);
    if (std::string(model) != "kv") continue;
    for (Consistency causal : {Consistency::kCausal, Consistency::kCausalConvergence}) {
      c.consistency = causal;
      CHECK(check(r.history, c).verdict == Verdict::kValid);
    }
  }
}

TEST_CASE("a state limit stops every partition's search, however many there are",
          "[generate][linearizability]") {
  // Many concurrent operations per key once the clock skew widens them:
  // every key is a hard search.
  GenerateOptions o;
  o.model = "kv";
  o.ops = 2000;
  o.processes = 10;
  o.keys = 5;
  o.complete_ops = true;
  o.clocks = 4;
  o.skew_ns = 5'000'000;
  std::string text = generate_text(o);
  ReadResult r = read_back(text, Format::kJsonl, 10'000'000);
  REQUIRE(r.ok());
  CheckOptions c;
  c.model = "kv";
  c.threads = 2;
  c.max_states = 2'000'000;
  CheckResult result = check(r.history, c);
  CHECK(result.verdict == Verdict::kUnknown);
  CHECK(result.reason.rfind("state limit on key ", 0) == 0);
  uint64_t states = 0;
  for (const PartitionResult& p : result.partitions) {
    CHECK(p.verdict != Verdict::kInvalid);
    if (p.verdict == Verdict::kUnknown) CHECK(p.reason == "state limit");
    states += p.states;
  }
  // Each search looks at the limit every 1024 states; two run at once.
  CHECK(states < c.max_states + 2 * 1024);
}
