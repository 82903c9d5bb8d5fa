// One value written by hand on the command line (--initial VALUE): EDN, or
// JSON, as Jepsen users and JSON users write it.
#pragma once

#include <string>
#include <string_view>

#include "ingest/edn_value.h"

namespace ariadne::ingest {

// Parses `text` as one value. Text that detect_format() takes for JSON (a
// map whose first key is a string followed by ':', or an array of such
// maps) is read as JSON: `{"x": 0}` is the map from "x" to 0, not the EDN
// map from "x" to the keyword :0. JSON's `null` is nil anywhere (EDN has no
// such symbol worth keeping). Anything else is EDN. Errors (`name: message`
// in ParseError::message's words) include text after the value.
EdnValueResult parse_literal(const std::string& name, std::string_view text);

}  // namespace ariadne::ingest
