// Issue 14 item 8 for the causal and eventual-consistency checkers: a
// 100 kB value from the history is cut in the text, HTML and JUnit reports
// ("…(N bytes)") and kept whole in the JSON report's counterexample events.
#include <catch2/catch.hpp>

#include <string>

#include "run_cli.h"

namespace {

using cli_test::ariadne;
using cli_test::Run;
using cli_test::Scratch;
using cli_test::slurp;

const std::string kBig(100000, 'x');
const std::string kA = "a" + kBig, kB = "b" + kBig;  // EDN "a…": 100003 bytes
const char* const kCut = "\xE2\x80\xA6(100003 bytes)";

// One event as a JSON line; `value` is JSON text, `more` extra fields.
std::string ev(int process, const char* type, const char* f, const std::string& value,
               const std::string& more = "") {
  return "{\"type\":\"" + std::string(type) + "\",\"process\":" + std::to_string(process) +
         ",\"f\":\"" + f + "\",\"value\":" + value + more + "}\n";
}

// An ok op: invoke with `in`, completion with `out`.
std::string op(int process, const char* f, const std::string& in, const std::string& out,
               const std::string& more = "") {
  return ev(process, "invoke", f, in, more) + ev(process, "ok", f, out, more);
}

std::string node(const char* n) { return ",\"node\":\"" + std::string(n) + "\""; }
std::string final_on(const char* n) { return node(n) + ",\"final\":true"; }
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Checks `history` with `flags` for text, HTML, JUnit and JSON; requires an
// invalid verdict, every rendering but JSON small with the cut value, and
// JSON holding the whole value (`junit_value`: whether JUnit names it).
void check_bounded(const std::string& history, const std::string& flags, bool junit_value) {
  Scratch s;
  std::string h = s.write("big.jsonl", history);
  std::string html = s["r.html"], junit = s["r.xml"];
  Run text = ariadne("check " + flags + " --html " + html + " --junit " + junit + " " + h);
  REQUIRE(text.code == 1);
  INFO(text.out.substr(0, 2000));
  CHECK(text.out.size() < 20000);
  CHECK(text.out.find(kCut) != std::string::npos);
  CHECK(text.out.find(std::string(1000, 'x')) == std::string::npos);
  std::string page = slurp(html);
  CHECK(page.size() < 40000);
  CHECK(page.find(kCut) != std::string::npos);
  CHECK(page.find(std::string(1000, 'x')) == std::string::npos);
  std::string xml = slurp(junit);
  CHECK(xml.size() < 20000);
  CHECK(xml.find(std::string(1000, 'x')) == std::string::npos);
  if (junit_value) CHECK(xml.find(kCut) != std::string::npos);
  Run json = ariadne("check " + flags + " --json - " + h);
  REQUIRE(json.code == 1);
  size_t events = json.out.find("\"counterexample\"");
  REQUIRE(events != std::string::npos);
  CHECK(json.out.find(quoted(kA), events) != std::string::npos);
}

}  // namespace

TEST_CASE("causal: a huge value is cut in text, HTML and JUnit, whole in JSON events",
          "[report][causal]") {
  // Process 1 reads b, then a, which process 0 wrote before b.
  std::string h = op(0, "write", quoted(kA), quoted(kA)) + op(0, "write", quoted(kB), quoted(kB)) +
                  op(1, "read", "null", quoted(kB)) + op(1, "read", "null", quoted(kA));
  check_bounded(h, "--model register --consistency causal", true);
}

TEST_CASE("eventual set: a huge element is cut in text, HTML and JUnit, whole in JSON events",
          "[report][convergence]") {
  SECTION("with node: the final read on n2 lacks it") {
    std::string h = op(0, "add", quoted(kA), quoted(kA), node("n1")) +
                    op(1, "read", "null", "[" + quoted(kA) + "]", final_on("n1")) +
                    op(2, "read", "null", "[]", final_on("n2"));
    check_bounded(h, "--model set --consistency eventual", false);
  }
  SECTION("without node (set-full): a later read lacks it") {
    std::string h = op(0, "add", quoted(kA), quoted(kA)) + op(1, "read", "null", "[]");
    check_bounded(h, "--model set --consistency eventual", false);
  }
}

TEST_CASE("eventual register: a huge value is cut in text, HTML and JUnit, whole in JSON events",
          "[report][convergence]") {
  std::string h = op(0, "write", quoted(kA), quoted(kA), node("n1")) +
                  op(1, "read", "null", quoted(kA), final_on("n1")) +
                  op(2, "read", "null", "null", final_on("n2"));
  check_bounded(h, "--model register --consistency eventual", false);
}

TEST_CASE("eventual list-append: a huge element is cut in text, HTML and JUnit, whole in JSON",
          "[report][convergence]") {
  std::string h = op(0, "append", quoted(kA), quoted(kA), node("n1")) +
                  op(1, "read", "null", "[" + quoted(kA) + "]", final_on("n1")) +
                  op(2, "read", "null", "[]", final_on("n2"));
  check_bounded(h, "--model list-append --consistency eventual", false);
}
