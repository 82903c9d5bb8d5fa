#include "ingest/detect.h"

#include <algorithm>

namespace ariadne::ingest {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ','; }

size_t skip_space(std::string_view d, size_t i) {
  while (i < d.size() && is_space(d[i])) ++i;
  return i;
}

// REQUIRES: d[i] == '{'. Whether the map at i is written as JSON: its first
// key is a string followed by ':'. An empty map counts as JSON.
bool json_style_map(std::string_view d, size_t i) {
  i = skip_space(d, i + 1);
  if (i >= d.size()) return false;
  if (d[i] == '}') return true;
  if (d[i] != '"') return false;
  for (++i; i < d.size() && d[i] != '"'; ++i)
    if (d[i] == '\\') ++i;
  i = skip_space(d, i + 1);
  if (i >= d.size() || d[i] != ':') return false;
  // EDN `{"k" :kw}` also has a colon here, followed by a keyword's name.
  if (++i >= d.size()) return true;
  char c = d[i];
  if (is_space(c) || c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9'))
    return true;
  for (std::string_view word : {"true", "false", "null"})
    if (d.substr(i, word.size()) == word &&
        (i + word.size() >= d.size() || is_space(d[i + word.size()]) || d[i + word.size()] == '}'))
      return true;
  return false;
}

}  // namespace

Detection detect_format(const Source& source) {
  std::string_view d = source.data;
  size_t i = 0;
  if (d.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  i = skip_space(d, i);
  if (i >= d.size()) return {Format::kEdn, std::nullopt};
  char c = d[i];
  if (c == '{') return {json_style_map(d, i) ? Format::kJsonl : Format::kEdn, std::nullopt};
  if (c == '[') {
    size_t j = skip_space(d, i + 1);
    if (j < d.size() && d[j] == ']') return {Format::kJson, std::nullopt};
    if (j < d.size() && d[j] == '{')
      return {json_style_map(d, j) ? Format::kJson : Format::kEdn, std::nullopt};
    return {Format::kEdn, std::nullopt};
  }
  if (c == '(' || c == '#' || c == ';') return {Format::kEdn, std::nullopt};
  std::string_view head = d.substr(0, std::min<size_t>(d.size(), 1 << 20));
  if (head.find("jepsen.util - ") != std::string_view::npos)
    return {Format::kJepsenLog, std::nullopt};

  uint32_t line = 1 + static_cast<uint32_t>(std::count(d.begin(), d.begin() + i, '\n'));
  Detection out;
  out.error = source.error_at(i, line,
                              "expected a history (JSON objects, a JSON array, EDN maps or "
                              "Jepsen log lines), got " +
                                  describe_byte(d, i, d.size()));
  return out;
}

}  // namespace ariadne::ingest
