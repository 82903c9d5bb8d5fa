// The bound on a stream's records (ingest/record_limit.h): which record is
// too long, and where it starts, whatever pieces the stream arrives in.
#include <catch2/catch.hpp>

#include <string>

#include "ingest/record_limit.h"

namespace {

using ariadne::Format;
using ariadne::ingest::RecordLimit;

struct Found {
  bool too_long;
  size_t offset;
  uint32_t line;
};

// Feeds `data` to a RecordLimit of `max` bytes in pieces of `piece` bytes.
Found scan(Format format, const std::string& data, size_t max, size_t piece) {
  RecordLimit limit(format, max);
  for (size_t end = std::min(piece, data.size());; end = std::min(end + piece, data.size())) {
    if (auto start = limit.feed(std::string_view(data).substr(0, end)))
      return {true, *start, limit.record_line()};
    if (end == data.size()) return {false, 0, 0};
  }
}

}  // namespace

TEST_CASE("a stream's record longer than the limit is found at its start", "[ingest]") {
  struct Case {
    Format format;
    std::string data;
    bool too_long;
    size_t offset;
    uint32_t line;
  };
  // Limit: 8 bytes.
  const Case cases[] = {
      {Format::kJsonl, "{\"a\":1}\n{\"b\":2}\n", false, 0, 0},
      {Format::kJsonl, "12345678\n123456789\n", true, 9, 2},  // 8 bytes fit, 9 do not
      {Format::kJsonl, "\n\n\n123456789", true, 3, 4},
      {Format::kJepsenLog, "a b c d e f g\n", true, 0, 1},
      // EDN and JSON: a record is a top-level value or an element of the
      // top-level container, whatever its lines.
      {Format::kEdn, "{:a 1}\n{:b\n 2}\n", false, 0, 0},
      {Format::kEdn, "{:a 1}\n{:b\n 2345}\n", true, 7, 2},
      {Format::kEdn, "[{:a 1}\n {:b 2}\n {:c 3}]", false, 0, 0},
      {Format::kEdn, "[{:a 1}\n {:b 23456}]", true, 9, 2},
      {Format::kJson, "[{\"a\":1},\n{\"b\":2}]", false, 0, 0},
      {Format::kJson, "[{\"a\":1},{\"b\":\"x]}\"}]", true, 9, 1},  // brackets in a string
      {Format::kJson, "[\"123456\", \"1234567\"]", true, 11, 1},   // quotes count
      // A comment or a character literal hides brackets and quotes.
      {Format::kEdn, "{:a \\}}\n{:b \\\"}\n", false, 0, 0},
      {Format::kEdn, "; ] } \" ) long comment\n{:a 1}", true, 0, 1},
      {Format::kEdn, "{:a 1 ; } } }\n }", true, 0, 1},
      // Endless: an unterminated string, an unclosed map.
      {Format::kJsonl, "{\"type\":\"aaaaaaaaaaaaaaa", true, 0, 1},
      {Format::kEdn, "\n{:type \"aaaaaaaaaaaaaaaaaa", true, 1, 2},
      {Format::kEdn, "[{:a [[[[[[[[[[[[[[[[", true, 1, 1},
      {Format::kEdn, "#jepsen.history.Op{:a 1}", true, 0, 1},
      {Format::kEdn, "#jepsen {:a 1}", false, 0, 0},
  };
  for (const Case& c : cases) {
    for (size_t piece : {size_t{1}, size_t{3}, c.data.size()}) {
      INFO(c.data << " in pieces of " << piece);
      Found f = scan(c.format, c.data, 8, piece);
      CHECK(f.too_long == c.too_long);
      if (!c.too_long) continue;
      CHECK(f.offset == c.offset);
      CHECK(f.line == c.line);
    }
  }
}
