// ariadne/parse.h — where input went wrong, and one value from text.
//
// ParseError is how every reader, parse_value and check() (input the model
// cannot interpret) say what is wrong and where: file, 1-based line and
// column (the column counts bytes), and the offending line for display.
//
// parse_value reads one value written by hand (a command-line flag, a test)
// as EDN or JSON, as read_history_file reads the values of a history:
// `{:x 0}`, `[1 2]`, `"s"`, `:kw`, and JSON such as `{"x": 0}` (a map from
// the string "x" to 0) or `null` (nil).
//
// Thread safety: reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ariadne/value.h"

namespace ariadne {

struct ParseError {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;      // "expected X, got Y"
  std::string source_line;  // the offending line, cut to a window around column
  uint32_t caret = 0;       // 0-based position of the column in source_line

  // "file:line:col: message\n<source line>\n<spaces>^"
  std::string to_string() const;
};

struct ParsedValue {
  Value value;  // null when `error` is set
  std::optional<ParseError> error;
  bool ok() const { return !error.has_value(); }
};

// Parses `text` as exactly one value; text after it (other than whitespace
// and commas) is an error. `name` stands for the file in the error
// ("--initial", "value"). Never throws on bad text: errors are returned.
ParsedValue parse_value(std::string_view text, const std::string& name = "value");

}  // namespace ariadne
