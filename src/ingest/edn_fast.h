// A fast path for the EDN reader: parses the one-line record maps of a
// Jepsen history.edn without the general parser's bookkeeping.
//
// Accepted subset: a map `{...}` on one line, of at most fast::kMaxFields
// keyword keys, whose values are nil, true, false, keywords, integers of at
// most 18 digits (no sign `+`, no `N`), strings of the bytes the general
// parser copies verbatim (no escapes, line breaks or non-ASCII bytes), and
// vectors or lists of these nested at most fast::kMaxDepth deep. Tokens are
// separated by spaces, tabs, carriage returns and commas only. Anything
// else (a line break, a comment, a tag, a set, a nested map, a symbol, a
// float, a duplicate key, every syntax error) makes parse() return false,
// and the caller reads the record with EdnParser (edn_parser.h).
//
// Contract: whenever parse() returns true, the Record and the end offset
// are those the general parser gives for the same bytes
// (tests/edn_fast_test.cc compares the two on random records).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "ingest/fast_scan.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

class EdnFastParser {
 public:
  EdnFastParser() { stack_.reserve(64); }

  // Parses the map whose '{' is at data[pos], reading nothing at or beyond
  // `limit`. On success `record` holds its fields (its offset and line are
  // the caller's: a tag may precede the map) and `end` is the offset just
  // past its '}'.
  bool parse(const char* data, size_t pos, size_t limit, Record& record, size_t& end);

 private:
  bool value(size_t& p, int depth, Value& out);
  bool sequence(size_t& p, char close, int depth, Value& out);
  bool keyword(size_t& p, std::string_view& name) const;
  size_t token_end(size_t p) const;
  bool delimited(size_t p) const;
  void skip_space(size_t& p) const;

  const char* data_ = nullptr;
  size_t limit_ = 0;
  std::vector<Value> stack_;  // items of the vectors being read
  fast::KeyCache keys_;
};

}  // namespace ariadne::ingest
