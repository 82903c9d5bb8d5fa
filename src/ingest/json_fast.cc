#include "ingest/json_fast.h"

#include <cstdint>
#include <span>

namespace ariadne::ingest::json {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void FastRecordParser::skip_space(size_t& p) const {
  while (p < limit_ && is_space(data_[p])) ++p;
}

// `p` is at the opening quote; on success it is just past the closing one.
bool FastRecordParser::string(size_t& p, std::string_view& text) {
  size_t q = p + 1;
  while (q < limit_) {
    auto c = static_cast<unsigned char>(data_[q]);
    if (c == '"') {
      text = std::string_view(data_ + p + 1, q - p - 1);
      p = q + 1;
      return true;
    }
    if (c < 0x20 || c == '\\' || c >= 0x80) return false;
    ++q;
  }
  return false;
}

bool FastRecordParser::integer(size_t& p, Value& out) {
  size_t q = p;
  bool negative = q < limit_ && data_[q] == '-';
  if (negative) ++q;
  if (q >= limit_ || !is_digit(data_[q])) return false;
  size_t first = q;
  int64_t v = 0;
  if (data_[q] == '0') {
    ++q;
  } else {
    while (q < limit_ && is_digit(data_[q])) v = v * 10 + (data_[q++] - '0');
    if (q - first > 18) return false;  // may not fit: RapidJSON's path decides
  }
  if (q < limit_ && (is_digit(data_[q]) || data_[q] == '.' || data_[q] == 'e' || data_[q] == 'E'))
    return false;
  out = Value::integer(negative ? -v : v);
  p = q;
  return true;
}

bool FastRecordParser::literal(size_t& p, std::string_view word) {
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
    default: return integer(p, out);
  }
}

bool FastRecordParser::array(size_t& p, int depth, Value& out) {
  if (depth > kMaxArrayDepth) return false;
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

Value FastRecordParser::key(size_t index, std::string_view text) {
  if (text.size() <= Value::kInlineText || index >= kCachedKeys) return Value::keyword(text);
  CachedKey& cached = keys_[index];
  if (cached.key.is_null() || cached.text != text) {
    cached.text.assign(text);
    cached.key = Value::keyword(text);
  }
  return cached.key;
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
    if (p >= limit_ || data_[p] != '"' || record.fields.size() == kMaxFields) return false;
    std::string_view text;
    if (!string(p, text)) return false;
    Value name = key(record.fields.size(), text);
    for (const Field& f : record.fields)
      if (f.name == name) return false;  // duplicate: RapidJSON's path reports it
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
