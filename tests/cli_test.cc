// The command line: exit codes, the worst code over several files, the
// text and JSON outputs (SPEC section 4).

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include "run_cli.h"

namespace {

namespace fs = std::filesystem;

using cli_test::ariadne;
using cli_test::Run;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A scratch directory with a few histories.
struct Files {
  fs::path dir = fs::temp_directory_path() / ("ariadne-cli-test-" + std::to_string(::getpid()));
  Files() {
    fs::create_directories(dir);
    write("valid.jsonl",
          R"({"type":"invoke","process":0,"f":"write","value":1}
{"type":"ok","process":0,"f":"write","value":1}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":1}
)");
    write("invalid.jsonl",
          R"({"type":"invoke","process":0,"f":"write","value":1}
{"type":"ok","process":0,"f":"write","value":1}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":2}
)");
    write("bad.jsonl", "{\"type\":\"ok\",\"process\":1,\"f\":\"read\"\n");
  }
  ~Files() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  }
  std::string operator[](const std::string& name) const { return (dir / name).string(); }
};

}  // namespace

TEST_CASE("check exits 0 on a valid history and 1 on an invalid one", "[cli]") {
  Files f;
  Run valid = ariadne("check --model register " + f["valid.jsonl"]);
  CHECK(valid.code == 0);
  CHECK(valid.out == f["valid.jsonl"] + "\tvalid\n");
  Run invalid = ariadne("check --model register " + f["invalid.jsonl"]);
  CHECK(invalid.code == 1);
  CHECK(invalid.out.rfind(f["invalid.jsonl"] + "\tinvalid\n", 0) == 0);
  CHECK(invalid.out.find("cannot be linearized: process 1 :read -> 2 [line 3-4]") !=
        std::string::npos);
}

TEST_CASE("a malformed history exits 65 with its position on stderr", "[cli]") {
  Files f;
  std::string err = (f.dir / "err.txt").string();
  Run r = ariadne("check " + f["bad.jsonl"], err);
  CHECK(r.code == 65);
  CHECK(slurp(err).rfind(f["bad.jsonl"] + ":1:", 0) == 0);
}

TEST_CASE("a search stopped by its memory limit exits 2 with verdict unknown", "[cli]") {
  Files f;
  // 512 bytes: less than the history's own events and the fast procedure's
  // tables (a 1K budget holds both).
  Run r = ariadne("check --model register --max-memory 512 " + f["valid.jsonl"]);
  CHECK(r.code == 2);
  CHECK(r.out.rfind(f["valid.jsonl"] + "\tunknown\tmemory limit", 0) == 0);
}

TEST_CASE("with several histories the worst exit code wins", "[cli]") {
  Files f;
  CHECK(ariadne("check --model register " + f["valid.jsonl"] + " " + f["invalid.jsonl"]).code == 1);
  CHECK(ariadne("check --model register " + f["invalid.jsonl"] + " " + f["bad.jsonl"]).code == 65);
  CHECK(ariadne("check --model register --max-memory 512 " + f["valid.jsonl"] + " " +
                f["valid.jsonl"])
            .code == 2);
}

TEST_CASE("usage errors exit 64", "[cli]") {
  Files f;
  CHECK(ariadne("").code == 64);
  CHECK(ariadne("frobnicate").code == 64);
  CHECK(ariadne("check").code == 64);
  CHECK(ariadne("check --model nosuch " + f["valid.jsonl"]).code == 64);
  CHECK(ariadne("check --bogus " + f["valid.jsonl"]).code == 64);
  CHECK(ariadne("check --timeout soon " + f["valid.jsonl"]).code == 64);
  CHECK(ariadne("check --initial '[1' " + f["valid.jsonl"]).code == 64);
  CHECK(ariadne("check --shrink-timeout never " + f["valid.jsonl"]).code == 64);
  CHECK(ariadne("generate --model nosuch").code == 64);
  CHECK(ariadne("generate --model set --anomaly stale-read").code == 64);
  CHECK(ariadne("generate --shape sideways").code == 64);
}

TEST_CASE("help lists every flag with its default", "[cli]") {
  Run r = ariadne("check --help");
  CHECK(r.code == 0);
  for (const char* flag : {"--model", "--consistency", "--format", "--independent", "--initial",
                           "--threads", "--timeout", "--max-memory", "--clock-skew", "--lenient",
                           "--json", "--html", "--junit", "--no-shrink", "--quiet"})
    CHECK(r.out.find(flag) != std::string::npos);
  CHECK(r.out.find("(=cas-register)") != std::string::npos);
  CHECK(ariadne("stats --help").code == 0);
  CHECK(ariadne("--help").code == 0);
}

TEST_CASE("--json - writes one object per history with the report's fields", "[cli]") {
  Files f;
  Run r = ariadne("check --model register --json - " + f["valid.jsonl"] + " " + f["invalid.jsonl"]);
  CHECK(r.code == 1);
  size_t newline = r.out.find('\n');
  REQUIRE(newline != std::string::npos);
  std::string first = r.out.substr(0, newline);
  std::string second = r.out.substr(newline + 1);
  CHECK(first.rfind("{\"file\":\"" + f["valid.jsonl"] +
                        "\",\"verdict\":\"valid\",\"model\":"
                        "\"register\",\"consistency\":\"linearizable\",\"parse_seconds\":",
                    0) == 0);
  CHECK(first.find("\"check_seconds\":") != std::string::npos);
  CHECK(second.find("\"verdict\":\"invalid\"") != std::string::npos);
  CHECK(second.find("\"stuck_op\":\"process 1 :read -> 2 [line 3-4]\"") != std::string::npos);
}

TEST_CASE("stats reads standard input and prints counts", "[cli]") {
  Files f;
  Run r = ariadne("stats --json - - < " + f["invalid.jsonl"]);
  CHECK(r.code == 0);
  CHECK(r.out.rfind("{\"file\":\"-\",\"events\":4,\"operations\":{\"total\":2,\"ok\":2,\"fail\":0,"
                    "\"crashed\":0}",
                    0) == 0);
}
