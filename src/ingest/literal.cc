#include "ingest/literal.h"

#include "ariadne/ingest.h"
#include "ingest/detect.h"

namespace ariadne::ingest {

namespace {

bool delimiter(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '[' ||
         c == ']' || c == '{' || c == '}' || c == '(' || c == ')';
}

// `text` with JSON's separators and null in EDN's words, byte for byte the
// same length (so error columns still point into the original): outside
// strings, ':' becomes ' ' (when `json`) and a `null` token `nil `.
std::string as_edn(std::string_view text, bool json) {
  std::string out(text);
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == ':' && json) {
      out[i] = ' ';
    } else if (c == 'n' && text.substr(i, 4) == "null" && (i == 0 || delimiter(text[i - 1])) &&
               (i + 4 == text.size() || delimiter(text[i + 4]))) {
      out.replace(i, 4, "nil ");
      i += 3;
    }
  }
  return out;
}

}  // namespace

EdnValueResult parse_literal(const std::string& name, std::string_view text) {
  Detection detected = detect_format(Source{name, text});
  bool json = detected.format == Format::kJsonl || detected.format == Format::kJson;
  std::string edn = as_edn(text, json);
  Source source{name, edn};
  EdnValueResult r = parse_edn_value(source, 0, edn.size(), 1);
  if (!r.ok()) return r;
  for (size_t i = r.end; i < edn.size(); ++i) {
    char c = edn[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',') {
      r.error = source.error_at(i, r.end_line, "expected one value, got more text after it");
      r.value = Value();
      return r;
    }
  }
  return r;
}

}  // namespace ariadne::ingest
