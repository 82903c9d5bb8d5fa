// Writing generated events in each supported format.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ariadne/ingest.h"

namespace ariadne::gen {

// A value as the generator writes it: nil, an integer, a string, a keyword,
// or a list (written as a vector) of values.
struct Datum {
  enum Kind : uint8_t { kNil, kInt, kString, kKeyword, kList } kind = kNil;
  int64_t number = 0;
  std::string text;
  std::vector<Datum> items;

  static Datum nil() { return {}; }
  static Datum integer(int64_t v) { return {kInt, v, {}, {}}; }
  static Datum string(std::string s) { return {kString, 0, std::move(s), {}}; }
  static Datum keyword(std::string s) { return {kKeyword, 0, std::move(s), {}}; }
  static Datum list(std::vector<Datum> items) { return {kList, 0, {}, std::move(items)}; }
  bool operator==(const Datum&) const = default;
};

struct EventOut {
  int64_t process = 0;
  const char* type = "invoke";  // invoke, ok, fail, info
  const char* f = "read";
  std::optional<int64_t> key;
  Datum value;
  int64_t time = 0;
  int64_t index = 0;
  int node = -1;       // replica, -1 for none
  bool final = false;  // a final read
  // Complete-operation records: start and end instead of time.
  bool complete = false;
  int64_t start = 0, end = 0;
};

// Buffers output and writes it to `out` in large pieces.
class EventSink {
 public:
  // REQUIRES: format is not kAuto.
  EventSink(std::ostream& out, Format format) : out_(out), format_(format) {}
  ~EventSink() { flush(); }
  EventSink(const EventSink&) = delete;
  EventSink& operator=(const EventSink&) = delete;

  void write(const EventOut& e);
  void finish();  // closes a JSON array; flushes
  uint64_t written() const { return written_; }

 private:
  void append(const Datum& d);
  void flush();

  std::ostream& out_;
  Format format_;
  std::string buf_;
  uint64_t written_ = 0;
};

}  // namespace ariadne::gen
