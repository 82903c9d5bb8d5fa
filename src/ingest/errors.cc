// Positions and messages of input errors.
#include <algorithm>
#include <cstdio>

#include "ingest/reader.h"

namespace ariadne {

std::string ParseError::to_string() const {
  if (line == 0) return file + ": " + message;  // not about a position (I/O)
  std::string out =
      file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  if (!source_line.empty() || caret > 0) {
    out += '\n';
    out += source_line;
    out += '\n';
    // Tabs stay tabs so that the caret lines up in a terminal.
    for (uint32_t i = 0; i < caret && i < source_line.size(); ++i)
      out += source_line[i] == '\t' ? '\t' : ' ';
    for (uint32_t i = static_cast<uint32_t>(source_line.size()); i < caret; ++i) out += ' ';
    out += '^';
  }
  return out;
}

namespace ingest {

namespace {

constexpr size_t kWindow = 60;  // bytes shown on each side of the column

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence at s[i], or 0.
// Overlong forms, surrogates and code points above U+10FFFF are invalid.
size_t utf8_length(std::string_view s, size_t i) {
  unsigned char c = s[i];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size() || c == 0xC0 || c == 0xC1 || c > 0xF4) return 0;
  for (size_t k = 1; k < n; ++k)
    if (!is_continuation(s[i + k])) return 0;
  unsigned char second = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
  if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||
      (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F))
    return 0;
  return n;
}

}  // namespace

ParseError Source::error_at(size_t offset, uint32_t line, std::string message) const {
  offset = std::min(offset, data.size());
  size_t line_begin = offset;
  while (line_begin > 0 && data[line_begin - 1] != '\n') --line_begin;
  size_t line_end = offset;
  while (line_end < data.size() && data[line_end] != '\n') ++line_end;
  if (line_end > line_begin && data[line_end - 1] == '\r') --line_end;

  ParseError e;
  e.file = name;
  e.line = line;
  e.column = static_cast<uint32_t>(offset - line_begin + 1);
  e.message = std::move(message);

  size_t from = line_begin, to = line_end;
  bool cut_left = false, cut_right = false;
  if (offset > from + kWindow) {
    from = offset - kWindow;
    while (from < offset && is_continuation(data[from])) ++from;
    cut_left = true;
  }
  if (to > offset + kWindow) {
    to = offset + kWindow;
    while (to > offset && to < data.size() && is_continuation(data[to])) --to;
    cut_right = true;
  }
  std::string shown = cut_left ? "..." : "";
  uint32_t caret = static_cast<uint32_t>(shown.size());
  std::string_view text = data.substr(from, to - from);
  for (size_t i = 0; i < text.size();) {
    size_t n = utf8_length(text, i);
    unsigned char c = text[i];
    bool before = from + i < offset;
    if (n == 1 && (c >= 0x20 || c == '\t') && c != 0x7f) {
      shown += static_cast<char>(c);
    } else if (n > 1) {
      shown.append(text.substr(i, n));
    } else {
      shown += '?';  // control byte or invalid UTF-8: never echoed raw
      n = 1;
    }
    if (before) ++caret;
    i += n;
  }
  if (cut_right) shown += "...";
  e.source_line = std::move(shown);
  e.caret = caret;
  return e;
}

std::string describe_byte(std::string_view data, size_t offset, size_t end) {
  if (offset >= end || offset >= data.size()) return "end of input";
  unsigned char c = data[offset];
  if (c == '\n' || c == '\r') return "end of line";
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  if (c == ' ') return "' '";
  if (c == '\t') return "tab";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
  return buf;
}

}  // namespace ingest
}  // namespace ariadne
