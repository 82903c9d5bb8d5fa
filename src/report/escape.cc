// Escaping of history strings for the HTML and JUnit reports, the SVG of
// the convergence report and the text report, and the cap on the size of
// a value shown (contracts in ariadne/report.h).
#include <cstdio>
#include <string>
#include <string_view>

#include "ariadne/report.h"

namespace ariadne {

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += "\xEF\xBF\xBD";
        else
          out += c;
    }
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either,
    // not even as references.
    size_t n = out.size();
    if (n >= 3 && out[n - 3] == '\xEF' && out[n - 2] == '\xBF' &&
        (out[n - 1] == '\xBE' || out[n - 1] == '\xBF'))
      out[n - 1] = '\xBD';
  }
  return out;
}

std::string terminal_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto escape = [&](unsigned code) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u%04X", code);
    out += buf;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
    unsigned char c = b(0);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      escape(c);
    } else if (c == 0xC2 && i + 1 < text.size() && b(1) >= 0x80 && b(1) <= 0x9F) {
      escape(b(1));  // C1 controls U+0080..U+009F
      i += 1;
    } else if (c == 0xD8 && i + 1 < text.size() && b(1) == 0x9C) {
      escape(0x061C);  // arabic letter mark
      i += 1;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               ((b(1) == 0x80 &&
                 (b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xAA && b(2) <= 0xAE))) ||
                (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9))) {
      // U+200E/F marks, U+202A..E embeddings and overrides, U+2066..9 isolates
      escape(0x2000 + ((b(1) & 0x3F) << 6) + (b(2) & 0x3F));
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string bounded(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // UTF-8 boundary
  return std::string(text.substr(0, n)) + "\xE2\x80\xA6(" + std::to_string(text.size()) + " bytes)";
}

std::string bounded_edn(Value v, size_t max_bytes) { return bounded(to_edn(v), max_bytes); }

std::string script_safe_json(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
             (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (c == '\xEF' && i + 2 < json.size() && json[i + 1] == '\xBF' &&
               (json[i + 2] == '\xBE' || json[i + 2] == '\xBF')) {
      // Noncharacters, which HTML forbids raw; in a JSON string the escape
      // keeps the value exact.
      out += json[i + 2] == '\xBE' ? "\\uFFFE" : "\\uFFFF";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace ariadne
