// markup_escape, which the HTML and JUnit reports and the convergence SVG
// share for every string that came from a history.
#include <catch2/catch.hpp>

#include "ariadne/report.h"

TEST_CASE("markup_escape writes references and replaces what XML forbids", "[report]") {
  CHECK(ariadne::markup_escape("a&<>\"'\x01\x1f\t\n\r\xE2\x9C\x93") ==
        "a&amp;&lt;&gt;&quot;&#39;\xEF\xBF\xBD\xEF\xBF\xBD\t\n\r\xE2\x9C\x93");
  CHECK(ariadne::markup_escape("") == "");
}
