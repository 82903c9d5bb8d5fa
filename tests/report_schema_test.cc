// The JSON report of every checker against docs/report.schema.json (with
// RapidJSON's schema validator) and against docs/report-json.md's field
// tables: linearizable, sequential, the causal family, strongest, eventual
// (registers, sets with replicas, set-full, counters, list-append), and
// malformed histories.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include "report_fields.h"
#include "run_cli.h"

namespace {

const std::string kSource = ARIADNE_SOURCE_DIR;
const std::string kHistories = kSource + "/histories/";

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  INFO(text.substr(0, 300));
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

const rapidjson::SchemaDocument& schema() {
  static const rapidjson::Document doc =
      parse(cli_test::slurp(kSource + "/docs/report.schema.json"));
  static const rapidjson::SchemaDocument compiled(doc);
  return compiled;
}

// Empty when `report` is valid under the schema, else where it is not.
std::string schema_errors(const rapidjson::Document& report) {
  rapidjson::SchemaValidator validator(schema());
  if (report.Accept(validator)) return "";
  rapidjson::StringBuffer where, rule;
  validator.GetInvalidSchemaPointer().StringifyUriFragment(rule);
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  return std::string("at ") + where.GetString() + ", schema rule " + rule.GetString() + " (" +
         validator.GetInvalidSchemaKeyword() + ")";
}

struct Case {
  std::string args;     // ariadne check ARGS --json -
  std::string verdict;  // the report's
};

// At least one report of each checker, each verdict it gives, and errors.
const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"--model kv " + kHistories + "good/kv-keys-independent.jsonl", "valid"},
      {"--model kv " + kHistories + "bad/kv-stale-read.jsonl", "invalid"},
      {"--model kv --no-shrink " + kHistories + "bad/kv-stale-read.jsonl", "invalid"},
      {"--model register --consistency sequential " + kHistories +
           "bad/register-neither-sequential-nor-linearizable.jsonl",
       "invalid"},
      {"--model register --consistency sequential " + kHistories +
           "bad/register-sequential-not-linearizable.jsonl",
       "valid"},
      {"--model kv --consistency causal " + kHistories + "bad/causal-fig2e-not-causal.jsonl",
       "invalid"},
      {"--model kv --consistency causal-convergence " + kHistories +
           "bad/causal-fig2a-causal-memory-not-convergent.jsonl",
       "invalid"},
      {"--model kv --consistency causal-memory " + kHistories +
           "bad/causal-fig2a-causal-memory-not-convergent.jsonl",
       "valid"},
      {"--model kv --initial 0 --consistency causal-memory " + kHistories +
           "bad/causal-fig2b-convergent-not-causal-memory.jsonl",
       "invalid"},
      {"--model kv --initial 0 --consistency strongest " + kHistories +
           "bad/causal-fig2c-causal-only.jsonl",
       "valid"},
      {"--model kv --consistency strongest " + kHistories + "bad/causal-fig2e-not-causal.jsonl",
       "invalid"},
      {"--model register --consistency eventual " + kHistories +
           "bad/eventual-register-lost-after-read.jsonl",
       "invalid"},
      {"--model register --consistency eventual " + kHistories +
           "good/eventual-register-concurrent-overwrite.jsonl",
       "valid"},
      {"--model set --consistency eventual " + kHistories +
           "bad/eventual-set-divergent-replicas.jsonl",
       "invalid"},
      {"--model set --consistency eventual " + kHistories + "bad/eventual-set-full-lost.edn",
       "invalid"},
      {"--model set --consistency eventual --linearizable-sets " + kHistories +
           "bad/eventual-set-full-stale.edn",
       "invalid"},
      {"--model counter --consistency eventual " + kHistories +
           "good/eventual-counter-converged.jsonl",
       "valid"},
      {"--model list-append --consistency eventual " + kHistories +
           "bad/eventual-list-append-divergent.jsonl",
       "invalid"},
      {"--model set --consistency eventual " + kHistories +
           "bad/eventual-set-missing-final-read.jsonl",
       "unknown"},
      // Transactions (Elle's workloads): a cycle, a non-cycle anomaly, strongest.
      {"--model list-append --consistency serializable " + kHistories +
           "transactions/G-single.edn",
       "invalid"},
      {"--model list-append --consistency serializable " + kHistories +
           "transactions/valid-list-append.edn",
       "valid"},
      {"--model list-append --consistency read-committed " + kHistories +
           "transactions/G1a.edn",
       "invalid"},
      {"--model list-append --consistency strongest " + kHistories +
           "transactions/elle-paper-example.edn",
       "valid"},
      // Does not fit the model (an f registers do not have): an error.
      {"--model register " + kHistories + "good/fifo-queue-in-order.jsonl", "error"},
      // Does not exist.
      {"--model register " + kHistories + "absent.jsonl", "error"},
  };
  return all;
}

rapidjson::Document report_of(const Case& c) {
  cli_test::Run r = cli_test::ariadne("check " + c.args + " --json -");
  INFO("ariadne check " << c.args << " --json -");
  REQUIRE(r.out.find('\n') + 1 == r.out.size());  // one line
  rapidjson::Document d = parse(r.out);
  REQUIRE(d.IsObject());
  REQUIRE(d.HasMember("verdict"));
  CHECK(std::string(d["verdict"].GetString()) == c.verdict);
  return d;
}

}  // namespace

TEST_CASE("every checker's JSON report is valid under docs/report.schema.json", "[report]") {
  std::set<std::string> seen;  // consistency models with a checked (not error) report
  for (const Case& c : cases()) {
    INFO("ariadne check " << c.args << " --json -");
    rapidjson::Document d = report_of(c);
    CHECK(schema_errors(d) == "");
    if (c.verdict != "error") seen.insert(d["consistency"].GetString());
  }
  CHECK(seen == std::set<std::string>{"linearizable", "sequential", "causal", "causal-convergence",
                                      "causal-memory", "strongest", "eventual", "serializable",
                                      "read-committed"});
}

TEST_CASE("every field of every checker's JSON report is in docs/report-json.md", "[report]") {
  std::map<std::string, std::string> fields = report_fields::documented_fields();
  std::set<std::string> written;
  for (const Case& c : cases()) {
    INFO("ariadne check " << c.args << " --json -");
    rapidjson::Document d = report_of(c);
    std::set<std::string> paths;
    report_fields::field_paths(d, "", paths);
    for (const std::string& p : paths) {
      INFO("field " << p);
      CHECK(report_fields::documented(fields, p));
    }
    written.insert(paths.begin(), paths.end());
  }
  // The reports above reach the details of each checker.
  for (const char* p :
       {"causal.edges[].kind", "causal.edges[].via.op", "causal.process", "strongest.holds",
        "strongest.models[].stuck_op.line", "convergence.findings[].kind",
        "convergence.set_full.stale[].last_absent.op", "convergence.worst_overwrites[].winner.line",
        "checked_operations"}) {
    INFO("field " << p);
    CHECK(written.count(p) == 1);
  }
}

TEST_CASE("a report that breaks the schema fails validation", "[report]") {
  rapidjson::Document good = report_of(cases()[5]);  // causal, invalid
  REQUIRE(schema_errors(good) == "");
  auto broken = [&](auto&& change) {
    rapidjson::Document d;
    d.CopyFrom(good, d.GetAllocator());
    change(d);
    return schema_errors(d);
  };
  CHECK(broken([](rapidjson::Document& d) { d.RemoveMember("verdict"); }) != "");
  CHECK(broken([](rapidjson::Document& d) { d["verdict"].SetString("maybe"); }) != "");
  CHECK(broken([](rapidjson::Document& d) { d.AddMember("undocumented", 1, d.GetAllocator()); }) !=
        "");
  CHECK(broken([](rapidjson::Document& d) { d["causal"]["pattern"].SetString("NoSuchPattern"); }) !=
        "");
  CHECK(broken([](rapidjson::Document& d) { d["causal"]["edges"][0]["kind"].SetString("xx"); }) !=
        "");
  CHECK(broken([](rapidjson::Document& d) { d["counterexample"]["minimal"].SetInt(1); }) != "");
  CHECK(broken([](rapidjson::Document& d) { d["partitions"].SetInt(-1); }) != "");
  // A checked report without its operation counts is an error report that
  // lacks its error.
  CHECK(broken([](rapidjson::Document& d) { d.RemoveMember("checked_operations"); }) != "");
}
