// A fast path for the JSON readers: parses the record objects that most
// histories hold, without RapidJSON.
//
// Accepted subset: one object whose keys are strings and whose values are
// null, true, false, integers of at most 18 digits, strings, and arrays of
// these nested at most kMaxArrayDepth deep. Strings (keys too) must be
// printable ASCII without escapes. Anything else (nested objects, floats,
// escapes, non-ASCII text, duplicate keys, more than kMaxFields fields, and
// every syntax error) makes parse() return false, and the caller parses the
// object again with RapidJSON (json_handler.h).
//
// Contract: whenever parse() returns true, the Record and the end offset
// are exactly those the RapidJSON path gives for the same bytes
// (tests/json_fast_test.cc compares the two on random objects).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"

namespace ariadne::ingest::json {

class FastRecordParser {
 public:
  static constexpr int kMaxArrayDepth = 32;
  static constexpr size_t kMaxFields = 32;

  FastRecordParser() { stack_.reserve(64); }

  // Parses the object whose '{' is at `pos` in data, reading nothing at or
  // beyond `limit`. On success `record` holds its fields and offset (not
  // its line) and `end` is the offset just past its '}'.
  bool parse(std::string_view data, size_t pos, size_t limit, Record& record, size_t& end);

 private:
  // Keys are cached by position, since records repeat their keys in order.
  static constexpr size_t kCachedKeys = 16;
  struct CachedKey {
    std::string text;
    Value key;  // null while unset
  };

  bool value(size_t& p, int depth, Value& out);
  bool array(size_t& p, int depth, Value& out);
  bool string(size_t& p, std::string_view& text);
  bool integer(size_t& p, Value& out);
  bool literal(size_t& p, std::string_view word);
  void skip_space(size_t& p) const;
  Value key(size_t index, std::string_view text);

  const char* data_ = nullptr;
  size_t limit_ = 0;
  std::vector<Value> stack_;  // items of the arrays being read
  CachedKey keys_[kCachedKeys];
};

}  // namespace ariadne::ingest::json
