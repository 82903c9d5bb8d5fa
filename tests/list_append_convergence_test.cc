// Eventual consistency of list-append (ariadne/convergence.h): the
// hand-written histories, single-op and txn form, EDN and JSON, each
// violation with its exact finding; bad input; the CLI and its reports.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"
#include "convergence_support.h"
#include "run_cli.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::ConvergenceReport;
using ariadne::History;
using ariadne::Value;
using ariadne::Verdict;
using Kind = ConvergenceReport::FindingKind;
using Strings = std::vector<std::string>;
using Lines = std::vector<uint32_t>;

using convergence_test::Checked;
using convergence_test::edn;
using convergence_test::kHistories;
using convergence_test::lines;

CheckResult check_list(const History& h) {
  return ariadne::check(h, convergence_test::eventual("list-append"));
}

Checked check_file(const std::string& file) {
  return convergence_test::check_file(file, convergence_test::eventual("list-append"));
}

Checked check_text(const std::string& text, const std::string& name = "inline.jsonl") {
  return convergence_test::check_text(text, convergence_test::eventual("list-append"), name);
}

Strings kinds(const Checked& c) {
  Strings out;
  for (const auto& f : c.report().findings)
    out.push_back(std::string(ariadne::finding_kind_name(f.kind)));
  return out;
}

const ConvergenceReport::Finding& only(const Checked& c, Kind kind) {
  const auto& fs = c.report().findings;
  REQUIRE(std::count_if(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; }) == 1);
  return *std::find_if(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; });
}

// One JSON event line for the inline histories.
std::string ev(int process, const char* node, const char* type, const char* f,
               const std::string& value, const char* extra = "") {
  std::string out = "{\"process\":" + std::to_string(process);
  if (node) out += ",\"node\":\"" + std::string(node) + "\"";
  return out + ",\"type\":\"" + type + "\",\"f\":\"" + f + "\",\"key\":\"x\",\"value\":" + value +
         extra + "}\n";
}

}  // namespace

TEST_CASE("list-append: replicas that converge on every acknowledged append are valid",
          "[list-append-convergence]") {
  Checked c = check_file("good/eventual-list-append-converged.jsonl");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(c.report().findings.empty());
  CHECK(c.report().replicas == Strings{"n1", "n2"});
  CHECK(c.report().updates == 3);  // 1, 2 and the crashed 3
  CHECK(c.report().reads == 3);
  CHECK(c.report().final_reads == 2);
  CHECK(lines(c.history, c.report().never_read) == Lines{7});  // the crashed append of 3
  CHECK(c.report().lost.empty());
  // Latency of the append of 1 (acknowledged at position 2): n2's read at
  // position 4 lacks it, its final read at position 10 holds it.
  REQUIRE(c.report().worst_stale.size() == 1);
  CHECK(c.report().worst_stale[0].latency == 8);
  CHECK(c.report().worst_stale[0].replica == "n2");
  CHECK(lines(c.history, {c.report().worst_stale[0].op}) == Lines{1});
}

TEST_CASE("list-append: Elle-style txn ops (EDN) are checked per key",
          "[list-append-convergence]") {
  Checked c = check_file("good/eventual-list-append-txn.edn");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(c.report().objects == 2);
  CHECK(c.report().updates == 3);
  CHECK(c.report().reads == 5);  // n2's [:r :x [1]] and four final reads
  CHECK(c.report().final_reads == 4);
}

TEST_CASE("list-append: completion-only txns where every node reads every key at the end",
          "[list-append-convergence]") {
  // The shape of jepsen-io/causal-consistency's strong-convergence tests:
  // ok txns only, one final read per node and key.
  std::string h =
      "{:process 0 :type :ok :f :txn :value [[:append :a 10]] :node \"n1\"}\n"
      "{:process 1 :type :ok :f :txn :value [[:append :b 20] [:append :a 11]] :node \"n2\"}\n"
      "{:process 0 :type :ok :f :txn :value [[:r :a [10 11]] [:r :b [20]]] :final-read? true "
      ":node \"n1\"}\n";
  Checked good = check_text(h + "{:process 1 :type :ok :f :txn :value [[:r :a [10 11]] [:r :b "
                                "[20]]] :final-read? true :node \"n2\"}\n",
                            "inline.edn");
  CHECK(good.result.verdict == Verdict::kValid);
  CHECK(good.report().final_reads == 4);
  Checked bad = check_text(h + "{:process 1 :type :ok :f :txn :value [[:r :a [10 11]] [:r :b "
                               "[20 21]]] :final-read? true :node \"n2\"}\n",
                           "inline.edn");
  CHECK(bad.result.verdict == Verdict::kInvalid);
  CHECK(kinds(bad) == Strings{"unexpected", "divergent"});
  CHECK(only(bad, Kind::kDivergent).index == 1);
  CHECK(edn(only(bad, Kind::kUnexpected).elements) == Strings{"21"});
}

TEST_CASE("list-append: divergent final lists name the nodes and the first index they differ",
          "[list-append-convergence]") {
  Checked c = check_file("bad/eventual-list-append-divergent.jsonl");
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(kinds(c) == Strings{"divergent", "lost"});
  const auto& d = only(c, Kind::kDivergent);
  CHECK(d.replicas == Strings{"n1", "n2"});
  CHECK(d.index == 1);
  CHECK(edn(d.elements) == Strings{"2"});
  CHECK(lines(c.history, d.ops) == Lines{5, 7});
  CHECK(d.explanation ==
        "the final reads of key \"x\" disagree from index 1:\n"
        "  n1 read [1 2] (2 elements; process 0 :txn [[\"r\" \"x\" nil]] -> [[\"r\" \"x\" [1 2]]] "
        "[line 5-6]): 2 at index 1\n"
        "  n2 read [1] (1 element; process 1 :txn [[\"r\" \"x\" nil]] -> [[\"r\" \"x\" [1]]] "
        "[line 7-8]): the list ends");
  const auto& l = only(c, Kind::kLost);
  CHECK(l.replicas == Strings{"n2"});
  CHECK(lines(c.history, l.ops) == Lines{3, 7});
  CHECK(lines(c.history, c.report().lost) == Lines{3});
  REQUIRE(c.result.counterexample.has_value());
  CHECK(lines(c.history, c.result.counterexample->ops) == Lines{5, 7});
}

TEST_CASE("list-append: with no node the history is one store; a lost append is named",
          "[list-append-convergence]") {
  Checked c = check_file("bad/eventual-list-append-lost.edn");
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK_FALSE(c.report().replicas_from_node);
  CHECK(c.report().replicas == Strings{"the store"});
  CHECK(kinds(c) == Strings{"lost"});
  const auto& l = only(c, Kind::kLost);
  CHECK(edn(l.elements) == Strings{"2"});
  CHECK(lines(c.history, l.ops) == Lines{3, 7});
  CHECK(l.explanation ==
        "the final read on the store (process 0 :read key :x -> [1 3] [line 7-8]) lacks "
        "appended elements:\n"
        "  2, absent\n"
        "    appended by process 1 :append key :x 2 [line 3-5]");
  CHECK(lines(c.history, c.report().lost) == Lines{3});
}

TEST_CASE("list-append: a read holding an element twice is a duplicate",
          "[list-append-convergence]") {
  Checked c = check_file("bad/eventual-list-append-duplicate.jsonl");
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(kinds(c) == Strings{"duplicate"});
  const auto& d = only(c, Kind::kDuplicate);
  CHECK(edn(d.elements) == Strings{"1"});
  CHECK(d.replicas == Strings{"n1"});
  CHECK(d.explanation ==
        "a read on n1 (process 0 :read key \"x\" -> [1 1] [line 5-6]) holds elements more "
        "often than they were appended:\n"
        "  1 twice, appended once");
  CHECK(lines(c.history, c.report().duplicated) == Lines{5});
}

TEST_CASE("list-append: an element whose append failed is unexpected",
          "[list-append-convergence]") {
  Checked c = check_file("bad/eventual-list-append-never-appended.jsonl");
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(kinds(c) == Strings{"unexpected"});
  const auto& u = only(c, Kind::kUnexpected);
  CHECK(edn(u.elements) == Strings{"2"});
  CHECK(lines(c.history, u.ops) == Lines{5});
  CHECK(u.explanation ==
        "reads hold elements that no append wrote (failed appends do not count):\n"
        "  2, first in a read on n1 (process 0 :read key \"x\" -> [1 2] [line 5-6])");
}

TEST_CASE("list-append: a pair a read saw in one order and a final list in the other",
          "[list-append-convergence]") {
  Checked c = check_file("bad/eventual-list-append-reordered.edn");
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(kinds(c) == Strings{"reordered"});
  const auto& r = only(c, Kind::kReordered);
  CHECK(edn(r.elements) == Strings{"1", "2"});
  CHECK(r.replicas == Strings{"n1"});
  CHECK(lines(c.history, r.ops) == Lines{5, 7});
  CHECK(r.explanation ==
        "a read on n1 (process 0 :txn [[:r :x nil]] -> [[:r :x [1 2]]] [line 5-6]) has 1 "
        "before 2, but the final read on n1 (process 0 :txn [[:r :x nil]] -> [[:r :x [2 1]]] "
        "[line 7-8]) has 2 before 1; an appended element never moves");
}

TEST_CASE("list-append: crashed appends may show, but not vanish once read",
          "[list-append-convergence]") {
  const char* fin = ",\"final\":true";
  std::string base = ev(0, "n1", "invoke", "append", "1") + ev(0, "n1", "ok", "append", "1") +
                     ev(1, "n2", "invoke", "append", "2") + ev(1, "n2", "info", "append", "2") +
                     ev(2, "n1", "invoke", "read", "null");
  // The crashed 2 shows on n1, then in both final lists: recovered.
  Checked kept = check_text(
      base + ev(2, "n1", "ok", "read", "[1,2]") + ev(2, "n1", "invoke", "read", "null", fin) +
      ev(2, "n1", "ok", "read", "[1,2]", fin) + ev(3, "n2", "invoke", "read", "null", fin) +
      ev(3, "n2", "ok", "read", "[2,1]", fin));
  CHECK(kept.result.verdict == Verdict::kInvalid);  // n2 reverses 1 and 2
  // n2's final list disagrees with n1's, and with n1's earlier read.
  CHECK(kinds(kept) == Strings{"divergent", "reordered", "reordered"});
  CHECK(lines(kept.history, kept.report().recovered) == Lines{3});

  // The crashed 2 shows on n1, then in neither final list: lost.
  Checked gone = check_text(
      base + ev(2, "n1", "ok", "read", "[1,2]") + ev(2, "n1", "invoke", "read", "null", fin) +
      ev(2, "n1", "ok", "read", "[1]", fin) + ev(3, "n2", "invoke", "read", "null", fin) +
      ev(3, "n2", "ok", "read", "[1]", fin));
  CHECK(gone.result.verdict == Verdict::kInvalid);
  CHECK(kinds(gone) == Strings{"lost"});
  CHECK(only(gone, Kind::kLost)
            .explanation.find("appended by process 1 :append key \"x\" 2 (crashed) [line 3-4], yet "
                              "a read saw it") != std::string::npos);
  CHECK(lines(gone.history, gone.report().lost) == Lines{3});

  // Never read by anyone: it need not have happened.
  Checked unseen = check_text(
      base + ev(2, "n1", "ok", "read", "[1]") + ev(2, "n1", "invoke", "read", "null", fin) +
      ev(2, "n1", "ok", "read", "[1]", fin) + ev(3, "n2", "invoke", "read", "null", fin) +
      ev(3, "n2", "ok", "read", "[1]", fin));
  CHECK(unseen.result.verdict == Verdict::kValid);
}

TEST_CASE("list-append: a node with no final read makes the verdict unknown",
          "[list-append-convergence]") {
  Checked c =
      check_text(ev(0, "n1", "invoke", "append", "1") + ev(0, "n1", "ok", "append", "1") +
                 ev(1, "n2", "invoke", "append", "2") + ev(1, "n2", "ok", "append", "2") +
                 ev(0, "n1", "invoke", "read", "null") + ev(0, "n1", "ok", "read", "[1,2]"));
  CHECK(c.result.verdict == Verdict::kUnknown);
  CHECK(c.result.reason == "no final read of key \"x\" on replica n2");
}

TEST_CASE("list-append: long elements and lists are cut in the report",
          "[list-append-convergence]") {
  std::string big(5000, 'a');
  std::string list1 = "[", list2 = "[";
  for (int i = 0; i < 400; ++i) {
    list1 += std::string(i ? "," : "") + "\"" + big + "\"";
    if (i < 399) list2 += std::string(i ? "," : "") + "\"" + big + "\"";
  }
  list1 += "]";
  list2 += "]";
  // One append of `big`: both reads also hold it 400 and 399 times.
  Checked c = check_text(ev(0, "n1", "invoke", "append", "\"" + big + "\"") +
                         ev(0, "n1", "ok", "append", "\"" + big + "\"") +
                         ev(0, "n1", "invoke", "read", "null") + ev(0, "n1", "ok", "read", list1) +
                         ev(1, "n2", "invoke", "read", "null") + ev(1, "n2", "ok", "read", list2));
  CHECK(c.result.verdict == Verdict::kInvalid);
  REQUIRE_FALSE(c.report().findings.empty());
  for (const auto& f : c.report().findings) {
    INFO(f.explanation.substr(0, 300));
    // Each value shown is cut at 300 bytes plus its "…(N bytes)"; the
    // values hold 2 MB.
    CHECK(f.explanation.size() < 4000);
    CHECK(f.explanation.find("\xE2\x80\xA6(") != std::string::npos);
  }
  CHECK(only(c, Kind::kDivergent).index == 399);

  // 150 elements nobody appended: 10 spelled out, 100 kept.
  std::string garbage = "[";
  for (int i = 0; i < 150; ++i) garbage += std::string(i ? "," : "") + std::to_string(1000 + i);
  Checked g =
      check_text(ev(0, "n1", "invoke", "read", "null") + ev(0, "n1", "ok", "read", garbage + "]"));
  const auto& u = only(g, Kind::kUnexpected);
  CHECK(u.elements.size() == 100);
  CHECK(u.explanation.find("\n  1009, first in a read on n1") != std::string::npos);
  CHECK(u.explanation.find("1010,") == std::string::npos);
  CHECK(u.explanation.substr(u.explanation.size() - 10) == "\n  ... 140");
}

TEST_CASE("list-append: bad input is an error with its line, never a crash",
          "[list-append-convergence]") {
  auto error_of = [](const std::string& text) {
    ariadne::ReadResult r = ariadne::read_history_buffer(text, "bad.jsonl", {});
    REQUIRE(r.ok());
    CheckResult c = check_list(r.history);
    REQUIRE(c.error.has_value());
    return std::to_string(c.error->line) + ": " + c.error->message;
  };
  CHECK(error_of(ev(0, "n1", "invoke", "read", "null") + ev(0, "n1", "ok", "read", "3")) ==
        "1: expected a list-append read to return a list, got integer 3");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"w\",\"x\",1]]}\n") ==
        "1: expected a micro-op [:append k v] or [:r k list], got vector [\"w\" \"x\" 1]");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",\"x\",{}]]}\n") ==
        "1: expected a list-append read to return a list, got map {}");
  CHECK(error_of("{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":5}\n") ==
        "1: expected a txn's value to be a list of micro-ops, got integer 5");
  CHECK(error_of(ev(0, "n1", "ok", "append", "1") + ev(1, nullptr, "ok", "append", "2")) ==
        "2: expected field \"node\": other operations name their replica");
  CHECK(error_of(ev(0, nullptr, "ok", "append", "1") +
                 "{\"process\":0,\"type\":\"ok\",\"f\":\"append\",\"value\":2}\n") ==
        "2: expected field \"key\": other operations name their key");
  CHECK(error_of(ev(0, nullptr, "ok", "cas", "1")) ==
        "1: expected f :append, :read or :txn for model list-append, got keyword :cas");
}

TEST_CASE("list-append: the CLI checks it and reports in text, JSON and HTML",
          "[list-append-convergence][cli]") {
  auto cli = [](const std::string& args) { return cli_test::ariadne("check " + args); };
  const std::string flags = " --model list-append --consistency eventual";
  const std::string divergent = kHistories + "bad/eventual-list-append-divergent.jsonl";
  CHECK(cli(kHistories + "good/eventual-list-append-txn.edn" + flags).code == 0);
  auto text = cli(divergent + flags);
  CHECK(text.code == 1);
  CHECK(text.out.find("  divergent in key \"x\":\n    the final reads of key \"x\" disagree from "
                      "index 1:\n") != std::string::npos);
  auto json = cli(kHistories + "bad/eventual-list-append-reordered.edn" + flags + " --json -");
  CHECK(json.code == 1);
  CHECK(json.out.find("\"findings\":[{\"kind\":\"reordered\",\"key\":\"x\",") != std::string::npos);
  auto json2 = cli(divergent + flags + " --json -");
  CHECK(json2.out.find("{\"kind\":\"divergent\",\"key\":\"x\",\"index\":1,") != std::string::npos);
  std::string html = std::filesystem::temp_directory_path() /
                     ("ariadne-list-append-" + std::to_string(::getpid()) + ".html");
  CHECK(cli(divergent + flags + " --html " + html).code == 1);
  std::ifstream in(html);
  std::string page((std::istreambuf_iterator<char>(in)), {});
  CHECK(page.find("disagree from index 1:") != std::string::npos);
  CHECK(page.find("[[&quot;r&quot; &quot;x&quot; [1 2]]]") != std::string::npos);
  std::filesystem::remove(html);
  std::string junit = html + ".xml";
  CHECK(cli(kHistories + "bad/eventual-list-append-reordered.edn" + flags + " --junit " + junit)
            .code == 1);
  std::ifstream junit_in(junit);
  std::string xml((std::istreambuf_iterator<char>(junit_in)), {});
  CHECK(xml.find("<failure message=\"invalid: not eventual. a read on n1 (process 0 :txn [[:r :x "
                 "nil]] -&gt; [[:r :x [1 2]]] [line 5-6]) has 1 before 2") != std::string::npos);
  std::filesystem::remove(junit);
  // Malformed input exits 65 with the file and line.
  std::string bad = std::filesystem::temp_directory_path() /
                    ("ariadne-list-append-" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(bad) << ev(0, "n1", "invoke", "read", "null") << ev(0, "n1", "ok", "read", "7");
  std::string err = bad + ".err";
  CHECK(cli_test::ariadne("check " + bad + flags, err).code == 65);
  std::ifstream err_in(err);
  std::string message((std::istreambuf_iterator<char>(err_in)), {});
  CHECK(message.find(bad + ":1:1: expected a list-append read to return a list, got integer 7") !=
        std::string::npos);
  std::filesystem::remove(bad);
  std::filesystem::remove(err);
}
