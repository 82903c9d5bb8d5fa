// Which format an input is in, from its content alone.
#pragma once

#include <optional>

#include "ariadne/ingest.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

struct Detection {
  std::optional<Format> format;
  std::optional<ParseError> error;  // set when no format fits
};

// Looks at the first meaningful bytes: `{"k":` is JSON Lines, `[{"k":` or
// `[]` a JSON array, `{:k`, `[{:k`, `(`, `#` or `;` EDN; a line containing
// "jepsen.util - " within the first megabyte makes a Jepsen log. An input
// of only whitespace is EDN (an empty history).
Detection detect_format(const Source& source);

}  // namespace ariadne::ingest
