// markup_escape, which the HTML and JUnit reports and the convergence SVG
// share for every string that came from a history.
#include <catch2/catch.hpp>

#include "ariadne/report.h"

TEST_CASE("markup_escape writes references and replaces what XML forbids", "[report]") {
  CHECK(ariadne::markup_escape("a&<>\"'\x01\x1f\t\n\r\xE2\x9C\x93") ==
        "a&amp;&lt;&gt;&quot;&#39;\xEF\xBF\xBD\xEF\xBF\xBD\t\n\r\xE2\x9C\x93");
  CHECK(ariadne::markup_escape("") == "");
}

TEST_CASE("markup_escape replaces U+FFFE and U+FFFF, which XML forbids even as references",
          "[report]") {
  CHECK(ariadne::markup_escape("a\xEF\xBF\xBE"
                               "b\xEF\xBF\xBF"
                               "c\xEF\xBF\xBD") ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD"
        "c\xEF\xBF\xBD");
  CHECK(ariadne::markup_escape("\xEF\xBF\xBC") == "\xEF\xBF\xBC");  // U+FFFC stays
}

TEST_CASE("terminal_escape writes bidi and control characters as \\u escapes", "[report]") {
  // U+202E (right-to-left override) would make the rest of the line read backwards.
  CHECK(ariadne::terminal_escape("x\xE2\x80\xAEy") == "x\\u202Ey");
  CHECK(ariadne::terminal_escape("\xE2\x80\xAA\xE2\x80\xAD\xE2\x81\xA6\xE2\x81\xA9") ==
        "\\u202A\\u202D\\u2066\\u2069");
  CHECK(ariadne::terminal_escape("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C") == "\\u200E\\u200F\\u061C");
  CHECK(ariadne::terminal_escape("\x1b[31m\r\x7f\xC2\x85") == "\\u001B[31m\\u000D\\u007F\\u0085");
  // Tabs and newlines are the report's own; other text passes unchanged.
  CHECK(ariadne::terminal_escape("a\tb\n\xE2\x80\x94\xE2\x80\xA9\xC3\xA9") ==
        "a\tb\n\xE2\x80\x94\xE2\x80\xA9\xC3\xA9");
}

TEST_CASE("bounded cuts a long value at a UTF-8 boundary and says how long it was", "[report]") {
  CHECK(ariadne::bounded("abcdef", 6) == "abcdef");
  CHECK(ariadne::bounded("abcdefg", 6) == "abcdef\xE2\x80\xA6(7 bytes)");
  // "é" is two bytes: a cut inside it moves back to before it.
  CHECK(ariadne::bounded("abcde\xC3\xA9xyz", 6) == "abcde\xE2\x80\xA6(10 bytes)");
  CHECK(ariadne::bounded(std::string(1000, 'x')) ==
        std::string(ariadne::kShownBytes, 'x') + "\xE2\x80\xA6(1000 bytes)");
}

TEST_CASE("script_safe_json escapes U+FFFE and U+FFFF, keeping the JSON string's value",
          "[report]") {
  CHECK(ariadne::script_safe_json("[\"a\xEF\xBF\xBF\xEF\xBF\xBE</\"]") ==
        "[\"a\\uFFFF\\uFFFE\\u003c/\"]");
}
