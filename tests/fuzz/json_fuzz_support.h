// What the JSON and JSON Lines fuzz targets share: a sink that keeps the
// records, a check that aborts (a finding for libFuzzer), a reference UTF-8
// check, and record comparison.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "ingest/reader.h"
#include "require.h"

namespace json_fuzz {

using ariadne::ingest::Record;
using ariadne::ingest::RecordSink;

struct Collect : RecordSink {
  std::vector<Record> records;
  bool add(const Record& record) override {
    records.push_back(record);
    return true;
  }
};

// Reference UTF-8 check, written independently of the reader's: decode
// each code point and reject overlong forms, surrogates and > U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80             ? 0
            : (c & 0xE0) == 0xC0 ? 1
            : (c & 0xF0) == 0xE0 ? 2
            : (c & 0xF8) == 0xF0 ? 3
                                 : -1;
    if (n < 0 || i + n >= s.size() + (n == 0)) return false;
    uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
      unsigned char t = s[i + k];
      if ((t & 0xC0) != 0x80) return false;
      cp = cp << 6 | (t & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// Every text in `v` is valid UTF-8.
bool all_utf8(ariadne::Value v) {
  if (v.is_text()) return valid_utf8(v.as_text());
  for (ariadne::Value item : v.items())
    if (!all_utf8(item)) return false;
  return true;
}

bool same_values(const Record& a, const Record& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (size_t i = 0; i < a.fields.size(); ++i)
    if (a.fields[i].name != b.fields[i].name || a.fields[i].value != b.fields[i].value)
      return false;
  return true;
}

}  // namespace json_fuzz
