// Internal to the JSON and JSON Lines readers: a RapidJSON input stream over
// a byte range, and the SAX handler that turns one JSON object into a Record.
//
// The handler is driven by rapidjson::Reader with kParseIterativeFlag |
// kParseNumbersAsStringsFlag (no recursion); it bounds nesting at kMaxDepth,
// checks that strings are UTF-8, parses numbers itself, and builds nested
// values on reused stacks (no allocation per record once the buffers have
// grown).
#pragma once

// RapidJSON 1.1.0 computes `nullptr + n` the first time its stack grows
// (internal/stack.h, Reserve), which UBSan's pointer-overflow check reports.
// It is harmless in practice; the check stays on for all code but RapidJSON.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/reader.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ingest/fast_scan.h"
#include "ingest/reader.h"

namespace ariadne::ingest::json {

// The flags RecordHandler is written for. UTF-8 is validated by the
// handler, faster than kParseValidateEncodingFlag.
inline constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                        rapidjson::kParseNumbersAsStringsFlag |
                                        rapidjson::kParseStopWhenDoneFlag;

// Deepest nesting of arrays and objects in one record; the record object
// itself is level 1.
inline constexpr size_t kMaxDepth = 512;

// A RapidJSON input stream over data[begin, end). Tell() is an absolute
// offset into data. Peek() returns '\0' at the end (RapidJSON's convention);
// a NUL byte inside the range looks the same, so callers compare Tell()
// against the end rather than trusting a '\0'.
//
// StreamTraits<RangeStream> keeps copyOptimization off on purpose: the
// handler reads the live position during callbacks.
class RangeStream {
 public:
  using Ch = char;
  RangeStream(std::string_view data, size_t begin, size_t end)
      : base_(data.data()), p_(base_ + begin), end_(base_ + end) {}

  Ch Peek() const { return p_ != end_ ? *p_ : '\0'; }
  Ch Take() { return p_ != end_ ? *p_++ : '\0'; }
  size_t Tell() const { return static_cast<size_t>(p_ - base_); }

  // The output half of the stream concept; unused without in-situ parsing.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  const char* base_;
  const char* p_;
  const char* end_;
};

// `text` cut to a length fit for an error message, on a UTF-8 boundary.
std::string clip(std::string_view text);

// True for the bytes that may separate JSON tokens, commas and colons
// included: the bytes between the end of one token and the next token.
inline bool is_separator(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ':';
}

// SAX handler building one Record from one top-level JSON object. Record
// keys become keywords, nested object keys stay strings.
//
// Invariants while parsing:
//  * frames_[0] is the record object; its keys and values go straight into
//    record_->fields. Deeper frames keep their items in values_ from
//    frames_[i].start (objects as key, value pairs).
//  * last_end_ is the offset just past the last token seen, so the next
//    token starts at the first non-separator byte from there.
//
// A callback that rejects the input stores an offset and a message and
// returns false (RapidJSON then reports kParseErrorTermination).
class RecordHandler {
 public:
  // values_ is never empty-and-unallocated, so spans over it never carry a
  // null data pointer into Value::vector.
  RecordHandler() { values_.reserve(64); }

  // Prepares to read one object from `stream` into `record` (cleared).
  void reset(const RangeStream* stream, std::string_view data, size_t limit, Record* record) {
    stream_ = stream;
    data_ = data;
    limit_ = limit;
    record_ = record;
    record->fields.clear();
    frames_.clear();
    values_.clear();
    last_end_ = stream->Tell();
  }

  size_t error_offset() const { return error_offset_; }
  const std::string& error_message() const { return error_message_; }

  bool Null() { return scalar(Value::null()); }
  bool Bool(bool b) { return scalar(Value::boolean(b)); }
  // Numbers arrive as RawNumber (kParseNumbersAsStringsFlag); these complete
  // RapidJSON's handler concept.
  bool Int(int i) { return scalar(Value::integer(i)); }
  bool Uint(unsigned u) { return scalar(Value::integer(u)); }
  bool Int64(int64_t i) { return scalar(Value::integer(i)); }
  bool Uint64(uint64_t u) { return number(std::to_string(u), tell()); }
  bool Double(double d) { return scalar(Value::floating(d)); }

  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    return number(std::string_view(text, length), tell() - length);
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    std::string_view s(text, length);
    if (!is_utf8(s)) return fail_encoding();
    return scalar(Value::string(s));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool);
  bool StartObject() { return start_frame(true); }
  bool StartArray() { return start_frame(false); }
  bool EndObject(rapidjson::SizeType) { return end_frame(); }
  bool EndArray(rapidjson::SizeType) { return end_frame(); }

 private:
  struct Frame {
    size_t start;   // first item in values_
    uint32_t keys;  // keys seen so far (objects)
    bool object;
  };
  // Objects with more keys than this check duplicates with a hash set.
  static constexpr uint32_t kLinearKeys = 16;
  size_t tell() const { return stream_->Tell(); }
  size_t next_token(size_t from) const {
    while (from < limit_ && is_separator(data_[from])) ++from;
    return from;
  }
  bool fail(size_t offset, std::string message) {
    error_offset_ = offset;
    error_message_ = std::move(message);
    return false;
  }

  bool scalar(Value v) {
    if (frames_.size() == 1) {
      Field& field = record_->fields.back();
      field.value = v;
      field.offset = next_token(last_end_);
    } else if (frames_.empty()) {
      return fail(next_token(last_end_), "expected a JSON object");
    } else {
      values_.push_back(v);
    }
    last_end_ = tell();
    return true;
  }
  bool number(std::string_view text, size_t start);
  bool start_frame(bool object);
  bool end_frame();
  bool is_duplicate(Frame& frame, Value key);
  // Decoded strings are checked here rather than by RapidJSON
  // (kParseValidateEncodingFlag costs a call per byte): invalid UTF-8 is
  // either in the input or made by a lone low-surrogate escape, which
  // RapidJSON encodes as the bytes ED B0..BF xx.
  static bool is_utf8(std::string_view s) {
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080u) return is_utf8_from(s, i);
    }
    for (; i < s.size(); ++i)
      if (static_cast<unsigned char>(s[i]) >= 0x80) return is_utf8_from(s, i);
    return true;
  }
  static bool is_utf8_from(std::string_view s, size_t i);
  // Reports the first invalid byte or lone surrogate escape in the source
  // text of the string that just ended.
  bool fail_encoding();

  const RangeStream* stream_ = nullptr;
  std::string_view data_;
  size_t limit_ = 0;
  Record* record_ = nullptr;
  std::vector<Frame> frames_;
  std::vector<Value> values_;
  std::vector<std::unordered_set<uint64_t>> key_sets_;  // by depth
  fast::KeyCache record_keys_;
  size_t last_end_ = 0;
  size_t error_offset_ = 0;
  std::string error_message_;
};

}  // namespace ariadne::ingest::json
