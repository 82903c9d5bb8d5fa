// The fast paths of the JSON and EDN readers (json_fast.h, edn_fast.h)
// against the full parsers, on the text of one record: whenever a fast
// path takes the text, the full parser must read the same record. Shared
// by tests/*_fast_test.cc and tests/fuzz/fast_path_fuzz.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/edn_fast.h"
#include "ingest/edn_value.h"
#include "ingest/json_fast.h"
#include "ingest/json_handler.h"

namespace fast_path_check {

struct Result {
  bool taken = false;    // the fast path took the text
  std::string mismatch;  // empty when the full parser agrees
};

inline std::string describe(const ariadne::ingest::Field& f) {
  return ariadne::to_edn(f.name) + " " + ariadne::to_edn(f.value) + " @" + std::to_string(f.offset);
}

// JSON: RapidJSON's path must give the same fields, offsets and end.
inline Result json(std::string_view text) {
  namespace json = ariadne::ingest::json;
  static json::FastRecordParser fast;
  Result out;
  ariadne::ingest::Record quick, full;
  size_t end = 0;
  if (text.empty() || text[0] != '{' || !fast.parse(text, 0, text.size(), quick, end)) return out;
  out.taken = true;
  json::RangeStream stream(text, 0, text.size());
  json::RecordHandler handler;
  handler.reset(&stream, text, text.size(), &full);
  rapidjson::Reader reader;
  reader.Parse<json::kParseFlags>(stream, handler);
  if (reader.HasParseError()) {
    out.mismatch = "RapidJSON rejects it";
  } else if (stream.Tell() != end || full.offset != quick.offset) {
    out.mismatch = "ends or starts elsewhere";
  } else if (full.fields.size() != quick.fields.size()) {
    out.mismatch = "field counts differ";
  } else {
    for (size_t i = 0; i < full.fields.size() && out.mismatch.empty(); ++i) {
      const auto &a = quick.fields[i], &b = full.fields[i];
      if (!(a.name == b.name) || !(a.value == b.value) || a.offset != b.offset)
        out.mismatch = "field " + describe(a) + " is " + describe(b);
    }
  }
  return out;
}

// EDN: the general parser must read the same map and end at the same
// place, and find each field's value at the field's offset.
inline Result edn(std::string_view text) {
  using ariadne::Value;
  static ariadne::ingest::EdnFastParser fast;
  Result out;
  ariadne::ingest::Record quick;
  size_t end = 0;
  if (text.empty() || text[0] != '{' || !fast.parse(text.data(), 0, text.size(), quick, end))
    return out;
  out.taken = true;
  ariadne::ingest::Source source{"h.edn", text};
  auto whole = ariadne::ingest::parse_edn_value(source, 0, text.size(), 1);
  if (!whole.ok()) {
    out.mismatch = "the general parser rejects it: " + whole.error->message;
    return out;
  }
  if (whole.end != end) {
    out.mismatch = "ends elsewhere";
    return out;
  }
  std::vector<Value> pairs;
  size_t last = 0;
  for (const auto& field : quick.fields) {
    auto at = ariadne::ingest::parse_edn_value(source, field.offset, text.size(), 1);
    if (field.name.kind() != ariadne::Kind::kKeyword || field.offset <= last || !at.ok() ||
        !(at.value == field.value)) {
      out.mismatch = "field " + describe(field);
      return out;
    }
    last = field.offset;
    pairs.push_back(field.name);
    pairs.push_back(field.value);
  }
  if (!(whole.value == Value::map(pairs)) || whole.value.size() != quick.fields.size())
    out.mismatch = "maps differ: " + ariadne::to_edn(whole.value);
  return out;
}

}  // namespace fast_path_check
