// Writing generated events in each supported format.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ariadne/ingest.h"
#include "models/generator.h"

namespace ariadne::gen {

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
