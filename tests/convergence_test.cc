// Eventual consistency (ariadne/convergence.h): what the report says about
// the hand-written histories, property tests over a simulated replicated
// store with and without injected faults, and bad input.

#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>

#include <cstdio>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"
#include "convergence_support.h"
#include "report/convergence.h"
#include "run_cli.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::Consistency;
using ariadne::ConvergenceReport;
using ariadne::History;
using ariadne::Value;
using ariadne::Verdict;
using Kind = ConvergenceReport::FindingKind;

using convergence_test::Checked;
using convergence_test::edn;
using convergence_test::kHistories;
using convergence_test::lines;

CheckOptions eventual(const std::string& model,
                      ariadne::SetSemantics semantics = ariadne::SetSemantics::kAddWins) {
  CheckOptions options = convergence_test::eventual(model);
  options.set_semantics = semantics;
  return options;
}

CheckResult check_eventual(const History& h, const std::string& model,
                           ariadne::SetSemantics semantics = ariadne::SetSemantics::kAddWins) {
  return ariadne::check(h, eventual(model, semantics));
}

Checked check_file(const std::string& file, const std::string& model,
                   ariadne::SetSemantics semantics = ariadne::SetSemantics::kAddWins) {
  return convergence_test::check_file(file, eventual(model, semantics));
}

Checked check_text(const std::string& text, const std::string& model) {
  return convergence_test::check_text(text, eventual(model), "inline.jsonl", false);
}

const ConvergenceReport::Finding& only_finding(const Checked& c, Kind kind) {
  const auto& fs = c.report().findings;
  auto n = std::count_if(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; });
  REQUIRE(n == 1);
  return *std::find_if(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; });
}

using Strings = std::vector<std::string>;
using Lines = std::vector<uint32_t>;

}  // namespace

TEST_CASE("divergent final reads name the replicas, what each read and the elements in dispute",
          "[convergence]") {
  Checked c = check_file("bad/eventual-set-divergent-replicas.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kInvalid);
  const auto& f = only_finding(c, Kind::kDivergent);
  CHECK(f.replicas == Strings{"n1", "n2", "n3"});
  CHECK(edn(f.elements) == Strings{"3"});
  CHECK(lines(c.history, f.ops) == Lines{7, 9});  // n1's #{1 2 3}, n2's #{1 2}
  CHECK(f.explanation.find("n1, n3 read #{1 2 3}") != std::string::npos);
  CHECK(f.explanation.find("n2 read #{1 2}") != std::string::npos);
  REQUIRE(c.result.counterexample.has_value());
  CHECK(lines(c.history, c.result.counterexample->ops) == Lines{7, 9});
  // n2 lacks the acknowledged add of 3: lost on that replica.
  CHECK(lines(c.history, c.report().lost) == Lines{5});
}

TEST_CASE("an acknowledged add missing from every final read is lost", "[convergence]") {
  Checked c = check_file("bad/eventual-set-lost-add.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(c.report().final_reads == 3);
  const auto& f = only_finding(c, Kind::kLost);
  CHECK(edn(f.elements) == Strings{"3"});
  CHECK(lines(c.history, c.report().lost) == Lines{7});
  CHECK(lines(c.history, f.ops) == Lines{7, 9});  // the add, the first final read
  CHECK(c.report().findings.size() == 1);         // the replicas agree
}

TEST_CASE("an element never added (its add failed) is unexpected", "[convergence]") {
  Checked c = check_file("bad/eventual-set-element-never-added.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kInvalid);
  const auto& f = only_finding(c, Kind::kUnexpected);
  CHECK(edn(f.elements) == Strings{"9"});
  CHECK(f.replicas == Strings{"n1"});
  CHECK(c.report().lost.empty());
}

TEST_CASE("a set read returning an element twice is a duplicate", "[convergence]") {
  Checked c = check_file("bad/eventual-set-duplicate-element.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kInvalid);
  const auto& f = only_finding(c, Kind::kDuplicate);
  CHECK(edn(f.elements) == Strings{"1"});
  CHECK(lines(c.history, c.report().duplicated) == Lines{5});
  // Duplicates do not count as divergence: #{1 2} either way.
  CHECK(c.report().findings.size() == 1);
}

TEST_CASE("a replica with no final read makes the verdict unknown and is named", "[convergence]") {
  Checked c = check_file("bad/eventual-set-missing-final-read.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kUnknown);
  CHECK(c.result.reason == "no final read of the object on replica n3");
  CHECK(only_finding(c, Kind::kMissingFinalRead).replicas == Strings{"n3"});
  CHECK_FALSE(c.result.counterexample.has_value());
}

TEST_CASE("set semantics decide whether a remove after a completed add wins", "[convergence]") {
  const std::string file = "good/eventual-set-add-wins-unseen-remove.jsonl";
  CHECK(check_file(file, "set").result.verdict == Verdict::kValid);
  for (auto s : {ariadne::SetSemantics::kRemoveWins, ariadne::SetSemantics::kLastWriterWins}) {
    Checked c = check_file(file, "set", s);
    INFO(ariadne::set_semantics_name(s));
    CHECK(c.result.verdict == Verdict::kInvalid);
    const auto& f = only_finding(c, Kind::kIllegalMerge);
    CHECK(edn(f.elements) == Strings{"1"});
    CHECK(lines(c.history, f.ops) == Lines{1, 3, 5});  // add, remove, final read
  }
}

TEST_CASE("a crashed add present in the final reads is recovered", "[convergence]") {
  Checked c = check_file("good/eventual-set-recovered-crashed-add.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(lines(c.history, c.report().recovered) == Lines{3});
  CHECK(c.report().lost.empty());
}

TEST_CASE("set latency: a read on n3 misses the add of 2 until its final read", "[convergence]") {
  Checked c = check_file("good/eventual-set-converged.jsonl", "set");
  CHECK(c.result.verdict == Verdict::kValid);
  const ConvergenceReport& r = c.report();
  CHECK(r.time_unit == "positions");
  CHECK(r.stable == 3);
  CHECK(r.stale == 1);
  REQUIRE(r.worst_stale.size() == 1);
  CHECK(lines(c.history, {r.worst_stale[0].op}) == Lines{3});
  CHECK(r.worst_stale[0].replica == "n3");
  // Acknowledged at event 3, n3's next read that holds 2 is invoked at event 12.
  CHECK(r.worst_stale[0].latency == 9);
  REQUIRE(r.quantiles.size() == 5);
  CHECK(r.quantiles[0] == std::pair<double, int64_t>{0, 0});
  CHECK(r.quantiles[4] == std::pair<double, int64_t>{1, 9});
}

TEST_CASE("timed histories give latency in nanoseconds", "[convergence]") {
  Checked c = check_file("good/eventual-kv-per-key.jsonl", "kv");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(c.report().objects == 2);
  CHECK(c.report().time_unit == "ns");
  REQUIRE(c.report().worst_stale.size() == 1);
  CHECK(c.report().worst_stale[0].latency == 7000);  // ack 2000, n2's read of 1 at 9000
  CHECK(c.report().worst_stale[0].replica == "n2");
}

TEST_CASE("counter bounds: acknowledged deltas below, crashed ones widen by their sign",
          "[convergence]") {
  Checked low = check_file("bad/eventual-counter-lost-increment.jsonl", "counter");
  CHECK(low.result.verdict == Verdict::kInvalid);
  CHECK(only_finding(low, Kind::kLost).explanation.find("at least 4: 1 lost") != std::string::npos);
  Checked high = check_file("bad/eventual-counter-above-every-increment.jsonl", "counter");
  CHECK(high.result.verdict == Verdict::kInvalid);
  CHECK(only_finding(high, Kind::kUnexpected).explanation.find("at most 5: 2 too many") !=
        std::string::npos);
  Checked good = check_file("good/eventual-counter-converged.jsonl", "counter");
  CHECK(good.result.verdict == Verdict::kValid);
  CHECK(good.report().latency_note ==
        "counter latency is not computed when some delta is negative");
}

TEST_CASE("a negative crashed delta lowers the lower bound, not the upper", "[convergence]") {
  // +10 acknowledged, -4 crashed: the value may be 6..10.
  const std::string head =
      "{\"process\":0,\"node\":\"a\",\"type\":\"invoke\",\"f\":\"add\",\"value\":10}\n"
      "{\"process\":0,\"node\":\"a\",\"type\":\"ok\",\"f\":\"add\",\"value\":10}\n"
      "{\"process\":1,\"node\":\"b\",\"type\":\"invoke\",\"f\":\"add\",\"value\":-4}\n"
      "{\"process\":1,\"node\":\"b\",\"type\":\"info\",\"f\":\"add\",\"value\":-4}\n";
  auto with_read = [&](int v) {
    std::string reads;
    for (const char* node : {"a", "b"})
      reads += std::string("{\"process\":2,\"node\":\"") + node +
               "\",\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":2,\"node\":\"" + node +
               "\",\"type\":\"ok\",\"f\":\"read\",\"value\":" + std::to_string(v) + "}\n";
    return check_text(head + reads, "counter").result.verdict;
  };
  CHECK(with_read(5) == Verdict::kInvalid);
  CHECK(with_read(6) == Verdict::kValid);
  CHECK(with_read(10) == Verdict::kValid);
  CHECK(with_read(11) == Verdict::kInvalid);
}

TEST_CASE(
    "a register's final value superseded by an acknowledged write loses that write "
    "under realtime arbitration",
    "[convergence]") {
  // The write of 2 began after the write of 1 completed, but never saw it.
  Checked c = check_file("bad/eventual-register-superseded-write.jsonl", "register");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(c.report().concurrent_overwrites == 1);
  CheckOptions options;
  options.model = "register";
  options.consistency = Consistency::kEventual;
  options.arbitration = ariadne::Arbitration::kRealtime;
  c.result = ariadne::check(c.history, options);
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(lines(c.history, c.report().lost) == Lines{3});
  CHECK(lines(c.history, only_finding(c, Kind::kLost).ops) == Lines{1, 3, 5});
  CHECK(c.report().concurrent_overwrites == 0);
  CHECK(check_file("good/eventual-register-concurrent-writes.jsonl", "register").result.verdict ==
        Verdict::kValid);
}

TEST_CASE("kv is checked per key: only key y diverges", "[convergence]") {
  Checked c = check_file("bad/eventual-kv-divergent-key.jsonl", "kv");
  CHECK(c.result.verdict == Verdict::kInvalid);
  const auto& f = only_finding(c, Kind::kDivergent);
  CHECK(f.keyed);
  CHECK(ariadne::to_edn(f.key) == "\"y\"");
  CHECK(edn(f.elements) == Strings{"3", "2"});
}

TEST_CASE("with no node, processes are clients of one store, not replicas", "[convergence]") {
  // A set is judged as Jepsen's set-full: 1 is stable (stale once: process
  // 1's read missed it after it was acknowledged), the crashed add of 2 was
  // never read. Marks of final reads play no part.
  const std::string text =
      "{:process 0, :type :invoke, :f :add, :value 1}\n"
      "{:process 0, :type :ok, :f :add, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value []}\n"
      "{:process 2, :type :invoke, :f :add, :value 2}\n"
      "{:process 2, :type :info, :f :add, :value 2}\n"
      "{:process 0, :type :invoke, :f :read, :value nil, :final-read? true}\n"
      "{:process 0, :type :ok, :f :read, :value [1], :final-read? true}\n"
      "{:process 1, :type :invoke, :f :read, :value nil, :final-read? true}\n"
      "{:process 1, :type :ok, :f :read, :value [1], :final-read? true}\n";
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "marked.edn", {});
  REQUIRE(r.ok());
  CheckResult c = check_eventual(r.history, "set");
  CHECK(c.verdict == Verdict::kValid);
  REQUIRE(c.convergence != nullptr);
  CHECK(c.convergence->replicas == Strings{"the store"});
  REQUIRE(c.convergence->set_full != nullptr);
  CHECK(c.convergence->set_full->stable == 1);
  CHECK(c.convergence->set_full->stale.size() == 1);
  CHECK(lines(r.history, c.convergence->never_read) == Lines{5});

  // A counter without node: the reads after every update are final and agree.
  ariadne::ReadResult counter = ariadne::read_history_buffer(
      "{:process 0, :type :invoke, :f :add, :value 2}\n"
      "{:process 0, :type :ok, :f :add, :value 2}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 2}\n"
      "{:process 2, :type :invoke, :f :read, :value nil}\n"
      "{:process 2, :type :ok, :f :read, :value 1}\n",
      "counter.edn", {});
  REQUIRE(counter.ok());
  CheckResult k = check_eventual(counter.history, "counter");
  CHECK(k.verdict == Verdict::kInvalid);  // the store's final reads disagree
  REQUIRE(k.convergence != nullptr);
  CHECK(k.convergence->findings.front().kind == Kind::kDivergent);
  CHECK(k.convergence->replicas == Strings{"the store"});
}

TEST_CASE("bad input for the eventual checker is an error, never a crash", "[convergence]") {
  auto error_of = [](const std::string& text, const std::string& model) {
    ariadne::ReadResult r = ariadne::read_history_buffer(text, "bad.jsonl", {});
    REQUIRE(r.ok());
    CheckResult c = check_eventual(r.history, model);
    REQUIRE(c.error.has_value());
    return c.error->message;
  };
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":3}\n", "set") ==
        "expected a set read to return a collection, got integer 3");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":\"x\"}\n", "counter") ==
        "expected a counter read to return an integer, got string \"x\"");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"add\",\"value\":[1]}\n", "counter") ==
        "expected an integer delta, got vector [1]");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"pop\"}\n", "set") ==
        "expected f :add or :read: with no \"node\" field a set is judged as Jepsen's set-full, "
        "which has no :pop (name replicas with node to check removes)");
  CHECK(error_of("{\"process\":0,\"node\":\"n1\",\"type\":\"ok\",\"f\":\"pop\"}\n", "set") ==
        "expected f :add, :remove or :read for model set, got :pop");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n", "kv") ==
        "expected field \"key\" (or --independent tuples) for model kv");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n", "stack") ==
        "eventual consistency is checked for models register, cas-register, kv, set, counter "
        "and list-append, not stack");

  // Random mutations of a good history: every outcome is a verdict or an error.
  std::ifstream in(kHistories + "good/eventual-set-converged.jsonl");
  std::string base((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(!base.empty());
  const std::string alphabet = "{}[]\":,0123456789 -nulltruefinalnodeaddremovereadokinfo\n";
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      size_t at = rng() % text.size();
      if (rng() % 2)
        text[at] = alphabet[rng() % alphabet.size()];
      else
        text.erase(at, 1 + rng() % 6);
      if (text.empty()) text = "{";
    }
    ariadne::ReadResult r = ariadne::read_history_buffer(text, "mutated.jsonl", {});
    if (!r.ok()) continue;
    for (const char* model : {"set", "counter", "register", "kv"}) {
      CheckResult c = check_eventual(r.history, model);
      CHECK((c.error.has_value() || c.convergence != nullptr));
    }
  }
}

TEST_CASE("the latency SVG escapes replica names and plots every replica", "[convergence]") {
  const std::string text =
      "{\"process\":0,\"node\":\"<n&1>\",\"type\":\"invoke\",\"f\":\"add\",\"value\":1}\n"
      "{\"process\":0,\"node\":\"<n&1>\",\"type\":\"ok\",\"f\":\"add\",\"value\":1}\n"
      "{\"process\":1,\"node\":\"n'2\",\"type\":\"invoke\",\"f\":\"read\"}\n"
      "{\"process\":1,\"node\":\"n'2\",\"type\":\"ok\",\"f\":\"read\",\"value\":[]}\n"
      "{\"process\":1,\"node\":\"n'2\",\"type\":\"invoke\",\"f\":\"read\",\"final\":true}\n"
      "{\"process\":1,\"node\":\"n'2\",\"type\":\"ok\",\"f\":\"read\",\"value\":[1]}\n"
      "{\"process\":0,\"node\":\"<n&1>\",\"type\":\"invoke\",\"f\":\"read\",\"final\":true}\n"
      "{\"process\":0,\"node\":\"<n&1>\",\"type\":\"ok\",\"f\":\"read\",\"value\":[1]}\n";
  Checked c = check_text(text, "set");
  CHECK(c.result.verdict == Verdict::kValid);
  std::string svg = ariadne::report::convergence_svg(c.report());
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("&lt;n&amp;1&gt;") != std::string::npos);
  CHECK(svg.find("n&#39;2") != std::string::npos);
  CHECK(svg.find("<n&1>") == std::string::npos);
  CHECK(svg.find("latency (positions)") != std::string::npos);
  // One point per (update, replica): n1 at 0, n2 at 3 (ack at 1, read at 4).
  size_t circles = 0;
  for (size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1))
    ++circles;
  CHECK(circles == 4);  // two points, two legend marks
  REQUIRE(c.report().points.size() == 2);
  CHECK(c.report().points[1].latency == 3);
  std::string json = ariadne::report::convergence_json(c.history, c.report());
  CHECK(json.find("\"replicas\":[\"<n&1>\",\"n'2\"]") != std::string::npos);
  CHECK(json.find("\"quantiles\":{\"0\":3,\"0.5\":3,\"0.95\":3,\"0.99\":3,\"1\":3}") !=
        std::string::npos);
}

namespace {

using cli_test::Run;

// Runs `ariadne check ARGS`.
Run ariadne_cli(const std::string& args) { return cli_test::ariadne("check " + args); }

}  // namespace

TEST_CASE("the CLI checks --consistency eventual and reports convergence", "[convergence][cli]") {
  const std::string bad = kHistories + "bad/eventual-set-divergent-replicas.jsonl";
  Run invalid = ariadne_cli(bad + " --model set --consistency eventual --json -");
  CHECK(invalid.code == 1);
  CHECK(invalid.out.find("\"verdict\":\"invalid\"") != std::string::npos);
  CHECK(invalid.out.find("\"counterexample\":{") != std::string::npos);
  CHECK(invalid.out.find("\"events\":[{\"type\":\"invoke\",\"process\":0,"
                         "\"f\":\"read\",\"value\":null,\"node\":\"n1\",\"line\":7}") !=
        std::string::npos);
  CHECK(invalid.out.find("\"findings\":[{\"kind\":\"divergent\"") != std::string::npos);
  Run text = ariadne_cli(bad + " --model set --consistency eventual");
  CHECK(text.code == 1);
  CHECK(text.out.find("  divergent in the object:\n") != std::string::npos);
  CHECK(text.out.find("  convergence latency (positions): ") != std::string::npos);

  Run valid = ariadne_cli(kHistories +
                          "good/eventual-set-add-wins-unseen-remove.jsonl --model set "
                          "--consistency eventual");
  CHECK(valid.code == 0);
  Run remove_wins = ariadne_cli(kHistories +
                                "good/eventual-set-add-wins-unseen-remove.jsonl --model set "
                                "--consistency eventual --set-semantics remove-wins");
  CHECK(remove_wins.code == 1);
  CHECK(ariadne_cli(bad + " --model set --consistency eventual --set-semantics both").code == 64);
  CHECK(ariadne_cli(bad + " --model stack --consistency eventual").code == 64);
  Run help = ariadne_cli("--help");
  CHECK(help.out.find("default add-wins") != std::string::npos);
}

TEST_CASE("the HTML report of an eventual check holds the report and the latency plot",
          "[convergence][cli]") {
  const std::string bad = kHistories + "bad/eventual-set-divergent-replicas.jsonl";
  std::string html = std::filesystem::temp_directory_path() /
                     ("ariadne-convergence-" + std::to_string(::getpid()) + ".html");
  CHECK(ariadne_cli(bad + " --model set --consistency eventual --html " + html).code == 1);
  std::ifstream in(html);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.find("Convergence latency") != std::string::npos);
  CHECK(text.find("<svg") != std::string::npos);
  CHECK(text.find("they disagree on 1 element: 3") != std::string::npos);
  std::filesystem::remove(html);
}

TEST_CASE("the report names the replicas by node, else the store, for every model",
          "[convergence][cli]") {
  // One acknowledged update that a second final read lacks, per model.
  struct Case {
    const char* model;
    const char* update;
    const char* value;
    const char* read_with;
    const char* read_without;
  };
  const Case cases[] = {{"set", "add", "1", "[1]", "[]"},
                        {"counter", "increment", "1", "1", "0"},
                        {"register", "write", "1", "1", "null"},
                        {"list-append", "append", "1", "[1]", "[]"}};
  auto op = [](int p, const char* f, const std::string& in, const std::string& out,
               const std::string& more) {
    std::string head = "{\"process\":" + std::to_string(p) + ",\"f\":\"" + f + "\"" + more;
    return head + ",\"type\":\"invoke\",\"value\":" + in + "}\n" + head +
           ",\"type\":\"ok\",\"value\":" + out + "}\n";
  };
  for (const Case& c : cases) {
    for (bool with_node : {true, false}) {
      INFO(c.model << (with_node ? " with node" : " without node"));
      auto on = [&](const char* n) {
        return with_node ? ",\"node\":\"" + std::string(n) + "\"" : std::string();
      };
      std::string text = op(0, c.update, c.value, c.value, on("n1")) +
                         op(1, "read", "null", c.read_with, on("n1") + ",\"final\":true") +
                         op(2, "read", "null", c.read_without, on("n2") + ",\"final\":true");
      Checked k = check_text(text, c.model);
      REQUIRE(k.result.verdict == Verdict::kInvalid);
      std::string out = ariadne::report::convergence_text(k.history, k.report());
      CHECK(out.find("(by process)") == std::string::npos);
      if (with_node) {
        CHECK(out.rfind("  replicas (by node): n1, n2\n", 0) == 0);
        CHECK(out.find("the store") == std::string::npos);
      } else {
        CHECK(out.rfind("  replicas: the store (no node field: one store read by clients)\n", 0) ==
              0);
        CHECK(out.find("n1") == std::string::npos);
        // The set's reading without node is set-full, which has no final reads.
        if (std::string(c.model) != "set")
          CHECK(out.find("the final read on the store (process 2 :read") != std::string::npos);
      }
    }
  }
}
