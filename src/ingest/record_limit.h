// Bounding the records of a stream (standard input, a pipe, a device) as
// it arrives, so that an endless input with no record end (a stream of
// zeros, an unterminated string) fails at once instead of filling memory.
//
// A record is a line in JSON Lines and Jepsen logs. In EDN and JSON it is
// a top-level value, or an element of a top-level vector, list or array;
// the scan tracks nesting outside strings ("..." with backslash escapes)
// and EDN comments (";" to the end of the line) and character literals
// (a backslash outside a string takes the next byte with it). It knows no
// more syntax than that: a malformed record is the parser's business.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ariadne/ingest.h"

namespace ariadne::ingest {

// The longest record read from a stream.
constexpr size_t kMaxRecordBytes = size_t{64} << 20;

class RecordLimit {
 public:
  // REQUIRES: format is not kAuto.
  RecordLimit(Format format, size_t max_record_bytes = kMaxRecordBytes);

  // Scans data[scanned(), data.size()): `data` is all of the stream so
  // far (it only grows between calls). Returns the offset of the first
  // byte of a record that has grown longer than the limit, if one has.
  std::optional<size_t> feed(std::string_view data);

  size_t scanned() const { return scanned_; }
  // The line (1-based) of the offset feed() returned.
  uint32_t record_line() const { return start_line_; }

 private:
  // Take byte c = data[scanned_]; return whether it is part of a record.
  bool step_line(char c);
  bool step_structure(char c);
  void open_record();

  bool lines_;  // a record is a line
  size_t max_;
  size_t scanned_ = 0;
  uint32_t line_ = 1;        // line of data[scanned_]
  size_t start_ = 0;         // where the current record (or the gap before it) starts
  uint32_t start_line_ = 1;  // its line
  bool open_ = false;        // a record has started at start_ and not ended
  // Structure (EDN, JSON).
  long base_ = -1;  // depth at which records start: 0, or 1 inside a top-level container
  long depth_ = 0;
  bool in_string_ = false, escaped_ = false, in_comment_ = false;
};

}  // namespace ariadne::ingest
