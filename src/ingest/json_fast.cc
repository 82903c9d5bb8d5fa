#include "ingest/json_fast.h"

#include <array>
#include <cstdint>
#include <span>

namespace ariadne::ingest::json {

namespace {

enum : uint8_t { kSpace = 1, kPlain = 2 };

// kSpace: JSON whitespace. kPlain: bytes a string may hold verbatim in the
// fast path (ASCII from 0x20, not '"' or '\\').
constexpr std::array<uint8_t, 256> make_table() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') t[c] |= kSpace;
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') t[c] |= kPlain;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kTable = make_table();

bool is(char c, uint8_t cls) { return (kTable[static_cast<unsigned char>(c)] & cls) != 0; }

// What may follow a number or a literal in valid JSON.
bool ends_token(char c) { return is(c, kSpace) || c == ',' || c == '}' || c == ']'; }

}  // namespace

void FastRecordParser::skip_space(size_t& p) const {
  while (p < limit_ && is(data_[p], kSpace)) ++p;
}

// `p` is at the opening quote; on success it is just past the closing one.
bool FastRecordParser::string(size_t& p, std::string_view& text) const {
  size_t q = p + 1;
  while (q < limit_ && is(data_[q], kPlain)) ++q;
  if (q >= limit_ || data_[q] != '"') return false;
  text = std::string_view(data_ + p + 1, q - p - 1);
  p = q + 1;
  return true;
}

bool FastRecordParser::literal(size_t& p, std::string_view word) const {
  if (limit_ - p < word.size() || std::string_view(data_ + p, word.size()) != word) return false;
  p += word.size();
  return true;
}

bool FastRecordParser::value(size_t& p, int depth, Value& out) {
  if (p >= limit_) return false;
  switch (data_[p]) {
    case '"': {
      std::string_view text;
      if (!string(p, text)) return false;
      out = Value::string(text);
      return true;
    }
    case '[': return array(p, depth + 1, out);
    case 'n': out = Value::null(); return literal(p, "null");
    case 't': out = Value::boolean(true); return literal(p, "true");
    case 'f': out = Value::boolean(false); return literal(p, "false");
    default:
      // A number must end where JSON lets a token end (no fraction,
      // exponent or second leading digit); RapidJSON's path takes the rest.
      return fast::small_integer(data_, p, limit_, out) && p < limit_ && ends_token(data_[p]);
  }
}

bool FastRecordParser::array(size_t& p, int depth, Value& out) {
  if (depth > fast::kMaxDepth) return false;
  size_t base = stack_.size();
  ++p;  // '['
  skip_space(p);
  if (p < limit_ && data_[p] == ']') {
    ++p;
    out = Value::vector(std::span<const Value>(stack_.data(), 0));
    return true;
  }
  for (;;) {
    Value item;
    if (!value(p, depth, item)) return false;
    stack_.push_back(item);
    skip_space(p);
    if (p >= limit_) return false;
    if (data_[p] == ']') break;
    if (data_[p] != ',') return false;
    ++p;
    skip_space(p);
  }
  ++p;
  out = Value::vector(std::span<const Value>(stack_.data() + base, stack_.size() - base));
  stack_.resize(base);
  return true;
}

bool FastRecordParser::parse(std::string_view data, size_t pos, size_t limit, Record& record,
                             size_t& end) {
  data_ = data.data();
  limit_ = limit;
  stack_.clear();
  record.fields.clear();
  record.offset = pos;
  size_t p = pos + 1;
  skip_space(p);
  if (p < limit_ && data_[p] == '}') {
    end = p + 1;
    return true;
  }
  for (;;) {
    if (p >= limit_ || data_[p] != '"' || record.fields.size() == fast::kMaxFields) return false;
    std::string_view text;
    if (!string(p, text)) return false;
    Value name = keys_.get(record.fields.size(), text);
    if (fast::has_name(record.fields, name)) return false;  // RapidJSON's path reports it
    skip_space(p);
    if (p >= limit_ || data_[p] != ':') return false;
    ++p;
    skip_space(p);
    Field field{name, Value(), p};
    if (!value(p, 0, field.value)) return false;
    record.fields.push_back(field);
    skip_space(p);
    if (p >= limit_) return false;
    if (data_[p] == '}') break;
    if (data_[p] != ',') return false;
    ++p;
    skip_space(p);
  }
  end = p + 1;
  return true;
}

}  // namespace ariadne::ingest::json
