// ariadne::Recorder from several threads, its round trip through a file
// and `ariadne check`, and the public HistoryBuilder and parse_value.
#include <catch2/catch.hpp>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ariadne/history_builder.h"
#include "ariadne/parse.h"
#include "ariadne/recorder.h"
#include "run_cli.h"

using namespace ariadne;

namespace {

// A register behind a lock, used by `threads` threads, each recording its
// writes and reads.
void record_locked_register(Recorder& rec, int threads, int ops_each) {
  std::mutex mu;
  int64_t reg = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      Value process = Value::integer(t);
      for (int i = 0; i < ops_each; ++i) {
        if (i % 2 == 0) {
          int64_t v = t * 1000 + i;
          auto h = rec.invoke(process, "write", Value::integer(v));
          {
            std::lock_guard<std::mutex> lock(mu);
            reg = v;
          }
          rec.ok(h);
        } else {
          auto h = rec.invoke(process, "read");
          int64_t seen;
          {
            std::lock_guard<std::mutex> lock(mu);
            seen = reg;
          }
          rec.ok(h, Value::integer(seen));
        }
      }
    });
  }
  for (auto& th : pool) th.join();
}

CheckOptions cas_register() {
  CheckOptions o;
  o.model = "cas-register";
  o.initial = Value::integer(0);
  return o;
}

}  // namespace

TEST_CASE("a recorder used by four threads records a linearizable register", "[recorder]") {
  Recorder rec("locked");
  record_locked_register(rec, 4, 200);
  CHECK(rec.size() == 800);
  ReadResult h = rec.history();
  REQUIRE(h.ok());
  CHECK(h.history.timed);
  CHECK(h.history.ops.size() == 800);
  CHECK(h.history.events.size() == 1600);
  for (const Operation& op : h.history.ops) {
    CHECK(op.status == OpStatus::kOk);
    CHECK(h.history.start(op) < h.history.end(op));
  }
  CheckResult r = rec.check(cas_register());
  CHECK(r.verdict == Verdict::kValid);
}

TEST_CASE("a recorded history written as JSONL or EDN reads back in `ariadne check`",
          "[recorder]") {
  cli_test::Scratch dir;
  Recorder good("good");
  record_locked_register(good, 3, 60);
  REQUIRE(!good.write(dir["good.jsonl"]));
  REQUIRE(!good.write(dir["good.edn"], Format::kEdn));
  for (const char* file : {"good.jsonl", "good.edn"}) {
    auto run = cli_test::ariadne("check --model cas-register --initial 0 " + dir[file]);
    INFO(file << ": " << run.out);
    CHECK(run.code == 0);
    CHECK(run.out.find("\tvalid") != std::string::npos);
  }

  // A stale read, recorded from one thread: invalid through the file too.
  Recorder bad("bad");
  Value p0 = Value::integer(0), p1 = Value::integer(1);
  bad.ok(bad.invoke(p0, "write", Value::integer(1)));
  bad.ok(bad.invoke(p1, "write", Value::integer(2)));
  bad.ok(bad.invoke(p0, "read"), Value::integer(1));
  CHECK(bad.check(cas_register()).verdict == Verdict::kInvalid);
  REQUIRE(!bad.write(dir["bad.jsonl"]));
  auto run = cli_test::ariadne("check --model cas-register " + dir["bad.jsonl"]);
  CHECK(run.code == 1);
  CHECK(run.out.find("\tinvalid") != std::string::npos);

  // Keyed operations keep their key.
  Recorder keyed("keyed");
  keyed.ok(keyed.invoke(p0, "write", Value::integer(1), Value::string("x")));
  keyed.ok(keyed.invoke(p1, "read", Value(), Value::string("y")), Value::integer(0));
  REQUIRE(!keyed.write(dir["keyed.jsonl"]));
  auto kv = cli_test::ariadne("check --model kv --initial 0 " + dir["keyed.jsonl"]);
  CHECK(kv.code == 0);
  CHECK(cli_test::slurp(dir["keyed.jsonl"]).find("\"key\":\"x\"") != std::string::npos);
}

TEST_CASE("a recorder's crashed, failed and unfinished operations", "[recorder]") {
  Recorder rec;
  Value p0 = Value::integer(0), p1 = Value::integer(1), p2 = Value::integer(2);
  rec.info(rec.invoke(p0, "write", Value::integer(5)));
  rec.fail(rec.invoke(p1, "write", Value::integer(6)));
  rec.invoke(p2, "write", Value::integer(7));  // never completed
  ReadResult h = rec.history();
  REQUIRE(h.ok());
  REQUIRE(h.history.ops.size() == 3);
  int crashed = 0, failed = 0;
  for (const Operation& op : h.history.ops) {
    crashed += op.status == OpStatus::kCrashed;
    failed += op.status == OpStatus::kFail;
  }
  CHECK(crashed == 2);
  CHECK(failed == 1);
}

TEST_CASE("a recorder rejects a handle completed twice", "[recorder]") {
  Recorder rec;
  auto h = rec.invoke(Value::integer(0), "read");
  rec.ok(h, Value::integer(0));
  CHECK_THROWS_AS(rec.ok(h, Value::integer(0)), std::logic_error);
  CHECK_THROWS_AS(rec.ok(Recorder::Handle{0, 99}), std::logic_error);
}

TEST_CASE("a recorder reports a process with two operations open", "[recorder]") {
  Recorder rec("twice");
  rec.invoke(Value::integer(0), "read");
  rec.invoke(Value::integer(0), "read");
  ReadResult h = rec.history();
  REQUIRE(h.error);
  CHECK(h.error->file == "twice");
  CHECK(h.error->line == 2);
  CheckResult r = rec.check(cas_register());
  CHECK(r.error);
  CHECK(r.verdict == Verdict::kUnknown);
}

TEST_CASE("a history builder pairs events as a file would", "[history-builder]") {
  HistoryBuilder b("built");
  Value p0 = Value::integer(0), p1 = Value::keyword("n1");
  b.invoke(p0, "write", Value::integer(1), 10);
  b.invoke(p1, "read", {}, 11);
  b.ok(p0, "write", Value::integer(1), 20);
  b.add({EventType::kOk, p1, "read", Value::integer(1), 30, Value::string("k")});
  ReadResult r = std::move(b).build();
  REQUIRE(r.ok());
  const History& h = r.history;
  CHECK(h.name == "built");
  CHECK(h.timed);
  REQUIRE(h.ops.size() == 2);
  CHECK(h.start(h.ops[0]) == 10);
  CHECK(h.end(h.ops[0]) == 20);
  CHECK(h.process(h.ops[1]) == p1);
  CHECK(h.result(h.ops[1]) == Value::integer(1));
  CHECK(h.f(h.ops[1]) == Value::keyword("read"));

  HistoryBuilder twice("twice");
  twice.invoke(p0, "read").invoke(p0, "read");
  ReadResult bad = std::move(twice).build();
  REQUIRE(bad.error);
  CHECK(bad.error->line == 2);
}

TEST_CASE("parse_value reads EDN and JSON and says where it went wrong", "[parse]") {
  ParsedValue edn = parse_value("{:x [1 2]}");
  REQUIRE(edn.ok());
  Value pair[] = {Value::integer(1), Value::integer(2)};
  Value kv[] = {Value::keyword("x"), Value::vector(pair)};
  CHECK(edn.value == Value::map(kv));
  ParsedValue json = parse_value(R"({"x": null})");
  REQUIRE(json.ok());
  Value jkv[] = {Value::string("x"), Value()};
  CHECK(json.value == Value::map(jkv));
  ParsedValue bad = parse_value("[1 2", "--initial");
  REQUIRE(bad.error);
  CHECK(bad.error->file == "--initial");
  CHECK(bad.error->line == 1);
  CHECK(bad.error->column == 5);
  ParsedValue more = parse_value("1 2");
  REQUIRE(more.error);
  CHECK(more.error->column == 3);
  CHECK(more.error->message == "expected one value, got more text after it");
}
