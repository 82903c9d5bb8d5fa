// `ariadne check` with the causal models: exit codes, the text and JSON
// witnesses, and `--consistency strongest`.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "run_cli.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "causal_support.h"

namespace {

using causal_test::op;

// Each process: write x, then read the other's value (Fig. 2(a)).
const std::string kCyclicCF = op(0, "write", "x", "1") + op(1, "write", "x", "2") +
                              op(0, "read", "x", "2") + op(1, "read", "x", "1");

}  // namespace

namespace {

using cli_test::Run;

Run run_ariadne(const std::string& args) { return cli_test::ariadne(args); }

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name, const std::string& text)
      : path((std::filesystem::temp_directory_path() /
              ("ariadne-causal-" + std::to_string(::getpid()) + "-" + name))
                 .string()) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("check --consistency causal exits 0, 1 and 2", "[causal][cli]") {
  TempFile valid("valid.jsonl", kCyclicCF);
  TempFile invalid("invalid.jsonl", op(0, "write", "x", "1") + op(0, "write", "x", "2") +
                                        op(1, "read", "x", "2") + op(1, "read", "x", "1"));
  TempFile twice("twice.jsonl", op(0, "write", "x", "1") + op(1, "write", "x", "1"));
  CHECK(run_ariadne("check --model kv --consistency causal " + valid.path).code == 0);
  CHECK(run_ariadne("check --model kv --consistency causal-memory " + valid.path).code == 0);
  Run ccv = run_ariadne("check --model kv --consistency causal-convergence " + valid.path);
  CHECK(ccv.code == 1);
  CHECK(ccv.out.find("bad pattern CyclicCF") != std::string::npos);
  CHECK(ccv.out.find("(cf)") != std::string::npos);
  CHECK(run_ariadne("check --model kv --consistency causal " + invalid.path).code == 1);
  Run unknown = run_ariadne("check --model kv --consistency causal " + twice.path);
  CHECK(unknown.code == 2);
  CHECK(unknown.out.find("not differentiated") != std::string::npos);
  CHECK(run_ariadne("check --model kv --consistency causal-ish " + valid.path).code == 64);
}

TEST_CASE("check --json carries the pattern, its edges and the counterexample events",
          "[causal][cli]") {
  TempFile invalid("invalid.jsonl", op(0, "write", "x", "1") + op(0, "write", "x", "2") +
                                        op(1, "read", "x", "2") + op(1, "read", "x", "1"));
  Run r = run_ariadne("check --model kv --consistency causal --json - " + invalid.path);
  CHECK(r.code == 1);
  CHECK(r.out.find("\"verdict\":\"invalid\"") != std::string::npos);
  CHECK(r.out.find("\"consistency\":\"causal\"") != std::string::npos);
  CHECK(r.out.find("\"causal\":{\"pattern\":\"WriteCORead\"") != std::string::npos);
  CHECK(r.out.find("{\"kind\":\"rf\",\"from\":{\"line\":1,") != std::string::npos);
  CHECK(r.out.find("\"counterexample\":{") != std::string::npos);
  CHECK(r.out.find("\"events\":[{\"type\":\"ok\",\"process\":0,\"f\":"
                   "\"write\",\"value\":1,\"key\":\"x\",\"line\":1}") != std::string::npos);
  CHECK(r.out.find("\"minimal\":true") != std::string::npos);
  CHECK(r.out.back() == '\n');
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);  // one JSON line
}

TEST_CASE("check --consistency strongest prints every model's verdict", "[causal][cli]") {
  TempFile sb("sb.jsonl", op(0, "write", "x", "1") + op(1, "write", "y", "1") +
                              op(0, "read", "y", "0") + op(1, "read", "x", "0"));
  Run r = run_ariadne("check --model kv --initial 0 --consistency strongest " + sb.path);
  CHECK(r.code == 0);
  CHECK(r.out.find("strongest model that holds: causal-memory") != std::string::npos);
  CHECK(r.out.find("  sequential: invalid") != std::string::npos);
  Run j = run_ariadne("check --model kv --initial 0 --consistency strongest --json - " + sb.path);
  CHECK(j.out.find("\"strongest\":{\"holds\":\"causal-memory\"") != std::string::npos);
}

TEST_CASE("the counterexample's events, written out, reproduce the violation", "[causal][cli]") {
  // Extra steps around the violation that the counterexample leaves out.
  std::string h = op(2, "write", "z", "7") + op(0, "write", "x", "1") + op(2, "read", "z", "7") +
                  op(0, "write", "x", "2") + op(1, "read", "x", "2") + op(3, "read", "z", "7") +
                  op(1, "read", "x", "1");
  TempFile full("full.jsonl", h);
  Run r = run_ariadne("check --model kv --consistency causal --json - " + full.path);
  REQUIRE(r.code == 1);
  size_t begin = r.out.find("\"events\":[{");
  size_t end = r.out.find("}]}", begin);  // the events end the counterexample
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  // Events without nested objects: split at "},{".
  std::string events = r.out.substr(begin + 10, end - begin - 9), lines;
  for (size_t at = 0;;) {
    size_t next = events.find("},{", at);
    lines +=
        events.substr(at, next == std::string::npos ? std::string::npos : next + 1 - at) + "\n";
    if (next == std::string::npos) break;
    at = next + 2;
  }
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 4);  // x=1, x=2 and the two reads
  TempFile cx("cx.jsonl", lines);
  Run again = run_ariadne("check --model kv --consistency causal " + cx.path);
  CHECK(again.code == 1);
  CHECK(again.out.find("bad pattern WriteCORead") != std::string::npos);
}

TEST_CASE("the HTML report of a causal check shows the bad pattern, escaped", "[causal][cli]") {
  TempFile invalid("invalid-html.jsonl", op(0, "write", "x", "1") + op(0, "write", "x", "2") +
                                             op(1, "read", "x", "2") + op(1, "read", "x", "1"));
  TempFile html("report.html", "");
  Run r =
      run_ariadne("check --model kv --consistency causal --html " + html.path + " " + invalid.path);
  CHECK(r.code == 1);
  std::ifstream in(html.path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.find("Bad pattern") != std::string::npos);
  CHECK(text.find("WriteCORead") != std::string::npos);
  CHECK(text.find("read &quot;x&quot;=1") != std::string::npos);  // quotes escaped
}
