// `ariadne check` and `ariadne generate` with transactions (issue 17): which
// histories go to the transactional checker, the models --consistency
// accepts for them, and usage errors that name the allowed values.
#include <catch2/catch.hpp>

#include <string>

#include "run_cli.h"

using cli_test::ariadne;
using cli_test::Scratch;
using cli_test::slurp;

namespace {

const std::string kTxn = std::string(ARIADNE_SOURCE_DIR) + "/histories/transactions/";
const std::string kGood = std::string(ARIADNE_SOURCE_DIR) + "/histories/good/";

}  // namespace

TEST_CASE("a list-append history of :txn operations is checked for transactional isolation",
          "[cli][transactions]") {
  // The default --consistency, linearizable, reads as strict-serializable.
  auto r = ariadne("check " + kTxn + "G-single-realtime.edn --model list-append");
  CHECK(r.code == 1);
  CHECK(r.out.find("not strict-serializable") != std::string::npos);
  CHECK(r.out.find("G-single-realtime: T1 -realtime-> T2 -rw-> T1") != std::string::npos);
  // sequential reads as strong-session-serializable: real time is not its concern.
  r = ariadne("check " + kTxn +
              "G-single-realtime.edn --model list-append --consistency sequential");
  CHECK(r.code == 0);
  r = ariadne("check " + kTxn + "G2-item.edn --model list-append --consistency snapshot-isolation");
  CHECK(r.code == 0);
  r = ariadne("check " + kTxn + "G2-item.edn --model list-append --consistency PL-3");
  CHECK(r.code == 1);
  CHECK(r.out.find("not serializable") != std::string::npos);  // Adya's alias, Elle's name
}

TEST_CASE("a single-object list-append history is checked for linearizability as before",
          "[cli][transactions]") {
  Scratch s;
  auto r = ariadne("check " + kGood + "list-append-reads-grow.jsonl --model list-append --json " +
                   (s.dir / "r.json").string());
  CHECK(r.code == 0);
  std::string json = slurp(s.dir / "r.json");
  CHECK(json.find("\"consistency\":\"linearizable\"") != std::string::npos);
  CHECK(json.find("\"transactions\"") == std::string::npos);
}

TEST_CASE("the JSON report of a transactional check names its isolation model",
          "[cli][transactions]") {
  auto r = ariadne("check " + kTxn + "garbage-read.edn --model rw-register --json -");
  CHECK(r.code == 1);
  CHECK(r.out.find("\"consistency\":\"strict-serializable\"") != std::string::npos);
  CHECK(r.out.find("\"anomalies\":[\"garbage-read\"]") != std::string::npos);
}

TEST_CASE("transactional --consistency and --model usage errors name the allowed values",
          "[cli][transactions]") {
  Scratch s;
  std::string err = (s.dir / "err").string();
  auto r = ariadne("check " + kTxn + "G0.edn --model register --consistency serializable", err);
  CHECK(r.code == 64);
  CHECK(slurp(err).find("--consistency serializable: a transactional isolation model, for "
                        "--model list-append or rw-register") != std::string::npos);
  r = ariadne("check " + kTxn + "garbage-read.edn --model rw-register --consistency eventual", err);
  CHECK(r.code == 64);
  CHECK(slurp(err).find("--model rw-register checks transactions: expected --consistency "
                        "linearizable, sequential, strongest or one of read-uncommitted, "
                        "read-committed,") != std::string::npos);
  r = ariadne("check " + kTxn + "G0.edn --model list-append --consistency snapshot", err);
  CHECK(r.code == 64);
  CHECK(slurp(err).find("also read-uncommitted, read-committed,") != std::string::npos);
}

TEST_CASE("generate --txn writes a history the checker reads, and refuses bad options",
          "[cli][transactions][generate]") {
  Scratch s;
  std::string h = (s.dir / "h.edn").string(), err = (s.dir / "err").string();
  auto r = ariadne(
      "generate --txn --model rw-register --isolation read-committed --ops 300 "
      "--processes 5 --keys 2 --format edn -o " +
      h);
  CHECK(r.code == 0);
  CHECK(ariadne("check " + h + " --model rw-register --consistency read-committed").code == 0);
  r = ariadne("generate --txn --model rw-register --txn-length 0", err);
  CHECK(r.code == 64);
  CHECK(slurp(err).find("--txn-length: expected an integer from 1 to 1000, got '0'") !=
        std::string::npos);
  r = ariadne("generate --txn --model list-append --isolation linearizable", err);
  CHECK(r.code == 64);
  CHECK(slurp(err).find("(serializable, snapshot-isolation or read-committed)") !=
        std::string::npos);
}

TEST_CASE("a transactional check over --max-memory is unknown and says why, as other checks do",
          "[cli][transactions][memory]") {
  Scratch s;
  std::string h = (s.dir / "h.edn").string();
  auto r = ariadne(
      "generate --txn --model list-append --isolation serializable --ops 2000 "
      "--processes 5 --keys 20 --seed 1 --format edn -o " +
      h);
  REQUIRE(r.code == 0);
  for (std::string consistency : {"serializable", "strongest"}) {
    INFO(consistency);
    // The history alone is more than 100K: the checker's first table is refused.
    r = ariadne("check " + h + " --model list-append --max-memory 100K --consistency " +
                consistency);
    CHECK(r.code == 2);
    CHECK(r.out.rfind(h + "\tunknown\tmemory limit while reading the transactions; refused ", 0) ==
          0);
    CHECK(r.out.find(" of its 90.0 KiB budget\n") != std::string::npos);
    r = ariadne("check " + h + " --model list-append --max-memory 100K --json - --consistency " +
                consistency);
    CHECK(r.code == 2);
    CHECK(r.out.find("\"verdict\":\"unknown\",\"reason\":\"memory limit while reading the "
                     "transactions; refused ") != std::string::npos);
    CHECK(r.out.find("\"strongest\":[]") != std::string::npos);  // none shown to hold
    // With room for it, the verdict.
    r = ariadne("check " + h + " --model list-append --max-memory 1G --consistency " + consistency);
    CHECK(r.code == 0);
  }
}

TEST_CASE("a transactional check out of time is unknown", "[cli][transactions][timeout]") {
  // 1 ns is over before the checker first looks at the clock.
  auto r = ariadne("check " + kTxn + "G2-item.edn --model list-append --timeout 1ns");
  CHECK(r.code == 2);
  CHECK(r.out.rfind(kTxn + "G2-item.edn\tunknown\ttimeout\n", 0) == 0);
}
