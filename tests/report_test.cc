// The reports of `ariadne check`: the text timeline, the JSON report against
// docs/report-json.md, counterexample events that reproduce the violation,
// the HTML report's escaping and size, and JUnit XML.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include "report_fields.h"
#include "run_cli.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

namespace {

namespace fs = std::filesystem;

const std::string kSource = ARIADNE_SOURCE_DIR;
const std::string kHistories = kSource + "/histories/";

using cli_test::ariadne;
using cli_test::Run;
using cli_test::Scratch;
using cli_test::slurp;

rapidjson::Document parse_json(const std::string& line) {
  rapidjson::Document d;
  d.Parse(line.c_str(), line.size());
  INFO(line);
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d.IsObject());
  return d;
}

}  // namespace

TEST_CASE("the text report draws the counterexample as a timeline, one row per process",
          "[report]") {
  std::string file = kHistories + "bad/register-stale-read.jsonl";
  Run r = ariadne("check --model register " + file);
  CHECK(r.code == 1);
  CHECK(r.out.rfind(file + "\tinvalid\n", 0) == 0);
  CHECK(r.out.find("  the history is not linearizable: 3 of its 3 operations show it (a minimal "
                   "counterexample") != std::string::npos);
  CHECK(r.out.find("\n    process 0  [write 1 L1 ] [write 2 L3 ]\n"
                   "    process 1                              [read -> 1 L5 ]\n") !=
        std::string::npos);
  CHECK(r.out.find("    process 0's write 2 (line 3) completed at line 4 before process 1's read "
                   "-> 1 (line 5) began.\n") != std::string::npos);
  CHECK(r.out.find("  Model states where the search over these operations got stuck: 2\n") !=
        std::string::npos);
}

TEST_CASE("--no-shrink reports the whole failing partition and says it is not minimal",
          "[report][shrink]") {
  Run r = ariadne("check --model kv --no-shrink " + kHistories + "bad/kv-stale-read.jsonl");
  CHECK(r.code == 1);
  CHECK(r.out.find("(not shrunk (--no-shrink))") != std::string::npos);
}

TEST_CASE("the JSON report has exactly the fields docs/report-json.md documents", "[report]") {
  std::map<std::string, std::string> fields = report_fields::documented_fields();
  REQUIRE(fields.size() >= 30);
  Scratch s;
  std::string bad = s.write("bad.jsonl", "{\"type\":\"ok\",\"process\":1,\"f\":\"read\"\n");
  std::string valid = kHistories + "good/kv-keys-independent.jsonl";
  std::string invalid = kHistories + "bad/kv-stale-read.jsonl";
  Run r = ariadne("check --model kv --json - " + valid + " " + invalid + " " + bad);
  CHECK(r.code == 65);
  std::vector<std::string> lines;
  std::stringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 3);
  const char* kinds[] = {"valid", "invalid", "malformed"};
  for (size_t i = 0; i < 3; ++i) {
    INFO(kinds[i] << " report: " << lines[i]);
    rapidjson::Document d = parse_json(lines[i]);
    std::set<std::string> paths;
    report_fields::field_paths(d, "", paths);
    for (const std::string& p : paths) {
      INFO("field " << p);
      CHECK(report_fields::documented(fields, p));
    }
    for (const auto& [name, presence] : fields) {
      bool required = presence == "always" || (presence == "read" && i < 2) ||
                      (presence == "invalid" && i == 1) || (presence == "malformed" && i == 2);
      if (!required || name.find('*') != std::string::npos) continue;
      INFO("field " << name << " (" << presence << ")");
      CHECK(paths.count(name) == 1);
    }
  }
  rapidjson::Document invalid_report = parse_json(lines[1]);
  CHECK(std::string(invalid_report["verdict"].GetString()) == "invalid");
  CHECK(invalid_report["counterexample"]["minimal"].GetBool());
  CHECK(invalid_report["counterexample"]["operations"].GetInt() == 3);
}

namespace {

// The counterexample's events of `file`, as JSON Lines.
std::string counterexample_jsonl(const std::string& args) {
  Run r = ariadne("check --json - " + args);
  REQUIRE(r.code == 1);
  rapidjson::Document d = parse_json(r.out.substr(0, r.out.find('\n')));
  REQUIRE(d.HasMember("counterexample"));
  std::string out;
  for (const auto& e : d["counterexample"]["events"].GetArray()) {
    REQUIRE(e.HasMember("line"));
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    e.Accept(w);
    out += std::string(buf.GetString()) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the counterexample's events, written as JSON Lines, are an invalid history",
          "[report][shrink]") {
  Scratch s;
  struct Case {
    std::string flags, file;
  };
  std::vector<Case> cases = {
      {"--model register", kHistories + "bad/register-stale-read.jsonl"},
      {"--model register", kHistories + "bad/register-read-never-written.jsonl"},
      {"--model cas-register", kHistories + "bad/cas-register-failed-cas-visible.jsonl"},
      {"--model kv", kHistories + "bad/kv-stale-read.jsonl"},
      {"--model kv --consistency sequential",
       kHistories + "bad/kv-sequential-not-compositional.jsonl"},
      {"--model fifo-queue", kHistories + "bad/fifo-queue-duplicated-dequeue.jsonl"},
      {"--model counter", kHistories + "bad/counter-lost-increment.jsonl"},
      {"--model set", kHistories + "bad/set-add-lost.jsonl"},
      {"--model list-append", kHistories + "bad/list-append-order-reversed.jsonl"},
      {"--model multi-register", kHistories + "bad/multi-register-torn-read.edn"},
      {"--model mutex", kHistories + "bad/mutex-two-holders.jsonl"},
      {"--model cas-register --independent",
       kHistories + "bad/independent-cas-register-stale-read.edn"},
      // complete-operation records: each comes back as its record
      {"--model register",
       s.write("records.jsonl",
               "{\"process\":\"c1\",\"f\":\"write\",\"value\":1,\"start\":10,\"end\":20,\"type\":"
               "\"ok\",\"trace\":\"a\"}\n"
               "{\"process\":\"c2\",\"f\":\"write\",\"value\":2,\"start\":30,\"end\":40,\"type\":"
               "\"ok\"}\n"
               "{\"process\":\"c3\",\"f\":\"read\",\"value\":1,\"start\":50,\"end\":60,\"type\":"
               "\"ok\"}\n")},
  };
  std::string c50 = std::string(ARIADNE_SOURCE_DIR) + "/histories/porcupine/kv/c50-bad.txt";
  cases.push_back({"--model kv --initial '\"\"'", c50});
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& k = cases[i];
    INFO(k.file << " " << k.flags);
    std::string events = counterexample_jsonl(k.flags + " " + k.file);
    INFO("events:\n" << events);
    std::string path = s.write("cx" + std::to_string(i) + ".jsonl", events);
    Run again = ariadne("check " + k.flags + " " + path);
    CHECK(again.code == 1);
  }
  // The record keeps its extra field and its start and end.
  std::string records = counterexample_jsonl("--model register " + s["records.jsonl"]);
  CHECK(records.find("\"start\":10,\"end\":20,\"trace\":\"a\",\"line\":1}") != std::string::npos);
}

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the HTML report escapes every string from the history", "[report][html]") {
  Scratch s;
  const std::string evil = "</script><script>alert(1)</script>";
  // JSON-escaped in the history file itself.
  std::string evil_json = "<\\/script><script>alert(1)<\\/script>";
  std::string file = s.write(
      "evil.jsonl",
      "{\"type\":\"invoke\",\"process\":\"<b>p\\\"1'</b>\",\"f\":\"write\",\"key\":\"k</script>\","
      "\"value\":\"" +
          evil_json +
          "\",\"note\":\"ünïcødé ✓ \\u2028 & <!--\"}\n"
          "{\"type\":\"ok\",\"process\":\"<b>p\\\"1'</b>\",\"f\":\"write\",\"key\":\"k</script>\","
          "\"value\":\"" +
          evil_json +
          "\"}\n"
          "{\"type\":\"invoke\",\"process\":2,\"f\":\"read\",\"key\":\"k</"
          "script>\",\"value\":null}\n"
          "{\"type\":\"ok\",\"process\":2,\"f\":\"read\",\"key\":\"k</"
          "script>\",\"value\":\"ünïcødé\"}\n");
  std::string html_path = s["report.html"];
  Run r = ariadne("check --model kv --html " + html_path + " " + file);
  CHECK(r.code == 1);
  std::string html = slurp(html_path);
  REQUIRE(!html.empty());
  // No tag from the data: every <script and </script is one of ours.
  CHECK(html.find(evil) == std::string::npos);
  CHECK(html.find("<b>p") == std::string::npos);
  CHECK(html.find("alert(1)</") == std::string::npos);
  CHECK(count(html, "<script") == count(html, "</script>"));
  CHECK(count(html, "</script") == count(html, "<script"));
  CHECK(html.find("<!--") == std::string::npos);
  // The data is there, escaped: as entities in markup, \u escapes in JSON.
  CHECK(html.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)") != std::string::npos);
  CHECK(html.find("&lt;b&gt;p\\&quot;1&#39;&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("\\u2028") != std::string::npos);
  CHECK(html.find("\xE2\x80\xA8") == std::string::npos);
  CHECK(html.find("ünïcødé") != std::string::npos);  // UTF-8 kept as is
  // Self-contained: nothing loaded from elsewhere.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("href=\"#violation-1\"") != std::string::npos);
  CHECK(html.find("id=\"violation-1\"") != std::string::npos);
  CHECK(html.find("<table class=\"steps\">") != std::string::npos);
}

namespace {

// A 100,000-operation register history over three processes, one op at a
// time, with one stale read in the middle.
std::string big_history(size_t ops) {
  std::string out;
  out.reserve(ops * 120);
  int64_t value = 0;
  for (size_t i = 0; i < ops; ++i) {
    std::string p = std::to_string(i % 3);
    std::string t0 = std::to_string(i * 10), t1 = std::to_string(i * 10 + 5);
    if (i % 2 == 0) {
      std::string v = std::to_string(++value);
      out += "{\"type\":\"invoke\",\"process\":" + p + ",\"f\":\"write\",\"value\":" + v +
             ",\"time\":" + t0 + "}\n";
      out += "{\"type\":\"ok\",\"process\":" + p + ",\"f\":\"write\",\"value\":" + v +
             ",\"time\":" + t1 + "}\n";
    } else {
      std::string v = std::to_string(i == ops / 2 + 1 ? value - 1 : value);
      out += "{\"type\":\"invoke\",\"process\":" + p +
             ",\"f\":\"read\",\"value\":null,\"time\":" + t0 + "}\n";
      out += "{\"type\":\"ok\",\"process\":" + p + ",\"f\":\"read\",\"value\":" + v +
             ",\"time\":" + t1 + "}\n";
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the HTML report of a 100,000-operation history stays small", "[report][html]") {
  Scratch s;
  std::string file = s.write("big.jsonl", big_history(100000));
  // 1000h: shrinking is not raced against a clock on a loaded machine.
  Run r =
      ariadne("check --model register --shrink-timeout 1000h --html " + s["big.html"] + " " + file);
  CHECK(r.code == 1);
  CHECK(r.out.find("3 of its 100000 operations show it (a minimal counterexample") !=
        std::string::npos);
  uintmax_t size = fs::file_size(s["big.html"]);
  CHECK(size < 20u * 1000 * 1000);
  CHECK(size < 1u * 1000 * 1000);  // in fact: a window around the counterexample

  // Unshrunk, the counterexample is the whole history: drawn near its end.
  r = ariadne("check --model register --no-shrink --html " + s["all.html"] + " " + file);
  CHECK(r.code == 1);
  CHECK(fs::file_size(s["all.html"]) < 20u * 1000 * 1000);
}

TEST_CASE("--shrink-timeout bounds shrinking and says the counterexample may not be minimal",
          "[report][shrink]") {
  std::string c50 = std::string(ARIADNE_SOURCE_DIR) + "/histories/porcupine/kv/c50-bad.txt";
  Run r = ariadne("check --model kv --initial '\"\"' --shrink-timeout 1ns " + c50);
  CHECK(r.code == 1);
  CHECK(r.out.find("(not shown minimal (shrink time limit))") != std::string::npos);
  // 1000h: no machine is that slow; the test does not race a clock.
  r = ariadne("check --model kv --initial '\"\"' --shrink-timeout 1000h " + c50);
  CHECK(r.out.find("(a minimal counterexample, shrunk in") != std::string::npos);
}

namespace {

// A small XML well-formedness check: balanced tags, quoted attributes,
// entities only from XML's five and character references, no '<' in text.
bool well_formed_xml(const std::string& xml, std::string& why) {
  std::vector<std::string> open;
  size_t i = 0;
  auto entity_ok = [&](size_t at) {
    static const char* names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (const char* n : names)
      if (xml.compare(at, std::strlen(n), n) == 0) return true;
    return xml.compare(at, 2, "&#") == 0 && xml.find(';', at) != std::string::npos;
  };
  while (i < xml.size()) {
    char c = xml[i];
    if (c == '&') {
      if (!entity_ok(i)) return why = "bad entity at " + std::to_string(i), false;
      ++i;
    } else if (c == '<') {
      if (xml.compare(i, 2, "<?") == 0) {
        i = xml.find("?>", i);
        if (i == std::string::npos) return why = "unclosed <?", false;
        i += 2;
        continue;
      }
      bool closing = xml[i + 1] == '/';
      size_t name_from = i + (closing ? 2 : 1);
      size_t name_to = xml.find_first_of(" />\n", name_from);
      std::string name = xml.substr(name_from, name_to - name_from);
      if (name.empty()) return why = "empty tag name at " + std::to_string(i), false;
      size_t j = name_to;
      bool self_closing = false;
      while (j < xml.size() && xml[j] != '>') {
        if (xml[j] == '"') {
          size_t end = xml.find('"', j + 1);
          if (end == std::string::npos) return why = "unclosed attribute", false;
          for (size_t k = j + 1; k < end; ++k) {
            if (xml[k] == '<') return why = "< in attribute at " + std::to_string(k), false;
            if (xml[k] == '&' && !entity_ok(k)) return why = "bad entity in attribute", false;
          }
          j = end + 1;
          continue;
        }
        if (xml[j] == '/' && xml[j + 1] == '>') self_closing = true;
        ++j;
      }
      if (j >= xml.size()) return why = "unclosed tag " + name, false;
      if (closing) {
        if (open.empty() || open.back() != name) return why = "mismatched </" + name + ">", false;
        open.pop_back();
      } else if (!self_closing) {
        open.push_back(name);
      }
      i = j + 1;
    } else {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 && c != '\n' && c != '\r' && c != '\t')
        return why = "control character at " + std::to_string(i), false;
      ++i;
    }
  }
  if (!open.empty()) return why = "unclosed <" + open.back() + ">", false;
  return true;
}

}  // namespace

TEST_CASE("the JUnit report has a testcase per file and per failing key, escaped", "[report]") {
  Scratch s;
  std::string odd = s.write(
      "odd<&>\".jsonl",
      "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"key\":\"<k&\\u0001>\",\"value\":1}\n"
      "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"key\":\"<k&\\u0001>\",\"value\":1}\n"
      "{\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"key\":\"<k&\\u0001>\",\"value\":null}\n"
      "{\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"key\":\"<k&\\u0001>\",\"value\":null}\n");
  std::string bad = s.write("bad.jsonl", "{\"type\":\"ok\",\"process\":1,\"f\":\"read\"\n");
  std::string valid = kHistories + "good/kv-keys-independent.jsonl";
  Run r =
      ariadne("check --model kv --junit " + s["junit.xml"] + " " + valid + " '" + odd + "' " + bad);
  CHECK(r.code == 65);
  std::string xml = slurp(s["junit.xml"]);
  std::string why;
  INFO(xml);
  CHECK(well_formed_xml(xml, why));
  INFO(why);
  CHECK(count(xml, "<testsuite ") == 1);
  CHECK(xml.find("tests=\"4\" failures=\"2\" errors=\"1\" skipped=\"0\"") != std::string::npos);
  CHECK(count(xml, "<testcase ") == 4);
  CHECK(xml.find("odd&lt;&amp;&gt;&quot;.jsonl key &quot;&lt;k&amp;") != std::string::npos);
  CHECK(xml.find("<failure message=\"invalid: not linearizable. process 0&#39;s write 1 (line 1) "
                 "completed at line 2 before process 1&#39;s read -&gt; nil (line 3) began.\"") !=
        std::string::npos);
  // The error's first line: file, line, column and message.
  CHECK(xml.find("<error message=\"" + bad + ":1:") != std::string::npos);
}

TEST_CASE("the JUnit report marks an unknown verdict skipped", "[report]") {
  Scratch s;
  Run r = ariadne("check --model register --max-memory 1K --junit " + s["j.xml"] + " " +
                  kHistories + "good/register-concurrent-read-sees-new-value.jsonl");
  CHECK(r.code == 2);
  std::string xml = slurp(s["j.xml"]);
  std::string why;
  CHECK(well_formed_xml(xml, why));
  CHECK(xml.find("tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\"") != std::string::npos);
  CHECK(xml.find("<skipped message=\"unknown: memory limit") != std::string::npos);
}

TEST_CASE("a headless browser renders the HTML report with the counterexample and no script error",
          "[report][html][chromium]") {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    WARN("skipped: chromium is not installed");
    return;
  }
  Scratch s;
  Run r = ariadne("check --model register --html " + s["r.html"] + " " + kHistories +
                  "bad/register-stale-read.jsonl");
  CHECK(r.code == 1);
  std::string cmd = "cd " + s.dir.string() +
                    " && timeout 120 chromium --headless --no-sandbox --disable-gpu "
                    "--user-data-dir=" +
                    s["profile"] + " --enable-logging=stderr --v=0 --dump-dom file://" +
                    s["r.html"] + " >" + s["dom.html"] + " 2>" + s["console.txt"];
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string dom = slurp(s["dom.html"]);
  std::string console = slurp(s["console.txt"]);
  INFO(console);
  CHECK(dom.find("data-ariadne-ready=\"1\"") != std::string::npos);  // the script ran to its end
  CHECK(dom.find("none: it cannot take effect here") != std::string::npos);  // stuck op shown
  CHECK(dom.find("read -&gt; 1") != std::string::npos);
  CHECK(console.find("Uncaught") == std::string::npos);
}
