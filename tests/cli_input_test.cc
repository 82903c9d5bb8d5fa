// Hostile and endless inputs (issue 14, items 8 and 9): values that could
// make a terminal line or an XML file lie are escaped, huge values are cut
// in the text, HTML and JUnit reports (not in the JSON events), and inputs
// that never end (/dev/zero, `yes`, an unterminated string) exit 65 fast.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_cli.h"

namespace {

namespace fs = std::filesystem;

using cli_test::ariadne;
using cli_test::Run;
using cli_test::Scratch;
using cli_test::slurp;

// A register history: process 0 writes `a` then `b`; process 1 then reads
// `a` (stale): invalid. Values are JSON string contents.
std::string stale_read(const std::string& a, const std::string& b) {
  auto ev = [](const char* type, int p, const char* f, const std::string& v) {
    return std::string("{\"type\":\"") + type + "\",\"process\":" + std::to_string(p) +
           ",\"f\":\"" + f + "\",\"value\":" + v + "}\n";
  };
  std::string qa = "\"" + a + "\"", qb = "\"" + b + "\"";
  return ev("invoke", 0, "write", qa) + ev("ok", 0, "write", qa) + ev("invoke", 0, "write", qb) +
         ev("ok", 0, "write", qb) + ev("invoke", 1, "read", "null") + ev("ok", 1, "read", qa);
}

size_t longest_line(const std::string& text) {
  size_t longest = 0;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) longest = std::max(longest, line.size());
  return longest;
}

}  // namespace

TEST_CASE("the text report escapes bidi and control characters of values", "[cli]") {
  Scratch s;
  // JSON escapes in the input; the history's values hold the characters.
  std::string h = s.write("bidi.jsonl", stale_read("\\u202Egnp.exe", "\\u001b[2Jb"));
  Run r = ariadne("check --model register " + h);
  CHECK(r.code == 1);
  CHECK(r.out.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find("process 0 :write \"\\u202Egnp.exe\"") != std::string::npos);
}

TEST_CASE("stats escapes bidi characters of f names", "[cli]") {
  Scratch s;
  std::string h = s.write("f.jsonl", "{\"type\":\"invoke\",\"process\":0,\"f\":\"w\\u202Ex\"}\n");
  Run r = ariadne("stats " + h);
  CHECK(r.code == 0);
  CHECK(r.out.find("  w\\u202Ex: 1 (ok 0, fail 0, crashed 1)\n") != std::string::npos);
  CHECK(r.out.find("\xE2\x80\xAE") == std::string::npos);
}

TEST_CASE("HTML and JUnit replace U+FFFE and U+FFFF, which XML forbids", "[cli]") {
  Scratch s;
  std::string h = s.write("nonchars.jsonl", stale_read("a\\uFFFF", "b\\uFFFE"));
  std::string junit = s["r.xml"], html = s["r.html"];
  CHECK(ariadne("check --model register --junit " + junit + " --html " + html + " " + h).code == 1);
  for (const std::string& file : {junit, html}) {
    INFO(file);
    std::string out = slurp(file);
    CHECK(out.find("\xEF\xBF\xBF") == std::string::npos);
    CHECK(out.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(out.find("a\xEF\xBF\xBD") != std::string::npos);
  }
}

TEST_CASE("huge values are cut in text, HTML and JUnit, and whole in JSON events", "[cli]") {
  Scratch s;
  std::string a(20000, 'a'), b(20000, 'b');
  std::string h = s.write("huge.jsonl", stale_read(a, b));
  std::string junit = s["r.xml"], html = s["r.html"];
  Run r = ariadne("check --model register --junit " + junit + " --html " + html + " " + h);
  CHECK(r.code == 1);
  // The EDN of a value is its 20000 characters and two quotes.
  CHECK(r.out.find("\"" + std::string(299, 'a') + "\xE2\x80\xA6(20002 bytes)") !=
        std::string::npos);
  CHECK(longest_line(r.out) < 2000);
  for (const std::string& file : {junit, html}) {
    INFO(file);
    std::string out = slurp(file);
    CHECK(out.find("\xE2\x80\xA6(20002 bytes)") != std::string::npos);
    CHECK(out.find(std::string(1000, 'a')) == std::string::npos);
    CHECK(out.size() < 120000);  // the input is 120 kB
  }
  Run json = ariadne("check --model register --json - " + h);
  CHECK(json.out.find("\"value\":\"" + a + "\"") != std::string::npos);
}

TEST_CASE("inputs that never end exit 65 at once, with the position", "[cli]") {
  Scratch s;
  std::string err = s["err.txt"];
  auto first_line = [&] {
    std::string text = slurp(err);
    return text.substr(0, text.find('\n'));
  };
  // No format fits the first megabyte.
  Run zero = ariadne("check /dev/zero", err);
  CHECK(zero.code == 65);
  CHECK(first_line() ==
        "/dev/zero:1:1: expected a history (JSON objects, a JSON array, EDN maps or Jepsen log "
        "lines), got byte 0x00");
  Run yes = ariadne("check -", err, "yes");
  CHECK(yes.code == 65);
  CHECK(first_line() ==
        "-:1:1: expected a history (JSON objects, a JSON array, EDN maps or Jepsen log lines), "
        "got 'y'");
  // Lines that never end, none a record: the first megabyte's lines are parsed early.
  Run lines = ariadne("check --format jsonl -", err, "yes 'not json'");
  CHECK(lines.code == 65);
  CHECK(first_line() == "-:1:1: expected a JSON object, got 'n'");
  // A record that never ends: an unterminated string, in JSON Lines and in EDN.
  const std::string limit =
      "expected a record of at most 64 MiB, got a longer one (or an unterminated string or "
      "bracket)";
  Run jsonl =
      ariadne("check -", err,
              "{ printf '{\"type\":\"invoke\",\"process\":0,\"f\":\"read\"}\\n{\"value\":\"'; "
              "yes a | "
              "tr -d '\\n'; }");
  CHECK(jsonl.code == 65);
  CHECK(first_line() == "-:2:1: " + limit);
  Run edn = ariadne("check --format edn -", err,
                    "{ printf '[{:type :ok}\\n {:type :invoke, :value \"'; yes a | tr -d '\\n'; }");
  CHECK(edn.code == 65);
  CHECK(first_line() == "-:2:2: " + limit);
}
