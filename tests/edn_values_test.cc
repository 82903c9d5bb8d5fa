// The EDN value grammar (edn_parser.h), through parse_edn_value.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "edn_test_util.h"

using namespace edn_test;

TEST_CASE("nil, true and false read as null and booleans", "[edn]") {
  CHECK(value_of("nil") == Value::null());
  CHECK(value_of("true") == Value::boolean(true));
  CHECK(value_of("false") == Value::boolean(false));
  CHECK(value_of("nilly") == sym("nilly"));
}

TEST_CASE("integers read with a sign and an N suffix, across the int64 range", "[edn]") {
  CHECK(value_of("0") == num(0));
  CHECK(value_of("-0") == num(0));
  CHECK(value_of("+5") == num(5));
  CHECK(value_of("42N") == num(42));
  CHECK(value_of("-17") == num(-17));
  CHECK(value_of("1152921504606846976") == num(int64_t{1} << 60));
  CHECK(value_of("9223372036854775807") == num(std::numeric_limits<int64_t>::max()));
  CHECK(value_of("-9223372036854775808") == num(std::numeric_limits<int64_t>::min()));
}

TEST_CASE("an integer that does not fit in 64 bits is an error at the number", "[edn]") {
  CHECK(value_error("[1 123456789012345678901]") ==
        error_text("v.edn:1:4: expected an integer that fits in 64 bits, got "
                   "123456789012345678901",
                   "[1 123456789012345678901]", 4));
  CHECK(value_message("9223372036854775808") ==
        "expected an integer that fits in 64 bits, got 9223372036854775808");
  CHECK(value_message("-9223372036854775809N") ==
        "expected an integer that fits in 64 bits, got -9223372036854775809N");
}

TEST_CASE("an integer with leading zeros is an error", "[edn]") {
  CHECK(value_message("007") == "expected an integer without leading zeros, got 007");
  CHECK(value_of("0.07") == Value::floating(0.07));
}

TEST_CASE("floats read with a fraction, an exponent and an M suffix", "[edn]") {
  CHECK(value_of("1.5") == Value::floating(1.5));
  CHECK(value_of("-2.0") == Value::floating(-2.0));
  CHECK(value_of("+2.5") == Value::floating(2.5));
  CHECK(value_of("1e3") == Value::floating(1000.0));
  CHECK(value_of("1.5E-2") == Value::floating(0.015));
  CHECK(value_of("2.5M") == Value::floating(2.5));
  CHECK(value_of("7M") == Value::floating(7.0));
  CHECK(value_of("1.") == Value::floating(1.0));
  CHECK(value_of("1e400") == Value::floating(std::numeric_limits<double>::infinity()));
  CHECK(value_of("1e-400") == Value::floating(0.0));
  CHECK(value_of("1.0") != value_of("1"));
}

TEST_CASE("##Inf, ##-Inf and ##NaN read as special floats", "[edn]") {
  CHECK(value_of("##Inf") == Value::floating(std::numeric_limits<double>::infinity()));
  CHECK(value_of("##-Inf") == Value::floating(-std::numeric_limits<double>::infinity()));
  CHECK(std::isnan(value_of("##NaN").as_float()));
  CHECK(value_message("##Foo") == "expected ##Inf, ##-Inf or ##NaN, got ##Foo");
}

TEST_CASE("a malformed number is an error naming it", "[edn]") {
  CHECK(value_error("1abc") == error_text("v.edn:1:1: expected a number, got 1abc", "1abc", 1));
  CHECK(value_message("1e") == "expected a number, got 1e");
  CHECK(value_message("1/2") == "expected a number, got 1/2");
  CHECK(value_message("1.5.2") == "expected a number, got 1.5.2");
}

TEST_CASE("strings read with every escape, surrogate pairs combined", "[edn]") {
  CHECK(value_of(R"("a\"b\\c\nd\te\rf\bg\fh")") == str("a\"b\\c\nd\te\rf\bg\fh"));
  CHECK(value_of(R"("\u00e9\u20AC")") == str("\xC3\xA9\xE2\x82\xAC"));
  CHECK(value_of(R"("\uD83D\uDE00")") == str("\xF0\x9F\x98\x80"));
  CHECK(value_of(R"("\u0000")") == str(std::string_view("\0", 1)));
  CHECK(value_of(R"("")") == str(""));
}

TEST_CASE("a string without escapes is taken verbatim, with UTF-8 and line breaks", "[edn]") {
  CHECK(value_of("\"x 6 0 y\"") == str("x 6 0 y"));
  CHECK(value_of("\"caf\xC3\xA9 \xF0\x9F\x98\x80\"") == str("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  CHECK(value_of("\"two\nlines\"") == str("two\nlines"));
  CHECK(value_of("\"tab\there\"") == str("tab\there"));
}

TEST_CASE("a string with a bad escape is an error at the backslash", "[edn]") {
  CHECK(value_error(R"("ab\qc")") ==
        error_text(R"(v.edn:1:4: expected an escape sequence (\" \\ \b \f \n \r \t \uXXXX), )"
                   R"(got '\q')",
                   R"("ab\qc")", 4));
  CHECK(value_message("\"\\\xC3\xA9\"") ==
        R"(expected an escape sequence (\" \\ \b \f \n \r \t \uXXXX), got '\' followed by )"
        "byte 0xc3");
}

TEST_CASE("a \\u escape without four hex digits is an error at the backslash", "[edn]") {
  CHECK(value_error(R"("x\u12g4")") ==
        error_text("v.edn:1:3: expected four hex digits after \\u, got 'g'", R"("x\u12g4")", 3));
  CHECK(value_message(R"("\u12)") == "expected four hex digits after \\u, got end of input");
}

TEST_CASE("a lone surrogate escape is an error", "[edn]") {
  CHECK(value_message(R"("\uDE00")") ==
        "expected a Unicode scalar value, got the lone surrogate \\uDE00");
  CHECK(value_message(R"("\uD83Dx")") == "expected a low surrogate escape after \\uD83D, got 'x'");
  CHECK(value_message(R"("\uD83D\u0041")") ==
        "expected a low surrogate escape after \\uD83D, got \\u0041");
}

TEST_CASE("invalid UTF-8 in a string is an error at the bad byte", "[edn]") {
  CHECK(value_error("\"ab\xFF\"") ==
        error_text("v.edn:1:4: expected UTF-8 text, got byte 0xff", "\"ab?\"", 4));
  // A lead byte followed by something that is not a continuation byte.
  CHECK(value_error("\"\xE2(x\"") ==
        error_text("v.edn:1:3: expected a UTF-8 continuation byte, got '('", "\"?(x\"", 3));
  CHECK(value_message("\"\xC0\x80\"") == "expected UTF-8 text, got byte 0xc0");      // overlong
  CHECK(value_message("\"\xED\xA0\x80\"") == "expected UTF-8 text, got byte 0xa0");  // surrogate
  CHECK(value_message("\"\xF4\x90\x80\x80\"") ==
        "expected UTF-8 text, got byte 0x90");  // > U+10FFFF
  CHECK(value_message("\"\xE2\x82") == "expected a UTF-8 continuation byte, got end of input");
}

TEST_CASE("an unterminated string is an error naming the line it opened on", "[edn]") {
  CHECK(value_error("[\"abc\ndef") ==
        error_text("v.edn:2:4: expected '\"' to close the string opened at line 1, got end of "
                   "input",
                   "def", 4));
  CHECK(value_message("\"abc\\") ==
        "expected '\"' to close the string opened at line 1, got end of input");
}

TEST_CASE("characters read as one-character strings", "[edn]") {
  CHECK(value_of("\\a") == str("a"));
  CHECK(value_of("\\newline") == str("\n"));
  CHECK(value_of("\\space") == str(" "));
  CHECK(value_of("\\tab") == str("\t"));
  CHECK(value_of("\\return") == str("\r"));
  CHECK(value_of("\\backspace") == str("\b"));
  CHECK(value_of("\\formfeed") == str("\f"));
  CHECK(value_of("\\u00e9") == str("\xC3\xA9"));
  CHECK(value_of("\\u") == str("u"));
  CHECK(value_of("\\\xC3\xA9") == str("\xC3\xA9"));
  CHECK(value_of("[\\( \\]]") == vec({str("("), str("]")}));
  CHECK(value_of("[\\a\\b]") == vec({str("a"), str("b")}));
}

TEST_CASE("an unknown character name is an error", "[edn]") {
  CHECK(value_error("\\foo") ==
        error_text("v.edn:1:1: expected a character name (newline, space, tab, return, "
                   "backspace, formfeed, uXXXX), got \\foo",
                   "\\foo", 1));
  CHECK(value_message("\\ ") == "expected a character after '\\', got ' '");
  CHECK(value_message("\\") == "expected a character after '\\', got end of input");
  CHECK(value_message("\\uD800") ==
        "expected a Unicode scalar value, got the lone surrogate \\uD800");
}

TEST_CASE("keywords and symbols read with namespaces and punctuation", "[edn]") {
  CHECK(value_of(":foo") == kw("foo"));
  CHECK(value_of(":foo/bar") == kw("foo/bar"));
  CHECK(value_of(":timed-out") == kw("timed-out"));
  CHECK(value_of(":final-read?") == kw("final-read?"));
  CHECK(value_of("a") == sym("a"));
  CHECK(value_of("foo.bar/baz") == sym("foo.bar/baz"));
  CHECK(value_of("+") == sym("+"));
  CHECK(value_of("-") == sym("-"));
  CHECK(value_of("<=") == sym("<="));
  CHECK(value_of("a'b#c:d") == sym("a'b#c:d"));
  CHECK(value_of("caf\xC3\xA9") == sym("caf\xC3\xA9"));
  CHECK(value_of(":foo") != value_of("foo"));
  CHECK(value_of(":foo") != value_of("\"foo\""));
}

TEST_CASE("a colon without a keyword name is an error", "[edn]") {
  CHECK(value_error("[: a]") ==
        error_text("v.edn:1:3: expected a keyword name after ':', got ' '", "[: a]", 3));
  CHECK(value_message("::a") == "expected a keyword name after ':', got ':'");
}

TEST_CASE("a byte that cannot start a value is an error", "[edn]") {
  CHECK(value_error("[1 @]") == error_text("v.edn:1:4: expected a value, got '@'", "[1 @]", 4));
  CHECK(value_message("") == "expected a value, got end of input");
  CHECK(value_message("   ") == "expected a value, got end of input");
  CHECK(value_message("\x01") == "expected a value, got byte 0x01");
}

TEST_CASE("vectors and lists read as equal vectors", "[edn]") {
  CHECK(value_of("[1 2 3]") == vec({num(1), num(2), num(3)}));
  CHECK(value_of("(1 2 3)") == vec({num(1), num(2), num(3)}));
  CHECK(value_of("[]") == vec({}));
  CHECK(value_of("()") == vec({}));
}

TEST_CASE("sets and maps are canonical: order in the input does not matter", "[edn]") {
  CHECK(value_of("#{3 1 2}") == value_of("#{1 2 3}"));
  CHECK(value_of("#{3 1 2}") == set({num(1), num(2), num(3)}));
  CHECK(value_of("{:b 2 :a 1}") == value_of("{:a 1, :b 2}"));
  CHECK(value_of("{:a 1}").get(kw("a")) == num(1));
  CHECK(value_of("#{}") == set({}));
  CHECK(value_of("{}") == map({}));
}

TEST_CASE("nested collections read whole", "[edn]") {
  Value v = value_of(R"({:txn [[:r :x nil] [:w :y 2]], :s #{[1 2] {"k" (3)}}, :m {[1] {}}})");
  Value expected = map(
      {kw("txn"), vec({vec({kw("r"), kw("x"), Value::null()}), vec({kw("w"), kw("y"), num(2)})}),
       kw("s"), set({vec({num(1), num(2)}), map({str("k"), vec({num(3)})})}), kw("m"),
       map({vec({num(1)}), map({})})});
  CHECK(v == expected);
}

TEST_CASE("a duplicate key in a nested map is an error at the second key", "[edn]") {
  CHECK(value_error("{:a 1, :b 2, :a 3}") ==
        error_text("v.edn:1:14: duplicate key :a", "{:a 1, :b 2, :a 3}", 14));
  CHECK(value_error("{[1 2] 1\n [1 2] 2}") ==
        error_text("v.edn:2:2: duplicate key [1 2]", " [1 2] 2}", 2));
}

TEST_CASE("a duplicate set element is an error at the second one", "[edn]") {
  CHECK(value_error("#{1 2 1}") == error_text("v.edn:1:7: duplicate set element 1", "#{1 2 1}", 7));
}

TEST_CASE("tagged literals read as their value", "[edn]") {
  CHECK(value_of("#inst \"2024-01-02T03:04:05Z\"") == str("2024-01-02T03:04:05Z"));
  CHECK(value_of("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"") ==
        str("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
  CHECK(value_of("#foo.Bar{:a 1}") == map({kw("a"), num(1)}));
  CHECK(value_of("[#a #b 1]") == vec({num(1)}));
  CHECK(value_message("[#foo]") == "expected a value after the tag #foo, got ']'");
  CHECK(value_message("#:ns{:a 1}") == "expected a tag, '{', '_' or '#' after '#', got ':'");
}

TEST_CASE("commas are whitespace", "[edn]") {
  CHECK(value_of(",,[1,2,,3],") == vec({num(1), num(2), num(3)}));
  CHECK(value_of("{:a,1,:b,2}") == map({kw("a"), num(1), kw("b"), num(2)}));
}

TEST_CASE("comments run to the end of the line", "[edn]") {
  CHECK(value_of("; first\n[1 ; one\n 2] ; two") == vec({num(1), num(2)}));
  CHECK(value_of("[\"a;b\"]") == vec({str("a;b")}));
}

TEST_CASE("#_ discards the next form, even just before a closing bracket", "[edn]") {
  CHECK(value_of("[1 #_2 3]") == vec({num(1), num(3)}));
  CHECK(value_of("[1 #_ [2 3]]") == vec({num(1)}));
  CHECK(value_of("[#_#_1 2 3]") == vec({num(3)}));
  CHECK(value_of("{:a 1 #_:b #_2}") == map({kw("a"), num(1)}));
  CHECK(value_of("#_ nil 5") == num(5));
}

TEST_CASE("#_ with nothing to discard is an error", "[edn]") {
  CHECK(value_error("[1 #_]") ==
        error_text("v.edn:1:6: expected a form to discard after #_, got ']'", "[1 #_]", 6));
  CHECK(value_message("[1 #_") == "expected a form to discard after #_, got end of input");
}

TEST_CASE("nesting deeper than 512 levels is an error, never a crash", "[edn]") {
  auto nested = [](size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  CHECK(value_of(nested(512)).kind() == ariadne::Kind::kVector);
  CHECK(value_message(nested(513)) == "expected at most 512 levels of nesting, got 513");
  CHECK(value_message(std::string(1000000, '[')) ==
        "expected at most 512 levels of nesting, got 513");
  CHECK(value_message(std::string(1000000, '(')) ==
        "expected at most 512 levels of nesting, got 513");
  std::string maps;
  for (int i = 0; i < 100000; ++i) maps += "{:a ";
  CHECK(value_message(maps) == "expected at most 512 levels of nesting, got 513");
  std::string tags;
  for (int i = 0; i < 100000; ++i) tags += "#a ";
  CHECK(value_message(tags) == "expected at most 512 levels of nesting, got 513");
  std::string discards;
  for (int i = 0; i < 100000; ++i) discards += "#_";
  CHECK(value_message(discards) == "expected at most 512 levels of nesting, got 513");
  std::string sets;
  for (int i = 0; i < 100000; ++i) sets += "#{";
  CHECK(value_message(sets) == "expected at most 512 levels of nesting, got 513");
}

TEST_CASE("parse_edn_value reports where the value ended", "[edn]") {
  std::string text = "  [1\n 2] tail";
  Source source{"v.edn", text};
  auto r = ariadne::ingest::parse_edn_value(source, 0, text.size(), 7);
  REQUIRE(r.ok());
  CHECK(r.value == vec({num(1), num(2)}));
  CHECK(r.end == 8);
  CHECK(r.end_line == 8);
  // The end of the range is the end of the input.
  auto cut = ariadne::ingest::parse_edn_value(source, 0, 4, 7);
  REQUIRE(cut.error);
  CHECK(cut.error->message == "expected ']' to close the vector opened at line 7, got end of line");
}

TEST_CASE("printed EDN reads back as the same value", "[edn]") {
  const char* samples[] = {
      "nil",
      "[1 -2 3.5 ##Inf ##-Inf \"s\\n\\u0001\" :k sym true]",
      "{:a #{1 2 [3]}, \"b\" {:c ()}}",
      "-0.0",
      "1e300",
      "9223372036854775807",
      "\"\xF0\x9F\x98\x80 \\\\ \\\"\"",
      "#{:a :b \"c\" 1 2.5}",
  };
  for (const char* s : samples) {
    Value v = value_of(s);
    CHECK(value_of(ariadne::to_edn(v)) == v);
  }
}
