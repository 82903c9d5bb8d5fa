// read_jepsen_log: Jepsen's text log (Porcupine's etcd data).
#include <catch2/catch.hpp>

#include <string>

#include "edn_test_util.h"

using namespace edn_test;

namespace {

constexpr std::string_view kPrefix = "INFO  jepsen.util - ";

std::string op_line(std::string_view rest) { return std::string(kPrefix) + std::string(rest); }

}  // namespace

TEST_CASE("a tab-separated log line gives process, type, f and value", "[jepsen-log]") {
  std::string text = op_line("2\t:invoke\t:cas\t[3 0]") + "\n";
  Read r = jlog(text);
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 1);
  const Record& rec = r.sink.records[0];
  CHECK(rec.offset == 0);
  CHECK(rec.line == 1);
  REQUIRE(rec.fields.size() == 4);
  CHECK(rec.fields[0].name == kw("process"));
  CHECK(rec.fields[0].value == num(2));
  CHECK(rec.fields[0].offset == kPrefix.size());
  CHECK(rec.fields[1].name == kw("type"));
  CHECK(rec.fields[1].value == kw("invoke"));
  CHECK(rec.fields[2].name == kw("f"));
  CHECK(rec.fields[2].value == kw("cas"));
  CHECK(rec.fields[3].name == kw("value"));
  CHECK(rec.fields[3].value == vec({num(3), num(0)}));
  CHECK(text.substr(rec.fields[3].offset, 5) == "[3 0]");
}

TEST_CASE("a space-separated log line reads like a tab-separated one", "[jepsen-log]") {
  Read r =
      jlog(op_line("4   :invoke :cas    [1 2]") + "\n" + op_line("3   :fail   :read   :timed-out"));
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 2);
  CHECK(field(r.sink.records[0], "value") == vec({num(1), num(2)}));
  CHECK(field(r.sink.records[1], "type") == kw("fail"));
  CHECK(field(r.sink.records[1], "value") == kw("timed-out"));
  CHECK(r.sink.records[1].fields.size() == 4);
}

TEST_CASE("a :nemesis process is read as a keyword", "[jepsen-log]") {
  Read r = jlog(op_line(":nemesis\t:info\t:start\tnil"));
  REQUIRE(r.ok());
  CHECK(field(r.sink.records[0], "process") == kw("nemesis"));
  CHECK(field(r.sink.records[0], "value") == Value::null());
}

TEST_CASE("text after the value and a tab is the error field", "[jepsen-log]") {
  Read r = jlog(op_line("4\t:info\t:write\t:timed-out\t:timeout") + "\n" +
                op_line("5\t:fail\t:read\tnil\tconnection refused  ") + "\n" +
                op_line("6\t:fail\t:read\tnil\t{:type :unavailable}") + "\n" +
                op_line("7   :info   :read   nil   [:crash 1]") + "\n");
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 4);
  CHECK(r.sink.records[0].fields.size() == 5);
  CHECK(field(r.sink.records[0], "error") == kw("timeout"));
  CHECK(field(r.sink.records[1], "error") == str("connection refused"));
  CHECK(field(r.sink.records[2], "error") == map({kw("type"), kw("unavailable")}));
  CHECK(field(r.sink.records[3], "error") == vec({kw("crash"), num(1)}));
}

TEST_CASE("lines without the marker are ignored and counted, blank lines are not", "[jepsen-log]") {
  Read r = jlog("2015-04-21 INFO  jepsen.core - Running test\n\n   \r\n" +
                op_line("0\t:invoke\t:read\tnil") + "\r\n" + "WARN  jepsen.store - done\n");
  REQUIRE(r.ok());
  CHECK(r.result.ignored == 2);
  REQUIRE(r.sink.records.size() == 1);
  CHECK(r.sink.records[0].line == 4);
  CHECK(field(r.sink.records[0], "value") == Value::null());
}

TEST_CASE("garbage after the marker is an error with its position", "[jepsen-log]") {
  std::string line = op_line("garbage here");
  CHECK(
      jlog(line + "\n").error() ==
      error_text("j.log:1:21: expected an integer or keyword for :process, got symbol", line, 21));
  line = op_line("3\t:invoke\t\"read\"\tnil");
  CHECK(jlog(line).error() ==
        error_text("j.log:1:31: expected a keyword for :f, got string", line, 31));
  line = op_line("3\t7\t:read\tnil");
  CHECK(jlog(line).result.error->message == "expected a keyword for :type, got integer");
  line = op_line("3\t:invoke\t:read\t@");
  CHECK(jlog(line).error() == error_text("j.log:1:37: expected a value, got '@'", line, 37));
}

TEST_CASE("missing fields are errors at the end of the line", "[jepsen-log]") {
  std::string line = op_line("3\t:invoke");
  CHECK(jlog("\n" + line + "\nnext\n").error() ==
        error_text("j.log:2:30: expected a keyword for :f, got end of line", line, 30));
  line = op_line("3\t:invoke\t:read\t");
  CHECK(jlog(line + "\n").result.error->message == "expected a value, got end of line");
  CHECK(jlog(std::string(kPrefix)).result.error->message ==
        "expected an integer or keyword for :process, got end of input");
}

TEST_CASE("fields must be separated and the value must end the line", "[jepsen-log]") {
  std::string line = op_line("3\t:invoke\t:cas[1 2]");
  CHECK(jlog(line).error() ==
        error_text("j.log:1:35: expected a tab or spaces between fields, got '['", line, 35));
  line = op_line("3\t:invoke\t:read\tnil garbage");
  CHECK(jlog(line).error() ==
        error_text("j.log:1:41: expected a tab or end of line after the value, got 'g'", line, 41));
  CHECK(jlog(op_line("3\t:invoke\t:read\tnil,x")).result.error->message ==
        "expected a tab or end of line after the value, got ','");
}

TEST_CASE("a value cannot run past the end of its line", "[jepsen-log]") {
  std::string line = op_line("2\t:invoke\t:cas\t[1 2");
  CHECK(jlog(line + "\n3]\n").error() ==
        error_text("j.log:1:40: expected ']' to close the vector opened at line 1, got end of line",
                   line, 40));
}

TEST_CASE("lenient mode skips malformed op lines and counts them", "[jepsen-log]") {
  std::string text = op_line("0\t:invoke\t:read\tnil") + "\n" + op_line("x\t:ok") + "\n" +
                     "other logger\n" + op_line("0\t:ok\t:read\t\"\xff\"") + "\n" +
                     op_line("0\t:ok\t:read\t3") + "\n";
  Read strict = jlog(text);
  CHECK(strict.result.error);
  Read r = jlog(text, true);
  REQUIRE(r.ok());
  CHECK(r.result.skipped == 2);
  CHECK(r.result.ignored == 1);
  REQUIRE(r.sink.records.size() == 2);
  CHECK(r.sink.records[1].line == 5);
  CHECK(field(r.sink.records[1], "value") == num(3));
}

TEST_CASE("the log reader respects [begin, end) and first_line", "[jepsen-log]") {
  std::string text = "junk\n" + op_line("1\t:invoke\t:write\t2") + "\n" + op_line("1\t:ok");
  const size_t begin = 5;
  const size_t end = text.rfind('\n') + 1;
  Source source{"j.log", text};
  RecordCollector sink;
  auto result = ariadne::ingest::read_jepsen_log(source, begin, end, 40, sink, false);
  REQUIRE_FALSE(result.error);
  CHECK(result.ignored == 0);
  REQUIRE(sink.records.size() == 1);
  CHECK(sink.records[0].line == 40);
  CHECK(sink.records[0].offset == begin);
}
