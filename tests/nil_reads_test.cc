// --nil-reads value|any: an ok read that returned nil read as the value nil
// (the default), or as Knossos reads it, matching every state. Through the
// library (verdicts, counterexamples, reads-from) and the command line (the
// note in the text report, the JSON field, usage errors).
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "linearizability/reads_from.h"
#include "run_cli.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::Consistency;
using ariadne::History;
using ariadne::NilReads;
using ariadne::Verdict;
using cli_test::slurp;
using cli_test::TempFile;

// Process 1 reads nil after process 0's write of 1 completed. With
// --initial 0 nothing ever holds nil: invalid unless nil matches any state.
const char* const kNilAfterWrite =
    R"({"type":"invoke","process":0,"f":"write","value":1}
{"type":"ok","process":0,"f":"write","value":1}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":null}
)";

// The same nil read, then a stale read of 1 after the write of 2: invalid
// under both readings.
const char* const kNilThenStale =
    R"({"type":"invoke","process":0,"f":"write","value":1}
{"type":"ok","process":0,"f":"write","value":1}
{"type":"invoke","process":0,"f":"write","value":2}
{"type":"ok","process":0,"f":"write","value":2}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":null}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":1}
)";

History read(const std::string& text, const std::string& name = "h.jsonl") {
  ariadne::ReadOptions options;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, name, options);
  REQUIRE(r.ok());
  return std::move(r.history);
}

CheckOptions options(const std::string& model, NilReads nil_reads,
                     Consistency consistency = Consistency::kLinearizable) {
  CheckOptions o;
  o.model = model;
  o.consistency = consistency;
  o.nil_reads = nil_reads;
  o.threads = 1;
  return o;
}

std::vector<uint32_t> lines(const History& h, const std::vector<uint32_t>& ops) {
  std::vector<uint32_t> out;
  for (uint32_t op : ops) out.push_back(h.first_event(h.ops[op]).line);
  return out;
}

}  // namespace

TEST_CASE("a nil read after a write is invalid by default and valid with --nil-reads any",
          "[nil-reads][linearizability][sequential]") {
  History h = read(kNilAfterWrite);
  for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential}) {
    CheckOptions value = options("cas-register", NilReads::kValue, c);
    value.initial = ariadne::Value::integer(0);
    CheckResult strict = ariadne::check(h, value);
    REQUIRE(strict.verdict == Verdict::kInvalid);
    REQUIRE(strict.counterexample.has_value());
    // The read alone shows it: nothing holds nil when the register starts at 0.
    CHECK(lines(h, strict.counterexample->ops) == std::vector<uint32_t>{3});
    CHECK(lines(h, strict.counterexample->nil_reads) == std::vector<uint32_t>{3});

    CheckOptions any = value;
    any.nil_reads = NilReads::kAny;
    CHECK(ariadne::check(h, any).verdict == Verdict::kValid);
  }
}

TEST_CASE("a stale read is invalid under both readings; only the nil read is noted",
          "[nil-reads][linearizability]") {
  History h = read(kNilThenStale);
  CheckOptions value = options("cas-register", NilReads::kValue);
  value.initial = ariadne::Value::integer(0);
  CheckResult strict = ariadne::check(h, value);
  REQUIRE(strict.verdict == Verdict::kInvalid);
  CHECK(lines(h, strict.counterexample->ops) == std::vector<uint32_t>{5});
  CHECK(lines(h, strict.counterexample->nil_reads) == std::vector<uint32_t>{5});

  CheckOptions any = value;
  any.nil_reads = NilReads::kAny;
  CheckResult knossos = ariadne::check(h, any);
  REQUIRE(knossos.verdict == Verdict::kInvalid);
  REQUIRE(knossos.counterexample.has_value());
  CHECK(lines(h, knossos.counterexample->ops) == std::vector<uint32_t>{1, 3, 7});
  CHECK(knossos.counterexample->nil_reads.empty());
  CHECK(knossos.counterexample->minimal);
}

TEST_CASE("a nil read micro-op of a multi-register txn matches any value under --nil-reads any",
          "[nil-reads][multi-register]") {
  auto history = [](const char* y) {
    return std::string(
               "{:type :invoke, :f :txn, :value [[:write :x 1]], :process 0}\n"
               "{:type :ok, :f :txn, :value [[:write :x 1]], :process 0}\n"
               "{:type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]], :process 1}\n"
               "{:type :ok, :f :txn, :value [[:read :x nil] [:read :y ") +
           y + "]], :process 1}\n";
  };
  CheckOptions value = options("multi-register", NilReads::kValue);
  value.initial_by_key = {{ariadne::Value::keyword("x"), ariadne::Value::integer(0)},
                          {ariadne::Value::keyword("y"), ariadne::Value::integer(0)}};
  CheckOptions any = value;
  any.nil_reads = NilReads::kAny;

  History reads_y0 = read(history("0"), "h.edn");
  CheckResult strict = ariadne::check(reads_y0, value);
  REQUIRE(strict.verdict == Verdict::kInvalid);
  CHECK(lines(reads_y0, strict.counterexample->ops) == std::vector<uint32_t>{3});
  CHECK(lines(reads_y0, strict.counterexample->nil_reads) == std::vector<uint32_t>{3});
  // Each register's own value, x after the write and y from the map.
  CHECK(strict.partitions[*strict.failing].stuck_states ==
        std::vector<std::string>{"{:x 1, :y 0}"});
  CHECK(ariadne::check(reads_y0, any).verdict == Verdict::kValid);

  // y was never 5: the nil micro-op does not excuse the other one.
  History reads_y5 = read(history("5"), "h.edn");
  CheckResult knossos = ariadne::check(reads_y5, any);
  REQUIRE(knossos.verdict == Verdict::kInvalid);
  CHECK(lines(reads_y5, knossos.counterexample->ops) == std::vector<uint32_t>{3});
  CHECK(knossos.counterexample->stuck_states == std::vector<std::string>{"{:x 0, :y 0}"});
}

TEST_CASE("under --nil-reads any a nil read needs no writer in a counterexample",
          "[nil-reads][shrink]") {
  // Line 1 writes nil, line 3 reads it.
  History h = read(R"({"type":"invoke","process":0,"f":"write","value":null}
{"type":"ok","process":0,"f":"write","value":null}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":null}
)");
  std::vector<uint32_t> universe = {0, 1};
  CheckOptions value = options("register", NilReads::kValue);
  value.initial = ariadne::Value::integer(0);
  CHECK_FALSE(ariadne::lin::ReadsFrom(h, value, universe).closed({1}));
  CHECK(ariadne::lin::ReadsFrom(h, value, universe).closed({0, 1}));
  CheckOptions any = value;
  any.nil_reads = NilReads::kAny;
  CHECK(ariadne::lin::ReadsFrom(h, any, universe).closed({1}));
}

TEST_CASE("the causal checkers honour --nil-reads any", "[nil-reads][causal]") {
  History h = read(kNilAfterWrite);
  for (Consistency c :
       {Consistency::kCausal, Consistency::kCausalConvergence, Consistency::kCausalMemory}) {
    CheckOptions value = options("register", NilReads::kValue, c);
    value.initial = ariadne::Value::integer(0);
    CHECK(ariadne::check(h, value).verdict == Verdict::kInvalid);
    CheckOptions any = value;
    any.nil_reads = NilReads::kAny;
    CHECK(ariadne::check(h, any).verdict == Verdict::kValid);
  }
}

TEST_CASE("the text report names the nil reads Knossos would not flag, and the flag",
          "[nil-reads][cli]") {
  TempFile f("stale.jsonl", kNilThenStale);
  cli_test::Run strict =
      cli_test::ariadne("check --model cas-register --initial 0 " + f.path.string());
  CHECK(strict.code == 1);
  CHECK(strict.out.find("\n  Knossos reads a read that returned nil as matching any state and "
                        "would not flag the nil read at line 5; --nil-reads any gives that "
                        "reading.\n") != std::string::npos);
  cli_test::Run json =
      cli_test::ariadne("check --model cas-register --initial 0 --json - " + f.path.string());
  CHECK(json.out.find("\"nil_reads\":[5]") != std::string::npos);

  cli_test::Run knossos = cli_test::ariadne(
      "check --model cas-register --initial 0 "
      "--nil-reads any " +
      f.path.string());
  CHECK(knossos.code == 1);
  CHECK(knossos.out.find("Knossos") == std::string::npos);
  TempFile g("nil.jsonl", kNilAfterWrite);
  CHECK(
      cli_test::ariadne("check --model cas-register --initial 0 --nil-reads any " + g.path.string())
          .code == 0);
}

TEST_CASE("the HTML report names the nil reads Knossos would not flag, escaped",
          "[nil-reads][cli]") {
  TempFile f("stale.jsonl", kNilThenStale);
  cli_test::Scratch s;
  std::string strict = s["strict.html"], knossos = s["knossos.html"];
  CHECK(cli_test::ariadne("check --model cas-register --initial 0 --html " + strict + " " +
                          f.path.string())
            .code == 1);
  CHECK(slurp(strict).find("<p class=\"note\">Knossos reads a read that returned nil as "
                           "matching any state and would not flag the nil read at line 5; "
                           "--nil-reads any gives that reading.</p>") != std::string::npos);
  // Only the stale read is left under Knossos' reading: no note.
  CHECK(cli_test::ariadne("check --model cas-register --initial 0 --nil-reads any --html " +
                          knossos + " " + f.path.string())
            .code == 1);
  std::string page = slurp(knossos);
  CHECK(page.find("class=\"violation\"") != std::string::npos);
  CHECK(page.find("Knossos reads") == std::string::npos);
}

TEST_CASE("--nil-reads: bad values and combinations are usage errors", "[nil-reads][cli]") {
  TempFile f("nil.jsonl", kNilAfterWrite);
  auto run = [&](const std::string& flags) {
    return cli_test::first_error_line("check " + flags + " " + f.path.string(), 64);
  };
  CHECK(run("--nil-reads maybe") ==
        "ariadne check: unknown --nil-reads 'maybe' (one of value, any)");
  CHECK(run("--nil-reads any --model set") ==
        "ariadne check: --nil-reads any: only with --model register, cas-register, kv or "
        "multi-register, got --model set");
  CHECK(run("--nil-reads any --model register --consistency eventual") ==
        "ariadne check: --nil-reads any: not with --consistency eventual, which reads a final "
        "read of nil as the value nil (use linearizable, sequential, causal, "
        "causal-convergence, causal-memory or strongest)");
}
