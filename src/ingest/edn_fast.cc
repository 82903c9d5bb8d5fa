#include "ingest/edn_fast.h"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "ingest/edn_chars.h"

namespace ariadne::ingest {

namespace {

enum : uint8_t { kBlank = 1, kToken = 2, kStringPlain = 4 };

// kBlank: the separators the fast path skips (no line breaks). kToken and
// kStringPlain: edn_chars' classes without the bytes from 0x80, whose UTF-8
// the general parser checks.
constexpr std::array<uint8_t, 256> make_table() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x80; ++c) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\r') t[c] |= kBlank;
    if (edn_chars::kTable[c] & edn_chars::kToken) t[c] |= kToken;
    if (edn_chars::kTable[c] & edn_chars::kStringPlain) t[c] |= kStringPlain;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kTable = make_table();

bool is(char c, uint8_t cls) { return (kTable[static_cast<unsigned char>(c)] & cls) != 0; }

}  // namespace

void EdnFastParser::skip_space(size_t& p) const {
  while (p < limit_ && is(data_[p], kBlank)) ++p;
}

// End of the token (keyword, symbol or number characters) starting at p.
size_t EdnFastParser::token_end(size_t p) const {
  while (p < limit_ && is(data_[p], kToken)) ++p;
  return p;
}

// Whether a token may end just before p: the general parser would end it
// there too and go on to the next token or the closing bracket.
bool EdnFastParser::delimited(size_t p) const {
  if (p >= limit_) return false;
  char c = data_[p];
  return is(c, kBlank) || c == '}' || c == ']' || c == ')';
}

// `p` is at the ':'; on success `name` is the keyword's name.
bool EdnFastParser::keyword(size_t& p, std::string_view& name) const {
  size_t start = p + 1;
  size_t stop = token_end(start);
  if (stop == start || data_[start] == ':' || !delimited(stop)) return false;
  name = std::string_view(data_ + start, stop - start);
  p = stop;
  return true;
}

bool EdnFastParser::value(size_t& p, int depth, Value& out) {
  if (p >= limit_) return false;
  char c = data_[p];
  switch (c) {
    case ':': {
      std::string_view name;
      if (!keyword(p, name)) return false;
      out = Value::keyword(name);
      return true;
    }
    case '"': {
      size_t q = p + 1;
      while (q < limit_ && is(data_[q], kStringPlain)) ++q;
      if (q >= limit_ || data_[q] != '"' || !delimited(q + 1)) return false;
      out = Value::string(std::string_view(data_ + p + 1, q - p - 1));
      p = q + 1;
      return true;
    }
    case '[': return sequence(p, ']', depth + 1, out);
    case '(': return sequence(p, ')', depth + 1, out);
    case 'n':
    case 't':
    case 'f': {
      size_t stop = token_end(p);
      std::string_view word(data_ + p, stop - p);
      if (word == "nil")
        out = Value::null();
      else if (word == "true")
        out = Value::boolean(true);
      else if (word == "false")
        out = Value::boolean(false);
      else
        return false;  // a symbol
      if (!delimited(stop)) return false;
      p = stop;
      return true;
    }
    default: {
      size_t q = p;
      if (!fast::small_integer(data_, q, limit_, out) || !delimited(q)) return false;
      p = q;
      return true;
    }
  }
}

// `p` is at the opening bracket.
bool EdnFastParser::sequence(size_t& p, char close, int depth, Value& out) {
  if (depth > fast::kMaxDepth) return false;
  size_t base = stack_.size();
  size_t q = p + 1;
  for (;;) {
    skip_space(q);
    if (q >= limit_) return false;
    if (data_[q] == close) break;
    Value item;
    if (!value(q, depth, item)) return false;
    stack_.push_back(item);
  }
  std::span<const Value> items(stack_.data() + base, stack_.size() - base);
  if (!delimited(q + 1)) return false;
  out = Value::vector(items);
  stack_.resize(base);
  p = q + 1;
  return true;
}

bool EdnFastParser::parse(const char* data, size_t pos, size_t limit, Record& record, size_t& end) {
  data_ = data;
  limit_ = limit;
  stack_.clear();
  record.fields.clear();
  size_t p = pos + 1;
  for (;;) {
    skip_space(p);
    if (p >= limit_) return false;
    if (data_[p] == '}') break;
    if (data_[p] != ':' || record.fields.size() == fast::kMaxFields) return false;
    std::string_view text;
    if (!keyword(p, text)) return false;
    Value name = keys_.get(record.fields.size(), text);
    if (fast::has_name(record.fields, name)) return false;  // the general parser reports it
    skip_space(p);
    Field field{name, Value(), p};
    if (!value(p, 0, field.value)) return false;
    record.fields.push_back(field);
  }
  end = p + 1;
  return true;
}

}  // namespace ariadne::ingest
