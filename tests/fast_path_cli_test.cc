// --no-fast-path and what the reports say about the fast path: which
// procedure decided each partition, and why the fast one was not used.
#include <catch2/catch.hpp>

#include <string>

#include "run_cli.h"

namespace {

using cli_test::ariadne;
using cli_test::Run;
using cli_test::TempFile;

const std::string kProcedure = "unique-value register (Gibbons-Korach)";

// Writes then reads them back; the written values as given.
std::string history(const std::string& first, const std::string& second) {
  return "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + first + "}\n" +
         "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":" + first + "}\n" +
         "{\"process\":1,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + second + "}\n" +
         "{\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"value\":" + second + "}\n" +
         "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n" +
         "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":" + second + "}\n";
}

}  // namespace

TEST_CASE("--json names the fast procedure that decided, and the search under --no-fast-path",
          "[fast-path][cli]") {
  TempFile f("unique.jsonl", history("1", "2"));
  Run fast = ariadne("check --model register --json - " + f.path.string());
  CHECK(fast.code == 0);
  CHECK(fast.out.find("\"procedure\":\"" + kProcedure + "\"") != std::string::npos);
  CHECK(fast.out.find("\"procedures\":[{\"procedure\":\"" + kProcedure + "\",\"partitions\":1}]") !=
        std::string::npos);
  CHECK(fast.out.find("fast_declined") == std::string::npos);

  Run search = ariadne("check --model register --no-fast-path --json - " + f.path.string());
  CHECK(search.code == 0);
  CHECK(search.out.find("\"procedures\":[{\"procedure\":\"search\",\"partitions\":1}]") !=
        std::string::npos);
  CHECK(search.out.find("fast_declined") == std::string::npos);
}

TEST_CASE("a value written twice makes the fast path decline, and --json says which",
          "[fast-path][cli]") {
  TempFile f("twice.jsonl", history("7", "7"));
  Run r = ariadne("check --model register --json - " + f.path.string());
  CHECK(r.code == 0);
  CHECK(r.out.find("\"procedure\":\"search\",\"fast_declined\":\"value 7 is written twice: "
                   "written values are not unique\"") != std::string::npos);
  CHECK(r.out.find("\"fast_declined\":\"value 7 is written twice") != std::string::npos);
}

TEST_CASE("sequential consistency says the fast procedure decides linearizability only",
          "[fast-path][cli]") {
  // Real time does not order process 0's ops: they overlap (a crashed write
  // never ends), so sequential consistency is checked by its own search.
  std::string text =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"info\",\"f\":\"write\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n";
  TempFile f("seq.jsonl", text);
  Run r = ariadne("check --model register --consistency sequential --json - " + f.path.string());
  CHECK(r.code == 0);
  CHECK(r.out.find("\"fast_declined\":\"sequential consistency: the fast procedure decides "
                   "linearizability only\"") != std::string::npos);
}

TEST_CASE("the text report of a fast verdict names the procedure", "[fast-path][cli]") {
  TempFile f("stale.jsonl",
             history("1", "2") +
                 "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
                 "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n");
  Run r = ariadne("check --model register " + f.path.string());
  CHECK(r.code == 1);
  CHECK(r.out.find("  Decided by the fast procedure \"" + kProcedure +
                   "\" over all 4 operations of the history (--no-fast-path: by the search); "
                   "the search over the counterexample:\n"
                   "    cannot be linearized: process 1 :read -> 1 [line 7-8]\n") !=
        std::string::npos);
  Run help = ariadne("check --help");
  CHECK(help.out.find("--no-fast-path") != std::string::npos);
}
