// Parsing one EDN value from a byte range, for readers and tools that meet
// EDN inside another format (the Jepsen log, --initial VALUE, tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "ingest/reader.h"

namespace ariadne::ingest {

struct EdnValueResult {
  Value value;            // null when `error` is set
  size_t end = 0;         // absolute offset just past the value (or where parsing stopped)
  uint32_t end_line = 0;  // line number of `end`
  std::optional<ParseError> error;
  bool ok() const { return !error.has_value(); }
};

// Parses one EDN value from source.data[begin, end), which is treated as the
// whole input; `line` is the line number of `begin`. Leading whitespace,
// commas, comments and `#_` forms are skipped; nothing after the value is
// looked at (the caller decides whether trailing text is allowed). The value
// grammar and the error texts are those of read_edn (see edn_parser.h).
// No input is too long, too deep or too malformed: errors are returned.
EdnValueResult parse_edn_value(const Source& source, size_t begin, size_t end, uint32_t line);

}  // namespace ariadne::ingest
