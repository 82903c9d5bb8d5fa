// A fast path for the JSON readers: parses the record objects that most
// histories hold, without RapidJSON.
//
// Accepted subset: one object of at most fast::kMaxFields fields whose
// values are null, true, false, integers of at most 18 digits, strings, and
// arrays of these nested at most fast::kMaxDepth deep. Strings (keys too)
// must be ASCII from 0x20 up, without escapes. Anything else (nested
// objects, floats, escapes, other text, duplicate keys, and every syntax
// error) makes parse() return false, and the caller parses the object
// again with RapidJSON (json_handler.h).
//
// Contract: whenever parse() returns true, the Record and the end offset
// are exactly those the RapidJSON path gives for the same bytes
// (tests/json_fast_test.cc compares the two on random objects).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "ingest/fast_scan.h"
#include "ingest/reader.h"

namespace ariadne::ingest::json {

class FastRecordParser {
 public:
  FastRecordParser() { stack_.reserve(64); }

  // Parses the object whose '{' is at `pos` in data, reading nothing at or
  // beyond `limit`. On success `record` holds its fields and offset (not
  // its line) and `end` is the offset just past its '}'.
  bool parse(std::string_view data, size_t pos, size_t limit, Record& record, size_t& end);

 private:
  bool value(size_t& p, int depth, Value& out);
  bool array(size_t& p, int depth, Value& out);
  bool string(size_t& p, std::string_view& text) const;
  bool literal(size_t& p, std::string_view word) const;
  void skip_space(size_t& p) const;

  const char* data_ = nullptr;
  size_t limit_ = 0;
  std::vector<Value> stack_;  // items of the arrays being read
  fast::KeyCache keys_;
};

}  // namespace ariadne::ingest::json
