// Per-key initial values (--initial as a map, --initial-default) for kv and
// multi-register: honoured by linearizability, sequential consistency (one
// object of many keys), the causal checkers and eventual consistency; and
// the usage errors of the flags.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "ingest/literal.h"
#include "run_cli.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::Consistency;
using ariadne::History;
using ariadne::Value;
using ariadne::Verdict;
using cli_test::slurp;
using cli_test::TempFile;

// Reads of two keys and no writes: x returns 0, y returns 5.
const char* const kReadsXY =
    R"({"type":"invoke","process":0,"f":"read","key":"x","value":null}
{"type":"ok","process":0,"f":"read","key":"x","value":0}
{"type":"invoke","process":0,"f":"read","key":"y","value":null}
{"type":"ok","process":0,"f":"read","key":"y","value":5}
)";

// Knossos-style multi-register transactions over x, y and z.
const char* const kTxns =
    "{:type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]], :process 0}\n"
    "{:type :ok, :f :txn, :value [[:read :x 0] [:read :y 0]], :process 0}\n"
    "{:type :invoke, :f :txn, :value [[:write :x 2]], :process 1}\n"
    "{:type :ok, :f :txn, :value [[:write :x 2]], :process 1}\n"
    "{:type :invoke, :f :txn, :value [[:read :x nil] [:read :z nil]], :process 0}\n"
    "{:type :ok, :f :txn, :value [[:read :x 2] [:read :z nil]], :process 0}\n";

History read(const std::string& text, const std::string& name) {
  ariadne::ReadOptions options;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, name, options);
  REQUIRE(r.ok());
  return std::move(r.history);
}

CheckOptions options(const std::string& model, Consistency c,
                     std::vector<std::pair<Value, Value>> by_key, Value other = Value()) {
  CheckOptions o;
  o.model = model;
  o.consistency = c;
  o.threads = 1;
  o.initial = other;
  o.initial_by_key = std::move(by_key);
  return o;
}

Value str(const char* s) { return Value::string(s); }
Value kw(const char* s) { return Value::keyword(s); }
Value num(int64_t n) { return Value::integer(n); }

}  // namespace

TEST_CASE("a kv key starts at its own initial value, others at the default",
          "[initial][kv][linearizability][sequential]") {
  History h = read(kReadsXY, "h.jsonl");
  for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential}) {
    INFO(ariadne::consistency_name(c));
    CHECK(ariadne::check(h, options("kv", c, {{str("x"), num(0)}, {str("y"), num(5)}})).verdict ==
          Verdict::kValid);
    CHECK(ariadne::check(h, options("kv", c, {{str("x"), num(0)}}, num(5))).verdict ==
          Verdict::kValid);
    // A keyword names the key of the same text.
    CHECK(ariadne::check(h, options("kv", c, {{kw("x"), num(0)}, {kw("y"), num(5)}})).verdict ==
          Verdict::kValid);
    CHECK(ariadne::check(h, options("kv", c, {}, num(0))).verdict == Verdict::kInvalid);
  }
  // y starts at nil: its read of 5 is the violation. Checked per key, the
  // state is y's register; checked whole, every key's register.
  CheckResult per_key =
      ariadne::check(h, options("kv", Consistency::kLinearizable, {{str("x"), num(0)}}));
  REQUIRE(per_key.verdict == Verdict::kInvalid);
  CHECK(per_key.partitions[*per_key.failing].key == str("y"));
  CHECK(per_key.counterexample->stuck_states == std::vector<std::string>{"nil"});
  CheckResult whole =
      ariadne::check(h, options("kv", Consistency::kSequential, {{str("x"), num(0)}}));
  REQUIRE(whole.verdict == Verdict::kInvalid);
  CHECK(whole.partitions[*whole.failing].stuck_states ==
        std::vector<std::string>{"{\"x\" 0, \"y\" nil}"});
}

TEST_CASE("multi-register registers start at the map's values, not at the whole map",
          "[initial][multi-register]") {
  History h = read(kTxns, "h.edn");
  auto xy0 = std::vector<std::pair<Value, Value>>{{kw("x"), num(0)}, {kw("y"), num(0)}};
  for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential})
    CHECK(ariadne::check(h, options("multi-register", c, xy0)).verdict == Verdict::kValid);
  // z is not in the map: with --initial-default 7 it starts at 7, and its
  // read of nil is the violation.
  CheckResult r =
      ariadne::check(h, options("multi-register", Consistency::kLinearizable, xy0, num(7)));
  REQUIRE(r.verdict == Verdict::kInvalid);
  CHECK(r.partitions[*r.failing].stuck_states == std::vector<std::string>{"{:x 2, :y 0, :z 7}"});
  REQUIRE(r.counterexample.has_value());
  CHECK(r.counterexample->steps.front().before == std::vector<std::string>{"{:x 0, :z 7}"});
}

TEST_CASE("the causal and eventual checkers honour per-key initial values",
          "[initial][causal][eventual]") {
  History h = read(kReadsXY, "h.jsonl");
  for (Consistency c : {Consistency::kCausal, Consistency::kCausalConvergence,
                        Consistency::kCausalMemory, Consistency::kEventual}) {
    INFO(ariadne::consistency_name(c));
    CHECK(ariadne::check(h, options("kv", c, {{str("x"), num(0)}, {str("y"), num(5)}})).verdict ==
          Verdict::kValid);
    CHECK(ariadne::check(h, options("kv", c, {{str("x"), num(0)}})).verdict == Verdict::kInvalid);
  }
}

TEST_CASE("a value on the command line is read as JSON when written as JSON, else as EDN",
          "[initial][literal]") {
  auto edn = [](const std::string& text) {
    auto r = ariadne::ingest::parse_literal("--initial", text);
    REQUIRE(r.ok());
    return ariadne::to_edn(r.value);
  };
  CHECK(edn("{\"x\": 0, \"y\":null}") == "{\"x\" 0, \"y\" nil}");
  CHECK(edn("{\"s\": \"a:b null\"}") == "{\"s\" \"a:b null\"}");
  CHECK(edn("{:x 0 :y 0}") == "{:x 0, :y 0}");
  CHECK(edn("{\"k\" :kw}") == "{\"k\" :kw}");  // EDN: a string key, a keyword value
  CHECK(edn("null") == "nil");
  CHECK(edn("[1, null]") == "[1 nil]");
  CHECK(edn("\"\"") == "\"\"");
  auto bad = ariadne::ingest::parse_literal("--initial", "0 1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error->message == "expected one value, got more text after it");
}

TEST_CASE("--initial as a map and --initial-default on the command line", "[initial][cli]") {
  TempFile txns("txns.edn", kTxns);
  CHECK(cli_test::ariadne("check --model multi-register --initial '{:x 0 :y 0}' " +
                          txns.path.string())
            .code == 0);
  CHECK(cli_test::ariadne("check --model multi-register --initial '{\"x\": 0, \"y\": 0}' " +
                          txns.path.string())
            .code == 0);
  CHECK(cli_test::ariadne("check --model multi-register --initial '{:x 0 :y 0}' "
                          "--initial-default 7 " +
                          txns.path.string())
            .code == 1);
  // Alone, --initial-default gives every key its value, even a map.
  TempFile map_value("map.edn",
                     "{:type :invoke, :f :read, :key :k, :process 0, :value nil}\n"
                     "{:type :ok, :f :read, :key :k, :process 0, :value {:a 1}}\n");
  CHECK(cli_test::ariadne("check --model kv --initial-default '{:a 1}' " + map_value.path.string())
            .code == 0);
  CHECK(cli_test::ariadne("check --model kv --initial '{:a 1}' " + map_value.path.string()).code ==
        1);
}

TEST_CASE("--initial and --initial-default: usage errors", "[initial][cli]") {
  TempFile f("reads.jsonl", kReadsXY);
  auto run = [&](const std::string& flags) {
    return cli_test::first_error_line("check " + flags + " " + f.path.string(), 64);
  };
  CHECK(run("--model register --initial '{:x 0}'") ==
        "ariadne check: --initial: a map gives each key its own initial value, for --model kv "
        "or multi-register only; --model register has no keys");
  CHECK(run("--model set --initial '{\"x\": 0}'") ==
        "ariadne check: --initial: a map gives each key its own initial value, for --model kv "
        "or multi-register only; --model set has no keys");
  CHECK(run("--model cas-register --initial-default 0") ==
        "ariadne check: --initial-default: only with --model kv or multi-register (the value of "
        "each key a map --initial does not name), got --model cas-register");
  CHECK(run("--model kv --initial 3 --initial-default 0") ==
        "ariadne check: --initial-default: only with a map --initial such as '{:x 0 :y 0}'; "
        "--initial 3 already gives every key its initial value");
  CHECK(run("--model kv --initial-default '[1'").rfind("ariadne check: --initial-default: ", 0) ==
        0);
}
