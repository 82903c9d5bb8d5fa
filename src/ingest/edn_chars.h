// Byte classes of the EDN grammar, as 256-entry tables.
#pragma once

#include <array>
#include <cstdint>

namespace ariadne::ingest::edn_chars {

enum : uint8_t {
  kDigit = 1,
  kSymbolStart = 2,  // may begin a symbol (digits, ':', '#' and '\'' may not)
  kToken = 4,        // may continue a symbol, keyword, number or tag
  kStringPlain = 8,  // copied verbatim inside a string: not '"', '\\', '\n' or >= 0x80
  kSpace = 16,       // whitespace, including the comma
};

constexpr std::array<uint8_t, 256> make_table() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t v = 0;
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    bool sym_punct = false;
    for (char p : {'.', '*', '+', '!', '-', '_', '?', '$', '%', '&', '=', '<', '>', '/'})
      if (c == p) sym_punct = true;
    if (digit) v |= kDigit;
    if (alpha || sym_punct || c >= 0x80) v |= kSymbolStart | kToken;
    if (digit || c == ':' || c == '#' || c == '\'') v |= kToken;
    if (c != '"' && c != '\\' && c != '\n' && c < 0x80) v |= kStringPlain;
    if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
      v |= kSpace;
    t[c] = v;
  }
  return t;
}

inline constexpr std::array<uint8_t, 256> kTable = make_table();

inline bool is(unsigned char c, uint8_t cls) { return (kTable[c] & cls) != 0; }

// Whether a value may begin with `c` (closing brackets may not).
inline bool can_start_value(unsigned char c) {
  return is(c, kDigit | kSymbolStart) || c == '"' || c == ':' || c == '#' || c == '\\' ||
         c == '[' || c == '(' || c == '{';
}

}  // namespace ariadne::ingest::edn_chars
