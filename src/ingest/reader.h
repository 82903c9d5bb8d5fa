// Internal interface between the syntax readers (EDN, JSON, JSON Lines,
// Jepsen log) and the code that turns records into events.
//
// A reader parses the bytes of a Source in [begin, end) as if `end` were
// the end of the input, and hands every top-level map to a RecordSink as a
// Record. It knows syntax only: what the fields mean is the sink's business.
//
// Contract of a reader:
//  * Line numbers are 1-based; `first_line` is the line number of `begin`
//    (which is always at the start of a line). Offsets are absolute offsets
//    into source.data.
//  * On a syntax error: without `lenient`, return the error (built with
//    Source::error_at) and stop. With `lenient`, count the line in
//    ChunkResult::skipped, resume at the start of the next line, and go on.
//  * If sink.add() returns false, stop at once and return ChunkResult{}
//    (the sink holds the error).
//  * Never read outside [begin, end); never crash, whatever the bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ariadne/ingest.h"
#include "ariadne/value.h"

namespace ariadne::ingest {

struct Source {
  std::string name;
  std::string_view data;

  // An error at absolute byte `offset`, which lies on line `line`.
  // The column and the source line are worked out here.
  ParseError error_at(size_t offset, uint32_t line, std::string message) const;
};

struct Field {
  Value name;  // a keyword: `:type` and "type" both give :type
  Value value;
  size_t offset;  // absolute offset of the value's first byte
};

struct Record {
  size_t offset = 0;          // absolute offset of the record's first byte
  uint32_t line = 0;          // line of that byte
  std::vector<Field> fields;  // in input order
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Takes a record. Returns false to stop reading (the sink keeps why).
  // The record's storage may be reused by the reader after the call.
  virtual bool add(const Record& record) = 0;
};

struct ChunkResult {
  std::optional<ParseError> error;
  size_t skipped = 0;  // lines skipped under lenient
  // Lines that are not history by design (in a Jepsen log, the lines of
  // other loggers); counted so the user can be told.
  size_t ignored = 0;
};

using ReaderFn = ChunkResult (*)(const Source& source, size_t begin, size_t end,
                                 uint32_t first_line, RecordSink& sink, bool lenient);

ChunkResult read_edn(const Source& source, size_t begin, size_t end, uint32_t first_line,
                     RecordSink& sink, bool lenient);
ChunkResult read_jsonl(const Source& source, size_t begin, size_t end, uint32_t first_line,
                       RecordSink& sink, bool lenient);
ChunkResult read_json(const Source& source, size_t begin, size_t end, uint32_t first_line,
                      RecordSink& sink, bool lenient);
ChunkResult read_jepsen_log(const Source& source, size_t begin, size_t end, uint32_t first_line,
                            RecordSink& sink, bool lenient);

// Text for "got Y" in messages: `end of input`, `'x'`, `byte 0xff`.
std::string describe_byte(std::string_view data, size_t offset, size_t end);

}  // namespace ariadne::ingest
