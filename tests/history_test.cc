// From events to operations: pairing, real time, crashed and point
// operations, nemesis, --independent, --clock-skew (SPEC section 1).
#include <catch2/catch.hpp>
#include <string>

#include "ariadne/ingest.h"
#include "ariadne/stats.h"

using namespace ariadne;

namespace {

ReadResult read(const std::string& text, ReadOptions options = {}) {
  return read_history_buffer(text, "h", options);
}

History ok(const std::string& text, ReadOptions options = {}) {
  ReadResult r = read(text, options);
  INFO((r.error ? r.error->to_string() : std::string()));
  REQUIRE(r.ok());
  return std::move(r.history);
}

std::string error(const std::string& text, ReadOptions options = {}) {
  ReadResult r = read(text, options);
  REQUIRE_FALSE(r.ok());
  return r.error->to_string();
}

}  // namespace

TEST_CASE("an invoke is completed by the next completion of its process", "[history]") {
  History h = ok(
      R"({"type":"invoke","process":0,"f":"write","value":1}
{"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"read","value":1}
{"type":"ok","process":0,"f":"write","value":1}
)");
  REQUIRE(h.ops.size() == 2);
  const Operation& w = h.ops[0];
  const Operation& r = h.ops[1];
  CHECK(w.invoke == 0);
  CHECK(w.complete == 3);
  CHECK(r.invoke == 1);
  CHECK(r.complete == 2);
  CHECK(h.argument(w) == Value::integer(1));
  CHECK(h.result(r) == Value::integer(1));
  CHECK(h.start(w) == 0);
  CHECK(h.end(w) == 3);
  CHECK(h.f(r) == Value::keyword("read"));
}

TEST_CASE("fail, info and never-completed operations get their status", "[history]") {
  History h = ok(
      R"({"type":"invoke","process":0,"f":"cas","value":[1,2]}
{"type":"fail","process":0,"f":"cas","value":[1,2]}
{"type":"invoke","process":1,"f":"write","value":3}
{"type":"info","process":1,"f":"write","value":3,"error":"timed-out"}
{"type":"invoke","process":2,"f":"write","value":4}
)");
  REQUIRE(h.ops.size() == 3);
  CHECK(h.ops[0].status == OpStatus::kFail);
  CHECK(h.ops[1].status == OpStatus::kCrashed);
  CHECK(h.end(h.ops[1]) == Operation::kNever);
  CHECK(h.ops[1].complete == 3);  // the info event is kept for display
  CHECK(h.ops[2].status == OpStatus::kCrashed);
  CHECK(h.ops[2].complete == Operation::kNoEvent);
  CHECK(h.result(h.ops[1]).is_null());
  CHECK(h.events[3].extra.get(Value::keyword("error")) == Value::string("timed-out"));
}

TEST_CASE("a completion with no open invoke is an operation at a single point", "[history]") {
  History h = ok(
      R"({"type":"ok","process":7,"f":"read","value":5}
{"type":"invoke","process":1,"f":"write","value":5}
{"type":"ok","process":1,"f":"write","value":5}
)");
  REQUIRE(h.ops.size() == 2);
  CHECK(h.ops[0].invoke == Operation::kNoEvent);
  CHECK(h.start(h.ops[0]) == 0);
  CHECK(h.end(h.ops[0]) == 0);
  CHECK(h.argument(h.ops[0]) == Value::integer(5));
}

TEST_CASE("nemesis events are kept and never paired", "[history]") {
  History h = ok(
      R"({"type":"info","process":"nemesis","f":"start","value":null}
{"type":"invoke","process":0,"f":"read","value":null}
{"type":"info","process":"nemesis","f":"start","value":"partitioned"}
{"type":"ok","process":0,"f":"read","value":null}
)");
  CHECK(h.ops.size() == 1);
  CHECK(h.nemesis == std::vector<uint32_t>{0, 2});
}

TEST_CASE("times order events, and equal times make operations concurrent", "[history]") {
  History h = ok(
      R"({"type":"invoke","process":1,"f":"read","value":null,"time":30}
{"type":"invoke","process":0,"f":"write","value":1,"time":10}
{"type":"ok","process":0,"f":"write","value":1,"time":20}
{"type":"ok","process":1,"f":"read","value":1,"time":40}
)");
  REQUIRE(h.timed);
  REQUIRE(h.ops.size() == 2);
  CHECK(h.events[0].line == 2);  // stable-sorted by time
  CHECK(h.f(h.ops[0]) == Value::keyword("write"));
  CHECK(h.start(h.ops[1]) == 30);
  CHECK(h.end(h.ops[0]) == 20);
}

TEST_CASE("clock skew widens intervals on both sides", "[history]") {
  ReadOptions options;
  options.clock_skew_ns = 5;
  History h = ok(
      R"({"type":"invoke","process":0,"f":"write","value":1,"time":100}
{"type":"ok","process":0,"f":"write","value":1,"time":200}
)",
      options);
  CHECK(h.start(h.ops[0]) == 95);
  CHECK(h.end(h.ops[0]) == 205);
}

TEST_CASE("clock skew without times is ignored with a warning", "[history]") {
  ReadOptions options;
  options.clock_skew_ns = 5;
  ReadResult r = read(
      R"({"type":"invoke","process":0,"f":"write","value":1}
{"type":"ok","process":0,"f":"write","value":1}
)",
      options);
  REQUIRE(r.ok());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("--clock-skew ignored") == 0);
  CHECK(r.history.end(r.history.ops[0]) == 1);
}

TEST_CASE("a complete-operation record is one operation from start to end", "[history]") {
  History h = ok(
      R"({"process":"c7","f":"write","value":3,"key":"x","start":1700,"end":1850,"type":"ok"}
{"process":"c8","f":"read","value":3,"key":"x","start":1800,"end":1900,"type":"ok","trace":"t1"}
)");
  REQUIRE(h.ops.size() == 2);
  CHECK(h.start(h.ops[1]) == 1800);
  CHECK(h.end(h.ops[0]) == 1850);
  CHECK(h.result(h.ops[1]) == Value::integer(3));
  CHECK(h.key(h.ops[0]) == Value::string("x"));
  CHECK(h.events[h.ops[1].complete].extra.get(Value::keyword("trace")) == Value::string("t1"));
}

TEST_CASE("--independent splits [key value] tuples", "[history]") {
  ReadOptions options;
  options.independent = true;
  History h = ok(
      R"({:type :invoke, :f :write, :value [x 1], :process 0}
{:type :ok, :f :write, :value [x 1], :process 0}
)",
      options);
  REQUIRE(h.ops.size() == 1);
  CHECK(h.key(h.ops[0]) == Value::symbol("x"));
  CHECK(h.argument(h.ops[0]) == Value::integer(1));
}

TEST_CASE("--independent needs tuples", "[history]") {
  ReadOptions options;
  options.independent = true;
  CHECK(error("{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":3}\n", options) ==
        "h:1:1: expected value to be a [key value] tuple (--independent), got integer 3\n"
        "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":3}\n"
        "^");
}

TEST_CASE("a second invoke before a completion is an error at the second", "[history]") {
  CHECK(error(R"({"type":"invoke","process":3,"f":"read","value":null}
{"type":"invoke","process":3,"f":"write","value":1}
)") == "h:2:1: expected a completion of process 3's :read (invoked at line 1), got another invoke\n"
       "{\"type\":\"invoke\",\"process\":3,\"f\":\"write\",\"value\":1}\n"
       "^");
}

TEST_CASE("a second invoke under --lenient crashes the first", "[history]") {
  ReadOptions options;
  options.lenient = true;
  ReadResult r = read(R"({"type":"invoke","process":3,"f":"read","value":null}
{"type":"invoke","process":3,"f":"write","value":1}
{"type":"ok","process":3,"f":"write","value":1}
)",
                      options);
  REQUIRE(r.ok());
  REQUIRE(r.history.ops.size() == 2);
  CHECK(r.history.ops[0].status == OpStatus::kCrashed);
  CHECK(r.history.ops[1].status == OpStatus::kOk);
  CHECK(r.warnings.size() == 1);
}

TEST_CASE("a completion of another f is an error", "[history]") {
  CHECK(error(R"({"type":"invoke","process":1,"f":"read","value":null}
{"type":"ok","process":1,"f":"write","value":1}
)") == "h:2:1: expected a completion of process 1's :read (invoked at line 1), got :write\n"
       "{\"type\":\"ok\",\"process\":1,\"f\":\"write\",\"value\":1}\n"
       "^");
}

TEST_CASE("records without type, process or f are errors at the record", "[history]") {
  CHECK(error("{\"process\":1,\"f\":\"read\"}\n") ==
        "h:1:1: expected field \"type\", got none\n{\"process\":1,\"f\":\"read\"}\n^");
  CHECK(error("{\"type\":\"ok\",\"f\":\"read\"}\n") ==
        "h:1:1: expected field \"process\", got none\n{\"type\":\"ok\",\"f\":\"read\"}\n^");
  CHECK(error("{\"type\":\"done\",\"process\":1,\"f\":\"read\"}\n") ==
        "h:1:9: expected type invoke, ok, fail or info, got string \"done\"\n"
        "{\"type\":\"done\",\"process\":1,\"f\":\"read\"}\n        ^");
  CHECK(error("{\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"time\":\"noon\"}\n") ==
        "h:1:44: expected time to be an integer (nanoseconds), got string \"noon\"\n"
        "{\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"time\":\"noon\"}\n"
        "                                           ^");
}

TEST_CASE("an empty input is an empty history", "[history]") {
  History h = ok("");
  CHECK(h.events.empty());
  CHECK(h.ops.empty());
  History blank = ok("\n  \n");
  CHECK(blank.ops.empty());
}

TEST_CASE("the format is decided from content", "[history][detect]") {
  auto format_of = [](const std::string& text) { return read(text).format; };
  CHECK(format_of("{\"type\": \"ok\", \"process\": 1, \"f\": \"read\"}\n") == Format::kJsonl);
  CHECK(format_of("[{\"type\":\"ok\",\"process\":1,\"f\":\"read\"}]") == Format::kJson);
  CHECK(format_of("{:type :ok, :process 1, :f :read}\n") == Format::kEdn);
  CHECK(format_of("{\"type\" :ok, \"process\" 1, \"f\" :read}\n") == Format::kEdn);
  CHECK(format_of("[{:type :ok, :process 1, :f :read}]") == Format::kEdn);
  CHECK(format_of("INFO  jepsen.util - 0\t:invoke\t:read\tnil\n") == Format::kJepsenLog);
  CHECK(error("\x01\x02garbage") ==
        "h:1:1: expected a history (JSON objects, a JSON array, EDN maps or Jepsen log lines), "
        "got byte 0x01\n??garbage\n^");
}

TEST_CASE("stats count operations, processes, keys and concurrency", "[stats]") {
  History h = ok(
      R"({"type":"invoke","process":0,"f":"write","key":"a","value":1}
{"type":"invoke","process":1,"f":"read","key":"b","value":null}
{"type":"ok","process":1,"f":"read","key":"b","value":null}
{"type":"invoke","process":2,"f":"write","key":"a","value":2}
{"type":"info","process":2,"f":"write","key":"a","value":2}
{"type":"invoke","process":3,"f":"read","key":"a","value":null}
{"type":"ok","process":0,"f":"write","key":"a","value":1}
{"type":"ok","process":3,"f":"read","key":"a","value":1}
)");
  HistoryStats s = compute_stats(h);
  CHECK(s.ops.total() == 4);
  CHECK(s.ops.ok == 3);
  CHECK(s.ops.crashed == 1);
  CHECK(s.by_f["write"].total() == 2);
  CHECK(s.processes == 4);
  CHECK(s.keys == 2);
  CHECK(s.max_concurrency == 3);            // write a, the crashed write, read a
  CHECK(s.max_concurrency_completed == 2);  // write a with read b, or with read a
}

TEST_CASE("a surrogate encoded in UTF-8 is shown as '?' in the error's line", "[history]") {
  // ED A0 80 would be U+D800, which UTF-8 must not encode.
  CHECK(error("\xED\xA0\x80x") ==
        "h:1:1: expected a history (JSON objects, a JSON array, EDN maps or Jepsen log lines), "
        "got byte 0xed\n???x\n^");
}
