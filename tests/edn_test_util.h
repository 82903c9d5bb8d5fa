// Helpers shared by the EDN and Jepsen log reader tests.
#pragma once

#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <string_view>

#include "ariadne/value.h"
#include "ingest/edn_value.h"
#include "ingest/reader.h"
#include "record_collector.h"

namespace edn_test {

using ariadne::Value;
using ariadne::ingest::ChunkResult;
using ariadne::ingest::ReaderFn;
using ariadne::ingest::Record;
using ariadne::ingest::Source;

struct Read {
  RecordCollector sink;
  ChunkResult result;
  bool ok() const { return !result.error.has_value(); }
  std::string error() const { return result.error ? result.error->to_string() : ""; }
};

inline Read read_text(ReaderFn reader, std::string_view text, bool lenient, std::string name) {
  Read r;
  Source source{std::move(name), text};
  r.result = reader(source, 0, text.size(), 1, r.sink, lenient);
  return r;
}

inline Read edn(std::string_view text, bool lenient = false) {
  return read_text(ariadne::ingest::read_edn, text, lenient, "h.edn");
}

inline Read jlog(std::string_view text, bool lenient = false) {
  return read_text(ariadne::ingest::read_jepsen_log, text, lenient, "j.log");
}

inline Value field(const Record& record, std::string_view name) {
  for (const auto& f : record.fields)
    if (f.name == Value::keyword(name)) return f.value;
  FAIL("no field " << name);
  return Value();
}

// The expected ParseError::to_string(): `where` is "file:line:col: message",
// `shown` the source line, `column` the 1-based column of the caret.
inline std::string error_text(std::string_view where, std::string_view shown, size_t column) {
  std::string out(where);
  out += '\n';
  out += shown;
  out += '\n';
  for (size_t i = 0; i + 1 < column; ++i) out += i < shown.size() && shown[i] == '\t' ? '\t' : ' ';
  out += '^';
  return out;
}

// One EDN value read with parse_edn_value; the test fails on an error.
inline Value value_of(std::string_view text) {
  Source source{"v.edn", text};
  auto r = ariadne::ingest::parse_edn_value(source, 0, text.size(), 1);
  INFO(text);
  INFO((r.error ? r.error->to_string() : ""));
  REQUIRE(r.ok());
  return r.value;
}

// The error of reading one EDN value, "" if none.
inline std::string value_error(std::string_view text) {
  Source source{"v.edn", text};
  auto r = ariadne::ingest::parse_edn_value(source, 0, text.size(), 1);
  return r.error ? r.error->to_string() : "";
}

// Just the message of the error of reading one EDN value.
inline std::string value_message(std::string_view text) {
  Source source{"v.edn", text};
  auto r = ariadne::ingest::parse_edn_value(source, 0, text.size(), 1);
  return r.error ? r.error->message : "";
}

// Spans over the items; never a null pointer, even when empty (value.cc
// hands the pointer to memcmp).
inline std::span<const Value> items_of(std::initializer_list<Value> items) {
  static const Value kNone[1] = {};
  if (items.size() == 0) return std::span<const Value>(kNone, 0);
  return std::span<const Value>(items.begin(), items.size());
}
inline Value vec(std::initializer_list<Value> items) { return Value::vector(items_of(items)); }
inline Value set(std::initializer_list<Value> items) { return Value::set(items_of(items)); }
inline Value map(std::initializer_list<Value> pairs) { return Value::map(items_of(pairs)); }
inline Value kw(std::string_view name) { return Value::keyword(name); }
inline Value str(std::string_view text) { return Value::string(text); }
inline Value sym(std::string_view name) { return Value::symbol(name); }
inline Value num(int64_t v) { return Value::integer(v); }

}  // namespace edn_test
