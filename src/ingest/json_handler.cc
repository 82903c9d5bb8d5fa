// The SAX handler of the JSON readers: values, keys, nesting.
#include "ingest/json_handler.h"

#include <charconv>
#include <cstring>
#include <span>
#include <system_error>

namespace ariadne::ingest::json {

namespace {

// For a syntactically valid JSON number that std::from_chars found out of
// range: true if its magnitude is below 1 (so it underflowed to zero)
// rather than huge.
bool underflows(std::string_view text) {
  int64_t int_digits = 0, first_nonzero = -1, digits = 0, exponent = 0;
  bool in_fraction = false, exponent_negative = false;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      in_fraction = true;
    } else if (c == 'e' || c == 'E') {
      break;
    } else if (c >= '0' && c <= '9') {
      if (c != '0' && first_nonzero < 0) first_nonzero = digits;
      ++digits;
      if (!in_fraction) ++int_digits;
    }
  }
  for (++i; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-') exponent_negative = true;
    if (c >= '0' && c <= '9' && exponent < 1'000'000'000) exponent = exponent * 10 + (c - '0');
  }
  if (first_nonzero < 0) return true;
  // The value is 0.d... x 10^(int_digits - first_nonzero + exponent).
  return int_digits - first_nonzero + (exponent_negative ? -exponent : exponent) <= 0;
}

// Length of the well-formed UTF-8 sequence at the start of `s` (never
// empty), or 0: no overlong forms, surrogates or code points past U+10FFFF.
size_t utf8_sequence(std::string_view s) {
  auto byte = [&](size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  auto tail = [&](size_t i) { return (byte(i) & 0xC0) == 0x80; };
  unsigned c = byte(0);
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return tail(1) ? 2 : 0;
  if (c < 0xF0) {
    if (!tail(1) || !tail(2)) return 0;
    if ((c == 0xE0 && byte(1) < 0xA0) || (c == 0xED && byte(1) >= 0xA0)) return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (!tail(1) || !tail(2) || !tail(3)) return 0;
    if ((c == 0xF0 && byte(1) < 0x90) || (c == 0xF4 && byte(1) >= 0x90)) return 0;
    return 4;
  }
  return 0;
}

unsigned hex4(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  return v;
}

}  // namespace

std::string clip(std::string_view text) {
  constexpr size_t kShownBytes = 40;
  if (text.size() <= kShownBytes) return std::string(text);
  size_t n = kShownBytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n)) + "...";
}

bool RecordHandler::Key(const char* text, rapidjson::SizeType length, bool) {
  std::string_view s(text, length);
  if (!is_utf8(s)) return fail_encoding();
  Frame& frame = frames_.back();
  Value key = frames_.size() == 1 ? record_keys_.get(frame.keys, s) : Value::string(s);
  if (is_duplicate(frame, key)) {
    std::string quoted;
    append_json_string(quoted, clip(s));
    return fail(next_token(last_end_), "expected a new key, got duplicate key " + quoted);
  }
  ++frame.keys;
  if (frames_.size() == 1)
    record_->fields.push_back(Field{key, Value(), 0});
  else
    values_.push_back(key);
  last_end_ = tell();
  return true;
}

bool RecordHandler::number(std::string_view text, size_t start) {
  const char* first = text.data();
  const char* last = first + text.size();
  bool integral = true;  // a loop: find_first_of calls memchr per byte
  for (char c : text) integral &= c != '.' && c != 'e' && c != 'E';
  if (integral) {
    int64_t i = 0;
    auto [ptr, ec] = std::from_chars(first, last, i);
    if (ec != std::errc() || ptr != last)
      return fail(start, "expected an integer that fits in 64 bits, got " + clip(text));
    return scalar(Value::integer(i));
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(first, last, d);
  if (ec == std::errc::result_out_of_range && underflows(text)) {
    d = text[0] == '-' ? -0.0 : 0.0;
  } else if (ec != std::errc() || ptr != last) {
    return fail(start, "expected a number that fits in a double, got " + clip(text));
  }
  return scalar(Value::floating(d));
}

bool RecordHandler::start_frame(bool object) {
  size_t at = tell();  // the bracket: RapidJSON calls before taking it
  if (frames_.size() >= kMaxDepth)
    return fail(at, "expected nesting depth at most " + std::to_string(kMaxDepth) + ", got " +
                        (object ? "'{'" : "'['"));
  if (frames_.size() == 1) {
    record_->fields.back().offset = at;
  } else if (frames_.empty()) {
    if (!object) return fail(at, "expected a JSON object, got array");
    record_->offset = at;
  }
  frames_.push_back(Frame{values_.size(), 0, object});
  last_end_ = at + 1;
  return true;
}

bool RecordHandler::end_frame() {
  last_end_ = tell() + 1;
  Frame frame = frames_.back();
  frames_.pop_back();
  if (frames_.empty()) return true;  // the record is complete
  std::span<const Value> items(values_.data() + frame.start, values_.size() - frame.start);
  Value v = frame.object ? Value::map(items) : Value::vector(items);
  values_.resize(frame.start);
  if (frames_.size() == 1)
    record_->fields.back().value = v;
  else
    values_.push_back(v);
  return true;
}

bool RecordHandler::is_duplicate(Frame& frame, Value key) {
  size_t depth = frames_.size() - 1;
  auto key_at = [&](uint32_t i) {
    return depth == 0 ? record_->fields[i].name : values_[frame.start + 2 * size_t{i}];
  };
  if (frame.keys < kLinearKeys) {
    for (uint32_t i = 0; i < frame.keys; ++i)
      if (key_at(i) == key) return true;
    return false;
  }
  if (key_sets_.size() <= depth) key_sets_.resize(depth + 1);
  std::unordered_set<uint64_t>& seen = key_sets_[depth];
  if (frame.keys == kLinearKeys) {
    seen.clear();
    for (uint32_t i = 0; i < frame.keys; ++i) seen.insert(key_at(i).bits());
  }
  return !seen.insert(key.bits()).second;
}

bool RecordHandler::is_utf8_from(std::string_view s, size_t i) {
  while (i < s.size()) {
    size_t n = utf8_sequence(s.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool RecordHandler::fail_encoding() {
  size_t end = tell() - 1;  // the closing quote
  size_t i = next_token(last_end_) + 1;
  while (i < end) {
    if (data_[i] != '\\') {
      size_t n = utf8_sequence(data_.substr(i, end - i));
      if (n == 0) return fail(i, "expected UTF-8 text, got " + describe_byte(data_, i, limit_));
      i += n;
    } else if (data_[i + 1] != 'u') {
      i += 2;
    } else {
      // RapidJSON has checked every \u escape and surrogate pair but one
      // kind: a low surrogate on its own.
      std::string_view hex = data_.substr(i + 2, 4);
      unsigned code = hex4(hex);
      if (code >= 0xDC00 && code <= 0xDFFF)
        return fail(i, "expected a surrogate pair, got lone low surrogate \\u" + std::string(hex));
      i += code >= 0xD800 && code <= 0xDBFF ? 12 : 6;
    }
  }
  return fail(end, "expected UTF-8 text");  // not reached
}

}  // namespace ariadne::ingest::json
