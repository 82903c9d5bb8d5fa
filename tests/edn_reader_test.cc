// read_edn: records, top-level shapes, positions, errors and lenient mode.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "edn_test_util.h"

using namespace edn_test;

TEST_CASE("each top-level map is one record with keyword field names in input order", "[edn]") {
  std::string text =
      "{:process 6, :type :invoke, :f :append, :key \"0\", :value \"x 6 0 y\"}\n"
      "{:process 6, :type :ok, :f :append, :key \"0\", :value \"x 6 0 y\"}\n";
  Read r = edn(text);
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 2);
  const Record& first = r.sink.records[0];
  CHECK(first.offset == 0);
  CHECK(first.line == 1);
  REQUIRE(first.fields.size() == 5);
  CHECK(first.fields[0].name == kw("process"));
  CHECK(first.fields[0].value == num(6));
  CHECK(first.fields[0].offset == 10);
  CHECK(first.fields[4].name == kw("value"));
  CHECK(first.fields[4].value == str("x 6 0 y"));
  CHECK(text.substr(first.fields[4].offset, 9) == "\"x 6 0 y\"");
  const Record& second = r.sink.records[1];
  CHECK(second.offset == text.find('\n') + 1);
  CHECK(second.line == 2);
  CHECK(field(second, "type") == kw("ok"));
}

TEST_CASE("string field names become keywords; other names are errors", "[edn]") {
  Read r = edn("{\"type\" :ok, \"process\" 1}");
  REQUIRE(r.ok());
  CHECK(field(r.sink.records[0], "type") == kw("ok"));
  CHECK(edn("{:a 1, 5 2}").error() ==
        error_text("h.edn:1:8: expected a keyword or string field name, got integer", "{:a 1, 5 2}",
                   8));
  CHECK(edn("{[:a] 1}").result.error->message ==
        "expected a keyword or string field name, got vector");
}

TEST_CASE("a duplicate field name is an error at the second key", "[edn]") {
  CHECK(edn("{:type :ok, :f :read, :type :fail}").error() ==
        error_text("h.edn:1:23: duplicate key :type", "{:type :ok, :f :read, :type :fail}", 23));
  CHECK(edn("{:type :ok, \"type\" :ok}").result.error->message == "duplicate key \"type\"");
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += ":k" + std::to_string(i) + " 1 ";
  many += ":k7 2}";
  Read r = edn(many);
  REQUIRE(r.result.error);
  CHECK(r.result.error->message == "duplicate key :k7");
  CHECK(r.result.error->column == many.rfind(":k7") + 1);
}

TEST_CASE("a tagged Op map is read as a record", "[edn]") {
  Read r = edn(
      "#jepsen.history.Op{:index 0, :time 12, :type :invoke, :process 0, :f :read, :value nil}\n"
      "#jepsen.history.Op {:index 1, :type :ok, :process 0, :f :read, :value 3}\n");
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 2);
  CHECK(r.sink.records[0].offset == 0);
  CHECK(field(r.sink.records[0], "index") == num(0));
  CHECK(field(r.sink.records[1], "value") == num(3));
  CHECK(r.sink.records[1].line == 2);
}

TEST_CASE("a Knossos top-level vector gives one record per map, with its line", "[edn]") {
  Read r =
      edn("[{:process 0, :type :invoke, :f :write, :value 1}\n"
          " {:process 0, :type :ok, :f :write, :value 1}\n"
          "\n"
          " {:process 1,\n"
          "  :type :invoke, :f :read, :value nil}]\n");
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 3);
  CHECK(r.sink.records[0].line == 1);
  CHECK(r.sink.records[0].offset == 1);
  CHECK(r.sink.records[1].line == 2);
  CHECK(r.sink.records[2].line == 4);
  CHECK(field(r.sink.records[2], "f") == kw("read"));
}

TEST_CASE("a top-level list works like a vector", "[edn]") {
  Read r = edn("({:a 1}\n {:a 2})");
  REQUIRE(r.ok());
  CHECK(r.sink.records.size() == 2);
  CHECK(edn("({:a 1}\n {:a 2}]").error() ==
        error_text("h.edn:2:8: expected ')' to close the list opened at line 1, got ']'",
                   " {:a 2}]", 8));
}

TEST_CASE("a top-level form that is not a map is an error naming its kind", "[edn]") {
  CHECK(edn("{:a 1}\n42\n").error() ==
        error_text("h.edn:2:1: expected a map, got integer", "42", 1));
  CHECK(edn(":ok").result.error->message == "expected a map, got keyword");
  CHECK(edn("#inst \"2020\"").result.error->message == "expected a map, got string");
  CHECK(edn("[{:a 1} [2]]").error() ==
        error_text("h.edn:1:9: expected a map, got vector", "[{:a 1} [2]]", 9));
  CHECK(edn("}").result.error->message == "expected a map, got '}'");
  CHECK(edn("\x01").result.error->message == "expected a map, got byte 0x01");
}

TEST_CASE("an unterminated map at the end of the input is an error after its last byte", "[edn]") {
  CHECK(edn("{:a 1").error() ==
        error_text("h.edn:1:6: expected '}' to close the map opened at line 1, got end of input",
                   "{:a 1", 6));
  CHECK(edn("{:a 1}\n{:a\n 1\n\n").error() ==
        error_text("h.edn:3:3: expected '}' to close the map opened at line 2, got end of input",
                   " 1", 3));
}

TEST_CASE("a truncated last line is an error on that line", "[edn]") {
  Read r = edn("{:process 0, :type :invoke}\n{:process 0, :ty");
  CHECK(r.sink.records.size() == 1);
  CHECK(r.error() == error_text("h.edn:2:17: expected a value for key :ty, got end of input",
                                "{:process 0, :ty", 17));
  CHECK(edn("{:a \"abc").result.error->message ==
        "expected '\"' to close the string opened at line 1, got end of input");
}

TEST_CASE("unbalanced brackets are errors naming the opening line", "[edn]") {
  CHECK(edn("{:a [1 2}").error() ==
        error_text("h.edn:1:9: expected ']' to close the vector opened at line 1, got '}'",
                   "{:a [1 2}", 9));
  CHECK(edn("{:a 1]").result.error->message ==
        "expected '}' to close the map opened at line 1, got ']'");
  CHECK(edn("{:a (1\n2]}").result.error->message ==
        "expected ')' to close the list opened at line 1, got ']'");
  CHECK(edn("{:a #{1}}}").result.error->message == "expected a map, got '}'");
  CHECK(edn("[{:a 1}\n{:a 2}\n").error() ==
        error_text("h.edn:2:7: expected ']' to close the vector opened at line 1, got end of "
                   "input",
                   "{:a 2}", 7));
}

TEST_CASE("a key without a value is an error where the value belongs", "[edn]") {
  CHECK(edn("{:a 1 :b}").error() ==
        error_text("h.edn:1:9: expected a value for key :b, got '}'", "{:a 1 :b}", 9));
  CHECK(edn("{:v {:a}}").result.error->message == "expected a value for key :a, got '}'");
}

TEST_CASE("an empty input gives no records and no error", "[edn]") {
  for (const char* text : {"", "\n\n", "  ,, \r\n", "; only a comment\n", "[]", "()", "#_{:a 1}"}) {
    Read r = edn(text);
    INFO(text);
    CHECK(r.ok());
    CHECK(r.sink.records.empty());
    CHECK(r.result.skipped == 0);
  }
}

TEST_CASE("comments, commas, #_ and CRLF line ends are accepted between records", "[edn]") {
  Read r =
      edn("; history\r\n"
          "{:a 1},, {:a 2} ; two on a line\r\n"
          "#_{:a 99}\r\n"
          "{:a 3 #_ :b #_ 4}\r\n");
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 3);
  CHECK(field(r.sink.records[1], "a") == num(2));
  CHECK(r.sink.records[1].line == 2);
  CHECK(r.sink.records[2].line == 4);
  CHECK(r.sink.records[2].fields.size() == 1);
}

TEST_CASE("a byte-order mark at the start is skipped", "[edn]") {
  Read r = edn("\xEF\xBB\xBF{:a 1}");
  REQUIRE(r.ok());
  CHECK(r.sink.records.size() == 1);
}

TEST_CASE("binary garbage is an error, never a crash", "[edn]") {
  CHECK(edn(std::string_view("\0\x01\xff\xfe", 4)).result.error->message ==
        "expected a map, got byte 0x00");
  CHECK(edn("\xff\xfe").result.error->message == "expected UTF-8 text, got byte 0xff");
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]()#_:\"\\;,\n ab1-.eE+N#{}\xff\xc3\xa9";
  for (int i = 0; i < 3000; ++i) {
    std::string text(rng() % 64, ' ');
    for (char& c : text)
      c = rng() % 4 == 0 ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
    Read strict = edn(text);
    Read lenient = edn(text, true);
    INFO(text);
    REQUIRE_FALSE(lenient.result.error);
    if (strict.ok()) {
      CHECK(lenient.result.skipped == 0);
      CHECK(lenient.sink.records.size() == strict.sink.records.size());
    } else {
      CHECK(lenient.result.skipped > 0);
      CHECK(!strict.result.error->message.empty());
    }
  }
}

TEST_CASE("inputs found by fuzzing read without undefined behaviour", "[edn]") {
  // An empty map built before any other collection on a thread: value.cc
  // passed a null buffer to memcmp (UBSan). edn_parser.cc warms the buffers.
  CHECK(edn("{}").ok());
  Read nested = edn(std::string_view("{{{S{{{{{{{{{{{}", 16));
  CHECK(nested.result.error->message == "expected a value for key {}, got end of input");
}

TEST_CASE("a map holding a 10 MB string is read whole", "[edn]") {
  std::string big(10 << 20, 'x');
  std::string text = "{:type :ok, :value \"" + big + "\"}\n";
  Read r = edn(text);
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 1);
  CHECK(field(r.sink.records[0], "value").as_text().size() == big.size());
}

TEST_CASE("a 10 MB line of garbage gives an error with the source cut to a window", "[edn]") {
  std::string text = "{:a \"" + std::string(5 << 20, 'x') + "\\q" + std::string(5 << 20, 'y');
  Read r = edn(text);
  REQUIRE(r.result.error);
  const auto& e = *r.result.error;
  CHECK(e.line == 1);
  CHECK(e.column == 5 + (5 << 20) + 1);
  CHECK(e.source_line.size() < 200);
  CHECK(e.source_line.starts_with("...xxx"));
  CHECK(e.source_line.ends_with("yyy..."));
  CHECK(e.source_line.substr(e.caret, 2) == "\\q");
  std::string at_start = "{:a " + std::string(10 << 20, '@');
  Read r2 = edn(at_start);
  REQUIRE(r2.result.error);
  CHECK(r2.result.error->message == "expected a value, got '@'");
  CHECK(r2.result.error->source_line.size() < 200);
}

TEST_CASE("lenient mode skips each bad line, counts it and reads the next", "[edn]") {
  std::string text =
      "{:a 1}\n"
      "{:a 2\n"
      "{:a 3}\n"
      "garbage\n"
      "{:a \"x\\q\"}\n"
      "{:a 4}\n";
  CHECK(edn(text).error() == error_text("h.edn:3:1: expected a keyword or string field name, "
                                        "got map",
                                        "{:a 3}", 1));
  Read r = edn(text, true);
  REQUIRE(r.ok());
  CHECK(r.result.skipped == 3);
  REQUIRE(r.sink.records.size() == 3);
  CHECK(field(r.sink.records[0], "a") == num(1));
  CHECK(field(r.sink.records[1], "a") == num(3));
  CHECK(r.sink.records[1].line == 3);
  CHECK(field(r.sink.records[2], "a") == num(4));
  CHECK(r.sink.records[2].line == 6);
}

TEST_CASE("lenient mode in a top-level vector goes on with the next line's element", "[edn]") {
  Read r = edn("[{:a 1}\n {:a 2 :a 3}\n 7\n {:a 4}]\n", true);
  REQUIRE(r.ok());
  CHECK(r.result.skipped == 2);
  REQUIRE(r.sink.records.size() == 2);
  CHECK(field(r.sink.records[1], "a") == num(4));
  CHECK(r.sink.records[1].line == 4);
}

TEST_CASE("lenient mode counts a truncated last line once, even in an open vector", "[edn]") {
  Read truncated = edn("[{:a 1}\n {:a 2}\n {:a", true);
  REQUIRE(truncated.ok());
  CHECK(truncated.sink.records.size() == 2);
  CHECK(truncated.result.skipped == 1);
  Read unclosed = edn("[{:a 1}\n {:a 2}\n", true);
  REQUIRE(unclosed.ok());
  CHECK(unclosed.sink.records.size() == 2);
  CHECK(unclosed.result.skipped == 1);
}

TEST_CASE("lenient mode stays linear on deeply nested lines", "[edn]") {
  std::string text = "[\n";
  for (int i = 0; i < 200000; ++i) text += "[\n";
  Read r = edn(text, true);
  CHECK(r.ok());
  CHECK(r.result.skipped > 0);
  CHECK(r.result.skipped < 1000);
  std::string maps;
  for (int i = 0; i < 200000; ++i) maps += "{:a [\n";
  Read m = edn(maps, true);
  CHECK(m.ok());
}

TEST_CASE("the reader stops at once when the sink refuses a record", "[edn]") {
  Read r;
  r.sink.stop_after = 1;
  std::string text = "{:a 1}\n{:a 2}\n{:a 3";
  Source source{"h.edn", text};
  r.result = ariadne::ingest::read_edn(source, 0, text.size(), 1, r.sink, false);
  CHECK(r.sink.records.size() == 1);
  CHECK(r.ok());
  CHECK(r.result.skipped == 0);
}

TEST_CASE("the range [begin, end) is respected, with first_line at begin", "[edn]") {
  std::string text = "garbage {\n{:a 1}\n{:a 2}\n{:a 3 garbage";
  const size_t begin = text.find('\n') + 1;
  const size_t end = text.rfind('\n') + 1;
  Source source{"h.edn", text};
  RecordCollector sink;
  auto result = ariadne::ingest::read_edn(source, begin, end, 10, sink, false);
  REQUIRE_FALSE(result.error);
  REQUIRE(sink.records.size() == 2);
  CHECK(sink.records[0].line == 10);
  CHECK(sink.records[0].offset == begin);
  CHECK(sink.records[1].line == 11);
  // A map cut by `end` is unterminated, wherever the input goes on.
  RecordCollector cut;
  auto partial = ariadne::ingest::read_edn(source, begin, begin + 5, 10, cut, false);
  REQUIRE(partial.error);
  CHECK(partial.error->to_string() ==
        error_text("h.edn:10:6: expected '}' to close the map opened at line 10, got end of "
                   "input",
                   "{:a 1}", 6));
}
