// The value of `--initial TEXT`, read as the CLI reads it (one EDN or JSON
// value, ingest/literal.h).
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "ingest/literal.h"

inline ariadne::Value parse_initial(const std::string& text) {
  auto r = ariadne::ingest::parse_literal("--initial", text);
  REQUIRE(r.ok());
  return r.value;
}
