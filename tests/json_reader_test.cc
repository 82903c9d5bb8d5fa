// JSON Lines and JSON array readers: values, positions, errors, lenient mode.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ariadne/value.h"
#include "ingest/reader.h"
#include "record_collector.h"

namespace {

using ariadne::Value;
using ariadne::ingest::ChunkResult;
using ariadne::ingest::ReaderFn;
using ariadne::ingest::Record;
using ariadne::ingest::Source;

struct Read {
  RecordCollector sink;
  ChunkResult result;
  bool ok() const { return !result.error; }
  std::string error() const { return result.error ? result.error->to_string() : ""; }
};

Read read_with(ReaderFn reader, std::string_view text, bool lenient = false,
               std::string name = "h.jsonl") {
  Read r;
  Source source{std::move(name), text};
  r.result = reader(source, 0, text.size(), 1, r.sink, lenient);
  return r;
}

Read jsonl(std::string_view text, bool lenient = false) {
  return read_with(ariadne::ingest::read_jsonl, text, lenient);
}

Read json(std::string_view text, bool lenient = false) {
  return read_with(ariadne::ingest::read_json, text, lenient, "h.json");
}

// The error text of reading one JSON Lines input, "" if none.
std::string jsonl_error(std::string_view text) { return jsonl(text).error(); }
std::string json_error(std::string_view text) { return json(text).error(); }

Value field(const Record& record, std::string_view name) {
  for (const auto& f : record.fields)
    if (f.name == Value::keyword(name)) return f.value;
  FAIL("no field " << name);
  return Value();
}

// The value of `v` in the one-line record {"v": <text>}.
Value value_of(std::string_view text) {
  std::string line = "{\"v\": " + std::string(text) + "}";
  Read r = jsonl(line);
  INFO(r.error());
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 1);
  return field(r.sink.records[0], "v");
}

Value str(std::string_view s) { return Value::string(s); }
Value num(int64_t i) { return Value::integer(i); }
Value vec(std::initializer_list<Value> items) {
  return Value::vector({items.begin(), items.size()});
}
Value map(std::initializer_list<Value> pairs) { return Value::map({pairs.begin(), pairs.size()}); }

}  // namespace

// ---------------------------------------------------------------- values

TEST_CASE("every JSON value kind maps to its Value", "[json]") {
  Read r = jsonl(
      R"({"n": null, "t": true, "f": false, "i": 42, "neg": -7, "x": 1.5, "e": 1e3, "E": -2.5E-1, )"
      R"("s": "hi", "a": [1, "two"], "o": {"k": 1}})");
  INFO(r.error());
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 1);
  const Record& rec = r.sink.records[0];
  CHECK(field(rec, "n") == Value::null());
  CHECK(field(rec, "t") == Value::boolean(true));
  CHECK(field(rec, "f") == Value::boolean(false));
  CHECK(field(rec, "i") == num(42));
  CHECK(field(rec, "neg") == num(-7));
  CHECK(field(rec, "x") == Value::floating(1.5));
  CHECK(field(rec, "e") == Value::floating(1000.0));
  CHECK(field(rec, "E") == Value::floating(-0.25));
  CHECK(field(rec, "s") == str("hi"));
  CHECK(field(rec, "a") == vec({num(1), str("two")}));
  CHECK(field(rec, "o") == map({str("k"), num(1)}));
}

TEST_CASE("JSON record keys become keywords and nested keys stay strings", "[json]") {
  Read r = jsonl(R"({"type": "invoke", "value": {"type": 1}})");
  REQUIRE(r.sink.records.size() == 1);
  const Record& rec = r.sink.records[0];
  REQUIRE(rec.fields.size() == 2);
  CHECK(rec.fields[0].name == Value::keyword("type"));
  CHECK(rec.fields[0].value == str("invoke"));
  CHECK(rec.fields[1].name == Value::keyword("value"));
  CHECK(rec.fields[1].value == map({str("type"), num(1)}));
}

TEST_CASE("JSON fields keep input order and point at their values' first bytes", "[json]") {
  std::string text = "\n  {\"b\": 1, \"a\" :\t[2], \"c\":{\"d\": null},\"e\":\"x\"}\n";
  Read r = jsonl(text);
  REQUIRE(r.sink.records.size() == 1);
  const Record& rec = r.sink.records[0];
  CHECK(rec.line == 2);
  CHECK(rec.offset == text.find('{'));
  REQUIRE(rec.fields.size() == 4);
  CHECK(rec.fields[0].name == Value::keyword("b"));
  CHECK(rec.fields[0].offset == text.find('1'));
  CHECK(rec.fields[1].name == Value::keyword("a"));
  CHECK(rec.fields[1].offset == text.find('['));
  CHECK(rec.fields[2].offset == text.find("{\"d\""));
  CHECK(rec.fields[3].offset == text.find("\"x\""));
}

// Found by fuzzing: the per-position key cache once took "" for a hit.
TEST_CASE("an empty JSON key names a field by the empty keyword", "[json]") {
  Read r = jsonl("{\"\": 1, \"a\": {\"\": 2}}\n{\"\": 3}");
  REQUIRE(r.sink.records.size() == 2);
  CHECK(r.sink.records[0].fields[0].name == Value::keyword(""));
  CHECK(r.sink.records[0].fields[1].value == map({str(""), num(2)}));
  CHECK(r.sink.records[1].fields[0].name == Value::keyword(""));
  CHECK(field(r.sink.records[1], "") == num(3));
}

TEST_CASE("nested JSON collections build nested values", "[json]") {
  CHECK(value_of(R"([[1, [2, {"a": [3]}]], {}, []])") ==
        vec({vec({num(1), vec({num(2), map({str("a"), vec({num(3)})})})}), map({}), vec({})}));
  CHECK(value_of(R"({"b": {"c": {"d": [true]}}, "a": 0})") ==
        map({str("a"), num(0), str("b"),
             map({str("c"), map({str("d"), vec({Value::boolean(true)})})})}));
}

TEST_CASE("JSON integers span the whole 64-bit range", "[json]") {
  CHECK(value_of("9223372036854775807") == num(INT64_MAX));
  CHECK(value_of("-9223372036854775808") == num(INT64_MIN));
  CHECK(value_of("-0") == num(0));
  CHECK(value_of("1152921504606846976") == num(int64_t{1} << 60));
}

TEST_CASE("a JSON integer too large for 64 bits is an error at its first digit", "[json]") {
  CHECK(jsonl_error(R"({"v": 123456789012345678901})") ==
        "h.jsonl:1:7: expected an integer that fits in 64 bits, got 123456789012345678901\n"
        "{\"v\": 123456789012345678901}\n"
        "      ^");
  CHECK(jsonl_error(R"({"v": 9223372036854775808})") ==
        "h.jsonl:1:7: expected an integer that fits in 64 bits, got 9223372036854775808\n"
        "{\"v\": 9223372036854775808}\n"
        "      ^");
  CHECK(jsonl_error(R"({"v": [-9223372036854775809]})") ==
        "h.jsonl:1:8: expected an integer that fits in 64 bits, got -9223372036854775809\n"
        "{\"v\": [-9223372036854775809]}\n"
        "       ^");
}

TEST_CASE("a JSON integer of hundreds of digits is an error with the number cut short", "[json]") {
  std::string digits(400, '7');
  std::string message =
      "h.jsonl:1:7: expected an integer that fits in 64 bits, got "
      "7777777777777777777777777777777777777777...\n";
  CHECK(jsonl_error("{\"v\": " + digits + "}").substr(0, message.size()) == message);
}

TEST_CASE("JSON floats parse exactly and tiny ones underflow to zero", "[json]") {
  CHECK(value_of("0.1") == Value::floating(0.1));
  CHECK(value_of("-0.0") == Value::floating(-0.0));
  CHECK(value_of("1.7976931348623157e308") == Value::floating(1.7976931348623157e308));
  CHECK(value_of("4e-320") == Value::floating(4e-320));
  CHECK(value_of("1e-400") == Value::floating(0.0));
  CHECK(value_of("-1e-400") == Value::floating(-0.0));
  CHECK(value_of("0e-99999") == Value::floating(0.0));
}

TEST_CASE("a JSON float beyond the range of a double is an error at its first byte", "[json]") {
  CHECK(jsonl_error(R"({"v": 1e400})") ==
        "h.jsonl:1:7: expected a number that fits in a double, got 1e400\n"
        "{\"v\": 1e400}\n"
        "      ^");
  CHECK(jsonl_error(R"({"v": -0.5e309})") ==
        "h.jsonl:1:7: expected a number that fits in a double, got -0.5e309\n"
        "{\"v\": -0.5e309}\n"
        "      ^");
}

TEST_CASE("malformed JSON numbers are errors at the offending byte", "[json]") {
  CHECK(jsonl_error(R"({"v": 1.})") ==
        "h.jsonl:1:9: expected a digit after '.', got '}'\n{\"v\": 1.}\n        ^");
  CHECK(jsonl_error(R"({"v": 1e+})") ==
        "h.jsonl:1:10: expected a digit in the exponent, got '}'\n{\"v\": 1e+}\n         ^");
  CHECK(jsonl_error(R"({"v": -x})") ==
        "h.jsonl:1:8: expected a digit after '-', got 'x'\n{\"v\": -x}\n       ^");
  CHECK(jsonl_error(R"({"v": 01})") ==
        "h.jsonl:1:8: expected ',' or '}', got '1'\n{\"v\": 01}\n       ^");
  CHECK(jsonl_error(R"({"v": NaN})") ==
        "h.jsonl:1:7: expected a JSON value, got 'N'\n{\"v\": NaN}\n      ^");
}

TEST_CASE("JSON string escapes decode to UTF-8", "[json]") {
  CHECK(value_of(R"("q\"b\\s\/\b\f\n\r\t")") == str("q\"b\\s/\b\f\n\r\t"));
  CHECK(value_of(R"("\u00e9\u20AC\ud83d\ude00")") == str("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  CHECK(value_of(R"("a\u0000b")") == str(std::string_view("a\0b", 3)));
  CHECK(value_of("\"\xC3\xA9\xF0\x9F\x98\x80\"") == str("\xC3\xA9\xF0\x9F\x98\x80"));
}

TEST_CASE("bad JSON escapes are errors at the offending byte", "[json]") {
  CHECK(jsonl_error(R"({"v": "a\x"})") ==
        "h.jsonl:1:10: expected an escape character (one of \"\\/bfnrtu) after '\\', got 'x'\n"
        "{\"v\": \"a\\x\"}\n"
        "         ^");
  CHECK(jsonl_error(R"({"v": "\u12G4"})") ==
        "h.jsonl:1:12: expected 4 hexadecimal digits after \\u, got 'G'\n"
        "{\"v\": \"\\u12G4\"}\n"
        "           ^");
  CHECK(jsonl_error(R"({"v": "\ud800\u12x4"})") ==
        "h.jsonl:1:18: expected 4 hexadecimal digits after \\u, got 'x'\n"
        "{\"v\": \"\\ud800\\u12x4\"}\n"
        "                 ^");
  CHECK(jsonl_error(R"({"v": "\ud800x"})") ==
        "h.jsonl:1:14: expected a low surrogate \\uDC00-\\uDFFF after \\ud800, got 'x'\n"
        "{\"v\": \"\\ud800x\"}\n"
        "             ^");
  CHECK(jsonl_error(R"({"v": "\ud800\u0041"})") ==
        "h.jsonl:1:14: expected a low surrogate \\uDC00-\\uDFFF after \\ud800, got \\u0041\n"
        "{\"v\": \"\\ud800\\u0041\"}\n"
        "             ^");
  CHECK(jsonl_error(R"({"v": "ok\\ \udc00"})") ==
        "h.jsonl:1:13: expected a surrogate pair, got lone low surrogate \\udc00\n"
        "{\"v\": \"ok\\\\ \\udc00\"}\n"
        "            ^");
  CHECK(jsonl_error(R"({"k\uDFFF": 1})") ==
        "h.jsonl:1:4: expected a surrogate pair, got lone low surrogate \\uDFFF\n"
        "{\"k\\uDFFF\": 1}\n"
        "   ^");
}

TEST_CASE("control characters in JSON strings must be escaped", "[json]") {
  CHECK(jsonl_error("{\"v\": \"a\tb\"}") ==
        "h.jsonl:1:9: expected a printable character or an escape in a string, got tab\n"
        "{\"v\": \"a\tb\"}\n"
        "        ^");
  CHECK(jsonl_error(std::string("{\"v\": \"a\0b\"}", 12)) ==
        "h.jsonl:1:9: expected a printable character or an escape in a string, got byte 0x00\n"
        "{\"v\": \"a?b\"}\n"
        "        ^");
}

TEST_CASE("an unclosed JSON string is an error at the end of its line", "[json]") {
  CHECK(jsonl_error("{\"v\": \"abc\n{}\n") ==
        "h.jsonl:1:11: expected '\"' to close the string, got end of line\n"
        "{\"v\": \"abc\n"
        "          ^");
  CHECK(jsonl_error("{\"v\": \"abc\r\n") ==
        "h.jsonl:1:11: expected '\"' to close the string, got end of line\n"
        "{\"v\": \"abc\n"
        "          ^");
  CHECK(jsonl_error("{\"v\": \"abc") ==
        "h.jsonl:1:11: expected '\"' to close the string, got end of input\n"
        "{\"v\": \"abc\n"
        "          ^");
}

TEST_CASE("unbalanced JSON brackets are errors at the offending byte", "[json]") {
  CHECK(jsonl_error(R"({"a": [1, 2})") ==
        "h.jsonl:1:12: expected ',' or ']', got '}'\n{\"a\": [1, 2}\n           ^");
  CHECK(jsonl_error(R"({"a": 1]})") ==
        "h.jsonl:1:8: expected ',' or '}', got ']'\n{\"a\": 1]}\n       ^");
  CHECK(jsonl_error("{\"a\": {\"b\": 1}\n{}") ==
        "h.jsonl:1:15: expected ',' or '}', got end of line\n{\"a\": {\"b\": 1}\n              ^");
  CHECK(jsonl_error(R"({"a": 1}})") ==
        "h.jsonl:1:9: expected end of line, got '}'\n{\"a\": 1}}\n        ^");
}

TEST_CASE("missing JSON keys, colons and values are errors at the offending byte", "[json]") {
  CHECK(jsonl_error(R"({"a" 1})") == "h.jsonl:1:6: expected ':', got '1'\n{\"a\" 1}\n     ^");
  CHECK(jsonl_error(R"({ 1: 2})") ==
        "h.jsonl:1:3: expected a string key or '}', got '1'\n{ 1: 2}\n  ^");
  CHECK(jsonl_error(R"({"a": 1,})") ==
        "h.jsonl:1:9: expected a string key, got '}'\n{\"a\": 1,}\n        ^");
  CHECK(jsonl_error(R"({'a': 1})") ==
        "h.jsonl:1:2: expected a string key or '}', got '''\n{'a': 1}\n ^");
  CHECK(jsonl_error(R"({"a": })") ==
        "h.jsonl:1:7: expected a JSON value, got '}'\n{\"a\": }\n      ^");
  CHECK(jsonl_error(R"({"a": [1,]})") ==
        "h.jsonl:1:10: expected a JSON value, got ']'\n{\"a\": [1,]}\n         ^");
  CHECK(jsonl_error(R"({"a": tru})") ==
        "h.jsonl:1:10: expected true, got '}'\n{\"a\": tru}\n         ^");
  CHECK(jsonl_error(R"({"a": nul1})") ==
        "h.jsonl:1:10: expected null, got '1'\n{\"a\": nul1}\n         ^");
}

TEST_CASE("invalid UTF-8 in JSON is an error at its first byte", "[json]") {
  CHECK(jsonl_error("{\"v\": \"ab\xff\"}") ==
        "h.jsonl:1:10: expected UTF-8 text, got byte 0xff\n{\"v\": \"ab?\"}\n         ^");
  // A UTF-16 surrogate encoded directly, and a truncated sequence.
  Read surrogate = jsonl("{\"v\": \"\xed\xa0\x80\"}");
  REQUIRE(surrogate.result.error);
  CHECK(surrogate.result.error->message == "expected UTF-8 text, got byte 0xed");
  CHECK(surrogate.result.error->column == 8);
  CHECK(jsonl_error("{\"\xc3\": 1}") ==
        "h.jsonl:1:3: expected UTF-8 text, got byte 0xc3\n{\"?\": 1}\n  ^");
  CHECK(jsonl_error("{\"v\": \xc3\xa9}") ==
        "h.jsonl:1:7: expected a JSON value, got byte 0xc3\n{\"v\": \xc3\xa9}\n      ^");
}

TEST_CASE("overlong, out-of-range and truncated UTF-8 in JSON strings are errors", "[json]") {
  auto message_and_column = [](std::string_view text) {
    Read r = jsonl(text);
    REQUIRE(r.result.error);
    return r.result.error->message + " @" + std::to_string(r.result.error->column);
  };
  CHECK(message_and_column("{\"v\": \"\xc0\x80\"}") == "expected UTF-8 text, got byte 0xc0 @8");
  CHECK(message_and_column("{\"v\": \"\xe0\x80\x80\"}") == "expected UTF-8 text, got byte 0xe0 @8");
  CHECK(message_and_column("{\"v\": \"\xf4\x90\x80\x80\"}") ==
        "expected UTF-8 text, got byte 0xf4 @8");
  CHECK(message_and_column("{\"v\": \"x\xe2\x82\"}") == "expected UTF-8 text, got byte 0xe2 @9");
  CHECK(message_and_column("{\"v\": \"\x80\"}") == "expected UTF-8 text, got byte 0x80 @8");
  CHECK(message_and_column("{\"v\": [\"\xf8\x88\x80\x80\x80\"]}") ==
        "expected UTF-8 text, got byte 0xf8 @9");
  // Escapes before the bad byte decode to a different length: the column is
  // still the byte's own.
  CHECK(jsonl_error("{\"v\": \"\\n\\u00e9\\ud83d\\ude00\xff\"}") ==
        "h.jsonl:1:28: expected UTF-8 text, got byte 0xff\n"
        "{\"v\": \"\\n\\u00e9\\ud83d\\ude00?\"}\n"
        "                           ^");
  // Valid extremes: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF.
  std::string extremes =
      "\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"
      "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf";
  CHECK(value_of("\"" + extremes + "\"") == str(extremes));
}

TEST_CASE("a NUL byte after a JSON record is an error, not an end of input", "[json]") {
  CHECK(jsonl_error(std::string("{\"a\": 1}\0{", 10)) ==
        "h.jsonl:1:9: expected end of line, got byte 0x00\n{\"a\": 1}?{\n        ^");
  CHECK(jsonl_error(std::string("{\"a\": 1\0}", 9)) ==
        "h.jsonl:1:8: expected ',' or '}', got byte 0x00\n{\"a\": 1?}\n       ^");
}

// ---------------------------------------------------------------- JSON Lines

TEST_CASE("JSON Lines records carry their line numbers; blank lines are skipped", "[json]") {
  Read r = jsonl("{\"a\": 1}\n\n   \n\t{\"a\": 2}\n{\"a\": 3}");
  INFO(r.error());
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 3);
  CHECK(r.sink.records[0].line == 1);
  CHECK(r.sink.records[1].line == 4);
  CHECK(r.sink.records[2].line == 5);
  CHECK(field(r.sink.records[2], "a") == num(3));
}

TEST_CASE("JSON Lines with CRLF line ends are accepted and errors point into the right line",
          "[json]") {
  Read r = jsonl("{\"a\": 1}\r\n\r\n{\"a\": 2} \r\n");
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 2);
  CHECK(r.sink.records[1].line == 3);
  CHECK(jsonl_error("{\"a\": 1}\r\n{\"a\" 2}\r\n") ==
        "h.jsonl:2:6: expected ':', got '2'\n{\"a\" 2}\n     ^");
}

TEST_CASE("a truncated last JSON line is an error at the end of input", "[json]") {
  CHECK(jsonl_error("{\"a\": 1}\n{\"b\": ") ==
        "h.jsonl:2:7: expected a JSON value, got end of input\n{\"b\": \n      ^");
  CHECK(jsonl_error("{\"a\": 1}\n{\"b\": [1, 2") ==
        "h.jsonl:2:12: expected ',' or ']', got end of input\n{\"b\": [1, 2\n           ^");
}

TEST_CASE("a JSON Lines line that is not an object is an error naming what it is", "[json]") {
  CHECK(jsonl_error("[1, 2]") == "h.jsonl:1:1: expected a JSON object, got array\n[1, 2]\n^");
  CHECK(jsonl_error("  \"s\"") == "h.jsonl:1:3: expected a JSON object, got string\n  \"s\"\n  ^");
  CHECK(jsonl_error("-4") == "h.jsonl:1:1: expected a JSON object, got number\n-4\n^");
  CHECK(jsonl_error("null") == "h.jsonl:1:1: expected a JSON object, got null\nnull\n^");
  CHECK(jsonl_error("{}\nx") == "h.jsonl:2:1: expected a JSON object, got 'x'\nx\n^");
}

TEST_CASE("two JSON objects on one line are an error at the second", "[json]") {
  CHECK(jsonl_error(R"({"a": 1} {"a": 2})") ==
        "h.jsonl:1:10: expected end of line, got '{'\n{\"a\": 1} {\"a\": 2}\n         ^");
  CHECK(jsonl_error(R"({"a": 1},)") ==
        "h.jsonl:1:9: expected end of line, got ','\n{\"a\": 1},\n        ^");
}

TEST_CASE("an empty JSON object is a record with no fields", "[json]") {
  Read r = jsonl("{}\n{ }");
  REQUIRE(r.sink.records.size() == 2);
  CHECK(r.sink.records[0].fields.empty());
}

TEST_CASE("empty JSON and JSON Lines input has no records and no error", "[json]") {
  for (std::string_view text : {"", "\n", "\n\n  \r\n\t\n"}) {
    Read a = jsonl(text);
    CHECK(a.ok());
    CHECK(a.sink.records.empty());
    Read b = json(text);
    CHECK(b.ok());
    CHECK(b.sink.records.empty());
  }
}

TEST_CASE("a byte order mark before JSON is skipped", "[json]") {
  CHECK(jsonl("\xEF\xBB\xBF{\"a\": 1}").sink.records.size() == 1);
  CHECK(json("\xEF\xBB\xBF[{\"a\": 1}]").sink.records.size() == 1);
}

TEST_CASE("a 10 MB string value on one line parses", "[json]") {
  std::string big(10 << 20, 'x');
  big[12345] = '\xC3';  // a two-byte character inside
  big[12346] = '\xA9';
  Read r = jsonl("{\"a\": 1}\n{\"v\": \"" + big + "\", \"w\": 2}\n{\"a\": 3}\n");
  INFO(r.error());
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 3);
  CHECK(field(r.sink.records[1], "v") == str(big));
  CHECK(field(r.sink.records[1], "w") == num(2));
  CHECK(r.sink.records[2].line == 3);
}

TEST_CASE("a 10 MB garbage line is an error showing a window of the line", "[json]") {
  std::string garbage(10 << 20, 'x');
  Read r = jsonl("{\"a\": 1}\n{\"v\": " + garbage + "}\n");
  REQUIRE(r.result.error);
  const auto& e = *r.result.error;
  CHECK(e.line == 2);
  CHECK(e.column == 7);
  CHECK(e.message == "expected a JSON value, got 'x'");
  CHECK(e.source_line == "{\"v\": " + std::string(60, 'x') + "...");
  CHECK(e.caret == 6);

  std::string tail = "{\"v\": \"" + std::string(10 << 20, 'y') + "\" oops}";
  Read t = jsonl(tail);
  REQUIRE(t.result.error);
  CHECK(t.result.error->message == "expected ',' or '}', got 'o'");
  CHECK(t.result.error->column == tail.find("oops") + 1);
  CHECK(t.result.error->source_line == "..." + std::string(58, 'y') + "\" oops}");
}

TEST_CASE("binary garbage is a JSON error, never a crash", "[json]") {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::string bytes(1 + rng() % 300, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (round % 2 == 0) bytes[0] = round % 4 == 0 ? '{' : '[';
    for (bool lenient : {false, true}) {
      Read a = jsonl(bytes, lenient);
      Read b = json(bytes, lenient);
      if (!lenient) {
        CHECK(a.result.error.has_value());
        CHECK(b.result.error.has_value());
      }
    }
  }
  CHECK(jsonl_error(std::string("\x89PNG\r\n\x1a\n\0\0", 10)) ==
        "h.jsonl:1:1: expected a JSON object, got byte 0x89\n?PNG\n^");
}

TEST_CASE("JSON nesting up to 512 levels parses and deeper is an error", "[json]") {
  // The record object is level 1.
  std::string ok = "{\"v\": " + std::string(511, '[') + "1" + std::string(511, ']') + "}";
  Read r = jsonl(ok);
  INFO(r.error().substr(0, 200));
  REQUIRE(r.ok());
  Value v = field(r.sink.records[0], "v");
  for (int i = 0; i < 511; ++i) v = v.items()[0];
  CHECK(v == num(1));

  std::string deep = "{\"v\": " + std::string(512, '[') + std::string(512, ']') + "}";
  Read d = jsonl(deep);
  REQUIRE(d.result.error);
  CHECK(d.result.error->message == "expected nesting depth at most 512, got '['");
  CHECK(d.result.error->column == 6 + 512);

  std::string objects = "{\"v\": ";
  for (int i = 0; i < 100000; ++i) objects += "{\"k\": ";
  Read o = jsonl(objects);
  REQUIRE(o.result.error);
  CHECK(o.result.error->message == "expected nesting depth at most 512, got '{'");
  CHECK(o.result.error->column == 6 + 6 * 511 + 1);
}

TEST_CASE("a duplicate JSON key is an error at its second occurrence", "[json]") {
  CHECK(jsonl_error(R"({"type": "ok", "f": 1, "type": "invoke"})") ==
        "h.jsonl:1:24: expected a new key, got duplicate key \"type\"\n"
        "{\"type\": \"ok\", \"f\": 1, \"type\": \"invoke\"}\n"
        "                       ^");
  CHECK(jsonl_error(R"({"v": {"a": 1, "a": 1}})") ==
        "h.jsonl:1:16: expected a new key, got duplicate key \"a\"\n"
        "{\"v\": {\"a\": 1, \"a\": 1}}\n"
        "               ^");
  // Escapes are decoded before comparing.
  CHECK(jsonl_error(R"({"a": 1, "\u0061": 1})") ==
        "h.jsonl:1:10: expected a new key, got duplicate key \"a\"\n"
        "{\"a\": 1, \"\\u0061\": 1}\n"
        "         ^");
  CHECK(jsonl(R"({"type": 1, "Type": 2, "v": {"type": 3}, "w": {"type": 4}})").ok());
}

TEST_CASE("duplicate JSON keys are found in objects with many keys", "[json]") {
  for (bool nested : {false, true}) {
    std::string line = nested ? "{\"v\": {" : "{";
    for (int i = 0; i < 1000; ++i)
      line += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    std::string good = line + "\"last\": 0}" + (nested ? "}" : "");
    Read r = jsonl(good);
    INFO(r.error().substr(0, 200));
    CHECK(r.ok());
    std::string bad = line + "\"k999\": 0}" + (nested ? "}" : "");
    Read b = jsonl(bad);
    REQUIRE(b.result.error);
    CHECK(b.result.error->message == "expected a new key, got duplicate key \"k999\"");
    CHECK(b.result.error->column == line.size() + 1);
  }
}

TEST_CASE("lenient JSON Lines skips and counts bad lines", "[json]") {
  std::string text =
      "{\"a\": 1}\n"
      "{\"a\": \n"
      "[1]\n"
      "{\"a\": 4}\n"
      "{\"a\": 5} x\n"
      "{\"a\": 6, \"a\": 7}\n"
      "{\"a\": 8}";
  Read r = jsonl(text, /*lenient=*/true);
  CHECK(r.ok());
  CHECK(r.result.skipped == 4);
  REQUIRE(r.sink.records.size() == 3);
  CHECK(r.sink.records[0].line == 1);
  CHECK(r.sink.records[1].line == 4);
  CHECK(field(r.sink.records[1], "a") == num(4));
  CHECK(r.sink.records[2].line == 7);
  CHECK(field(r.sink.records[2], "a") == num(8));
}

TEST_CASE("JSON Lines reading respects the [begin, end) range", "[json]") {
  std::string text = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n";
  Source source{"h.jsonl", text};
  RecordCollector sink;
  size_t begin = text.find("{\"a\": 2}");
  size_t end = text.find("{\"a\": 3}");
  ChunkResult result = ariadne::ingest::read_jsonl(source, begin, end, 2, sink, false);
  CHECK(!result.error);
  REQUIRE(sink.records.size() == 1);
  CHECK(sink.records[0].line == 2);
  CHECK(field(sink.records[0], "a") == num(2));

  // `end` in the middle of an object is the end of input.
  RecordCollector cut;
  result = ariadne::ingest::read_jsonl(source, begin, begin + 6, 2, cut, false);
  REQUIRE(result.error);
  CHECK(result.error->to_string() ==
        "h.jsonl:2:7: expected a JSON value, got end of input\n{\"a\": 2}\n      ^");
  CHECK(cut.records.empty());
}

TEST_CASE("a sink that refuses a record stops JSON reading without an error", "[json]") {
  Source source{"h.jsonl", "{\"a\": 1}\n{\"a\": 2}\nnot json\n"};
  RecordCollector sink;
  sink.stop_after = 1;
  ChunkResult r = ariadne::ingest::read_jsonl(source, 0, source.data.size(), 1, sink, false);
  CHECK(!r.error);
  CHECK(sink.records.size() == 1);

  Source array{"h.json", "[{\"a\": 1}, {\"a\": 2}, oops"};
  RecordCollector sink2;
  sink2.stop_after = 2;
  r = ariadne::ingest::read_json(array, 0, array.data.size(), 1, sink2, false);
  CHECK(!r.error);
  CHECK(sink2.records.size() == 2);
}

// ---------------------------------------------------------------- JSON array

TEST_CASE("a JSON array spanning many lines gives each record its starting line", "[json]") {
  std::string text =
      "[\n"
      "  {\"type\": \"invoke\", \"f\": \"read\"},\n"
      "  {\n"
      "    \"type\": \"ok\",\n"
      "    \"value\": [1,\n"
      "              2]\n"
      "  }, {\"type\": \"fail\"}\n"
      ",{\"type\": \"info\"}]\n";
  Read r = json(text);
  INFO(r.error());
  REQUIRE(r.ok());
  REQUIRE(r.sink.records.size() == 4);
  CHECK(r.sink.records[0].line == 2);
  CHECK(r.sink.records[1].line == 3);
  CHECK(r.sink.records[2].line == 7);
  CHECK(r.sink.records[3].line == 8);
  CHECK(r.sink.records[1].offset == text.find("{\n"));
  CHECK(field(r.sink.records[1], "value") == vec({num(1), num(2)}));
  CHECK(field(r.sink.records[3], "type") == str("info"));
}

TEST_CASE("errors in a multi-line JSON array point at the right line and column", "[json]") {
  CHECK(json_error("[\n  {\"a\": 1},\n  {\"a\":\n     [1 2]}\n]") ==
        "h.json:4:9: expected ',' or ']', got '2'\n     [1 2]}\n        ^");
  CHECK(json_error("[{\"a\": 1}\n {\"a\": 2}]") ==
        "h.json:2:2: expected ',' or ']', got '{'\n {\"a\": 2}]\n ^");
  CHECK(json_error("[{\"a\": 1},\n\n{\"a\": 2},\n  3]") ==
        "h.json:4:3: expected a JSON object, got number\n  3]\n  ^");
  CHECK(json_error("[{\"a\": 1},\n{\"a\": 2}") ==
        "h.json:2:9: expected ',' or ']', got end of input\n{\"a\": 2}\n        ^");
  CHECK(json_error("[{\"a\": 1},\n{\"a\": \n\n") ==
        "h.json:4:1: expected a JSON value, got end of input");
}

TEST_CASE("a JSON document that is not an array of objects is an error", "[json]") {
  CHECK(json_error("{\"a\": 1}") ==
        "h.json:1:1: expected a JSON array of objects, got object\n{\"a\": 1}\n^");
  CHECK(json_error("\n 7") == "h.json:2:2: expected a JSON array of objects, got number\n 7\n ^");
  CHECK(json_error("[1]") == "h.json:1:2: expected a JSON object or ']', got number\n[1]\n ^");
  CHECK(json_error("[{}, [] ]") ==
        "h.json:1:6: expected a JSON object, got array\n[{}, [] ]\n     ^");
  CHECK(json_error("[{},]") == "h.json:1:5: expected a JSON object, got ']'\n[{},]\n    ^");
  CHECK(json_error("[{}] {}") == "h.json:1:6: expected end of input, got '{'\n[{}] {}\n     ^");
  CHECK(json_error("[") == "h.json:1:2: expected a JSON object or ']', got end of input\n[\n ^");
}

TEST_CASE("an empty JSON array has no records", "[json]") {
  Read r = json(" [ \n ] \n");
  CHECK(r.ok());
  CHECK(r.sink.records.empty());
}

TEST_CASE("lenient JSON resumes at the next line that starts an object", "[json]") {
  std::string text =
      "[\n"
      "{\"a\": 1},\n"
      "{\"a\": oops},\n"
      "{\"a\": 3}\n"
      ", {\"a\": 4} garbage\n"
      "  {\"a\": 5}]\n"
      "trailing";
  Read r = json(text, /*lenient=*/true);
  CHECK(r.ok());
  CHECK(r.result.skipped == 3);
  REQUIRE(r.sink.records.size() == 4);
  CHECK(r.sink.records[0].line == 2);
  CHECK(r.sink.records[1].line == 4);
  CHECK(field(r.sink.records[1], "a") == num(3));
  CHECK(r.sink.records[2].line == 5);
  CHECK(r.sink.records[3].line == 6);
  CHECK(field(r.sink.records[3], "a") == num(5));
}

TEST_CASE("lenient JSON still rejects input that is not an array", "[json]") {
  Read r = json("{\"a\": 1}\n{\"a\": 2}\n", /*lenient=*/true);
  REQUIRE(r.result.error);
  CHECK(r.result.error->message == "expected a JSON array of objects, got object");
}

TEST_CASE("lenient JSON with a broken tail ends quietly", "[json]") {
  Read r = json("[{\"a\": 1},\n{\"a\": [1, 2\n", /*lenient=*/true);
  CHECK(r.ok());
  CHECK(r.result.skipped == 1);
  CHECK(r.sink.records.size() == 1);
}

TEST_CASE("JSON array reading respects the [begin, end) range", "[json]") {
  std::string text = "xx\n[{\"a\": 1},\n{\"a\": 2}]\nyy";
  Source source{"h.json", text};
  RecordCollector sink;
  size_t begin = 3;
  size_t end = text.find("yy");
  ChunkResult result = ariadne::ingest::read_json(source, begin, end, 2, sink, false);
  INFO((result.error ? result.error->to_string() : ""));
  CHECK(!result.error);
  REQUIRE(sink.records.size() == 2);
  CHECK(sink.records[0].line == 2);
  CHECK(sink.records[1].line == 3);

  RecordCollector cut;
  result = ariadne::ingest::read_json(source, begin, text.find("2}"), 2, cut, false);
  REQUIRE(result.error);
  CHECK(result.error->message == "expected a JSON value, got end of input");
  CHECK(result.error->line == 3);
}

TEST_CASE("JSON and JSON Lines give equal values for equal text", "[json]") {
  std::string line =
      R"({"process": 6, "type": "invoke", "f": "append", "key": "0", "value": [1, {"x": null}]})";
  Read a = jsonl(line);
  Read b = json("[" + line + "]");
  REQUIRE(a.sink.records.size() == 1);
  REQUIRE(b.sink.records.size() == 1);
  REQUIRE(a.sink.records[0].fields.size() == b.sink.records[0].fields.size());
  for (size_t i = 0; i < a.sink.records[0].fields.size(); ++i) {
    CHECK(a.sink.records[0].fields[i].name == b.sink.records[0].fields[i].name);
    CHECK(a.sink.records[0].fields[i].value == b.sink.records[0].fields[i].value);
  }
}
