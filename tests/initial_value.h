// The value of `--initial TEXT`, read as the CLI reads it (one EDN value).
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "ingest/edn_value.h"

inline ariadne::Value parse_initial(const std::string& text) {
  ariadne::ingest::Source source{"--initial", text};
  auto r = ariadne::ingest::parse_edn_value(source, 0, text.size(), 1);
  REQUIRE(r.ok());
  return r.value;
}
