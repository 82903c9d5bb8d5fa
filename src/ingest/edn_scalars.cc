// EdnParser: scalars — tokens (symbols, keywords, numbers), strings and
// characters, with UTF-8 validation.
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "ingest/edn_chars.h"
#include "ingest/edn_parser.h"
#include "ingest/edn_text_cache.h"

namespace ariadne::ingest {

namespace {

using edn_chars::is;

thread_local std::string tl_unescaped;

constexpr size_t kMaxText = std::numeric_limits<uint32_t>::max();

int hex_digit(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

thread_local ShortTextCache tl_short_text;

constexpr uint64_t kCacheKeyword = 1, kCacheString = 2;

}  // namespace

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t EdnParser::scan_token(size_t from) const {
  size_t i = from;
  while (i < end_ && is(static_cast<unsigned char>(data_[i]), edn_chars::kToken)) ++i;
  return i;
}

// Validates one UTF-8 sequence at data_[i] (a byte >= 0x80) and steps over
// it. Overlong forms, surrogates and code points above U+10FFFF are errors.
bool EdnParser::take_utf8(size_t& i) {
  unsigned char c = static_cast<unsigned char>(data_[i]);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    pos_ = i;
    return fail(i, "expected UTF-8 text, got " + describe(i));
  }
  for (size_t k = 1; k < n; ++k) {
    size_t j = i + k;
    unsigned char b = j < end_ ? static_cast<unsigned char>(data_[j]) : 0;
    unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (j < end_ && b >= l && b <= h) continue;
    pos_ = i;
    if (j < end_ && b >= 0x80 && b <= 0xBF)
      return fail(j, "expected UTF-8 text, got " + describe(j));
    return fail(j >= end_ ? end_ : j, "expected a UTF-8 continuation byte, got " + describe(j));
  }
  i += n;
  return true;
}

bool EdnParser::check_utf8(size_t from, size_t to) {
  for (size_t i = from; i < to;) {
    if (static_cast<unsigned char>(data_[i]) < 0x80) {
      ++i;
    } else if (!take_utf8(i)) {
      return false;
    }
  }
  return true;
}

bool EdnParser::parse_symbol(Value& out) {
  size_t start = pos_;
  size_t stop = scan_token(start);
  if (!check_utf8(start, stop)) return false;
  std::string_view token(data_ + start, stop - start);
  if (token == "nil") {
    out = Value::null();
  } else if (token == "true") {
    out = Value::boolean(true);
  } else if (token == "false") {
    out = Value::boolean(false);
  } else {
    out = Value::symbol(token);
  }
  pos_ = stop;
  return true;
}

bool EdnParser::parse_keyword(Value& out) {
  size_t start = pos_ + 1;
  size_t stop = start;
  unsigned char high = 0;
  while (stop < end_) {
    unsigned char c = static_cast<unsigned char>(data_[stop]);
    if (!is(c, edn_chars::kToken)) break;
    high |= c;
    ++stop;
  }
  if (stop == start || data_[start] == ':')
    return fail(start, "expected a keyword name after ':', got " + describe(start));
  if ((high & 0x80) != 0 && !check_utf8(start, stop)) return false;
  const size_t n = stop - start;
  out = n > Value::kInlineText && n <= ShortTextCache::kMaxLen
            ? tl_short_text.get<Value::keyword>(kCacheKeyword, data_ + start, n, end_ - start)
            : Value::keyword(std::string_view(data_ + start, n));
  pos_ = stop;
  return true;
}

// Integers: [+-]?digits N?, no leading zeros, within int64. Anything else
// that starts like a number is handed to parse_float.
bool EdnParser::parse_number(Value& out) {
  const size_t start = pos_;
  const size_t stop = scan_token(start);
  std::string_view token(data_ + start, stop - start);
  const size_t sign = (token[0] == '+' || token[0] == '-') ? 1 : 0;
  size_t i = sign;
  uint64_t acc = 0;
  while (i < token.size() && token[i] >= '0' && token[i] <= '9') {
    if (i - sign < 19) acc = acc * 10 + static_cast<unsigned>(token[i] - '0');
    ++i;
  }
  const size_t digits = i - sign;
  if (i < token.size() && !(token[i] == 'N' && i + 1 == token.size()))
    return parse_float(token, start, sign, out);
  if (digits > 1 && token[sign] == '0')
    return fail(start, "expected an integer without leading zeros, got " + display(token));
  const bool negative = token[0] == '-';
  const uint64_t limit = uint64_t{std::numeric_limits<int64_t>::max()} + (negative ? 1 : 0);
  if (digits > 19 || acc > limit)
    return fail(start, "expected an integer that fits in 64 bits, got " + display(token));
  int64_t v = negative ? static_cast<int64_t>(0 - acc) : static_cast<int64_t>(acc);
  out = Value::integer(v);
  pos_ = stop;
  return true;
}

// Floats: [+-]?digits (.digits*)? ([eE][+-]?digits)? M?
bool EdnParser::parse_float(std::string_view token, size_t start, size_t sign, Value& out) {
  auto digit = [&](size_t k) { return k < token.size() && token[k] >= '0' && token[k] <= '9'; };
  size_t i = sign;
  while (digit(i)) ++i;
  if (i < token.size() && token[i] == '.') {
    ++i;
    while (digit(i)) ++i;
  }
  bool bad = false;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    size_t exp_digits = i;
    while (digit(i)) ++i;
    bad = i == exp_digits;
  }
  const size_t number_end = i;
  if (i < token.size() && token[i] == 'M') ++i;
  if (bad || i != token.size()) {
    if (!check_utf8(start, start + token.size())) return false;
    return fail(start, "expected a number, got " + display(token));
  }
  const char* first = token.data() + (token[0] == '+' ? 1 : 0);
  const char* last = token.data() + number_end;
  double d = 0;
  auto res = std::from_chars(first, last, d, std::chars_format::general);
  if (res.ec != std::errc() || res.ptr != last) {
    // Out of range: strtod gives the IEEE answer (infinity, zero or a
    // denormal), as Clojure's reader does.
    std::string copy(first, last);
    d = std::strtod(copy.c_str(), nullptr);
  }
  out = Value::floating(d);
  pos_ = start + token.size();
  return true;
}

bool EdnParser::parse_string(Value& out) {
  const size_t open = pos_;
  size_t i = open + 1;
  while (i < end_ && is(static_cast<unsigned char>(data_[i]), edn_chars::kStringPlain)) ++i;
  if (i < end_ && data_[i] == '"' && i - open - 1 <= kMaxText) {
    const size_t n = i - open - 1;
    out = n > Value::kInlineText && n <= ShortTextCache::kMaxLen
              ? tl_short_text.get<Value::string>(kCacheString, data_ + open + 1, n, end_ - open - 1)
              : Value::string(std::string_view(data_ + open + 1, n));
    pos_ = i + 1;
    return true;
  }
  return parse_string_slow(open, line_, i, out);
}

// Strings with escapes, line breaks or non-ASCII text. Text without escapes
// is still taken straight from the input; escapes go through a buffer.
bool EdnParser::parse_string_slow(size_t open, uint32_t open_line, size_t i, Value& out) {
  std::string& buf = tl_unescaped;
  buf.clear();
  bool escaped = false;
  size_t segment = open + 1;  // first byte not yet copied to buf
  for (;;) {
    while (i < end_ && is(static_cast<unsigned char>(data_[i]), edn_chars::kStringPlain)) ++i;
    if (i >= end_ || (data_[i] == '\\' && i + 1 >= end_)) {
      pos_ = end_;
      return fail(end_of_content(), "expected '\"' to close the string opened at line " +
                                        std::to_string(open_line) + ", got " + describe(end_));
    }
    unsigned char c = static_cast<unsigned char>(data_[i]);
    if (c == '"') break;
    if (c == '\n') {
      ++line_;
      pos_ = ++i;
    } else if (c >= 0x80) {
      pos_ = i;
      if (!take_utf8(i)) return false;
    } else {  // backslash
      pos_ = i;
      buf.append(data_ + segment, i - segment);
      escaped = true;
      if (!parse_escape(i, buf)) return false;
      segment = i;
    }
  }
  pos_ = i;
  std::string_view text(data_ + open + 1, i - open - 1);
  if (escaped) {
    buf.append(data_ + segment, i - segment);
    text = buf;
  }
  if (text.size() > kMaxText)
    return fail(open, "expected a string shorter than 4 GiB, got a longer one");
  out = Value::string(text);
  pos_ = i + 1;
  return true;
}

bool EdnParser::read_hex4(size_t at, uint32_t& cp) const {
  if (at + 4 > end_) return false;
  cp = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = hex_digit(static_cast<unsigned char>(data_[at + k]));
    if (h < 0) return false;
    cp = cp * 16 + static_cast<uint32_t>(h);
  }
  return true;
}

// REQUIRES: data_[i] == '\\' and i + 1 < end_. Appends the escaped text to
// buf and steps i over the escape.
bool EdnParser::parse_escape(size_t& i, std::string& buf) {
  const unsigned char e = static_cast<unsigned char>(data_[i + 1]);
  char simple = 0;
  switch (e) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case 'n': simple = '\n'; break;
    case 't': simple = '\t'; break;
    case 'r': simple = '\r'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'u': break;
    default: {
      std::string got = e > 0x20 && e < 0x7f ? std::string("'\\") + static_cast<char>(e) + "'"
                                             : "'\\' followed by " + describe(i + 1);
      return fail(
          i, "expected an escape sequence (\\\" \\\\ \\b \\f \\n \\r \\t \\uXXXX), got " + got);
    }
  }
  if (simple != 0) {
    buf += simple;
    i += 2;
    return true;
  }
  uint32_t cp = 0;
  if (!read_hex4(i + 2, cp)) {
    size_t j = i + 2;
    while (j < end_ && j < i + 6 && hex_digit(static_cast<unsigned char>(data_[j])) >= 0) ++j;
    return fail(i, "expected four hex digits after \\u, got " + describe(j));
  }
  std::string_view written(data_ + i, 6);
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low = 0;
    bool has_escape =
        i + 7 < end_ && data_[i + 6] == '\\' && data_[i + 7] == 'u' && read_hex4(i + 8, low);
    if (!has_escape || low < 0xDC00 || low > 0xDFFF) {
      std::string got = has_escape ? std::string(data_ + i + 6, 6) : describe(i + 6);
      return fail(i,
                  "expected a low surrogate escape after " + std::string(written) + ", got " + got);
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    i += 12;
  } else if (is_surrogate(cp)) {
    return fail(i,
                "expected a Unicode scalar value, got the lone surrogate " + std::string(written));
  } else {
    i += 6;
  }
  append_utf8(buf, cp);
  return true;
}

// Characters: \c, \newline, \space, \tab, \return, \backspace, \formfeed,
// \uXXXX. Read as one-character strings.
bool EdnParser::parse_char(Value& out) {
  const size_t start = pos_;
  const size_t first = start + 1;
  if (first >= end_ || is(static_cast<unsigned char>(data_[first]), edn_chars::kSpace))
    return fail(first >= end_ ? end_of_content() : first,
                "expected a character after '\\', got " + describe(first));
  size_t after_first = first;
  if (static_cast<unsigned char>(data_[first]) < 0x80) {
    ++after_first;
  } else if (!take_utf8(after_first)) {
    return false;
  }
  const size_t stop = scan_token(after_first);
  std::string_view name(data_ + first, stop - first);
  std::string& buf = tl_unescaped;
  buf.clear();
  if (stop == after_first) {
    buf.assign(name);
  } else if (name == "newline") {
    buf = "\n";
  } else if (name == "space") {
    buf = " ";
  } else if (name == "tab") {
    buf = "\t";
  } else if (name == "return") {
    buf = "\r";
  } else if (name == "backspace") {
    buf = "\b";
  } else if (name == "formfeed") {
    buf = "\f";
  } else if (uint32_t cp = 0; name.size() == 5 && name[0] == 'u' && read_hex4(first + 1, cp)) {
    if (is_surrogate(cp))
      return fail(start,
                  "expected a Unicode scalar value, got the lone surrogate \\" + std::string(name));
    append_utf8(buf, cp);
  } else {
    if (!check_utf8(after_first, stop)) return false;
    return fail(start,
                "expected a character name (newline, space, tab, return, backspace, formfeed, "
                "uXXXX), got \\" +
                    display(name));
  }
  out = Value::string(buf);
  pos_ = stop;
  return true;
}

}  // namespace ariadne::ingest
