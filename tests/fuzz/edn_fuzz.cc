// libFuzzer target for read_edn and parse_edn_value.
//
// Properties checked (abort() on violation):
//  * lenient reading never returns an error;
//  * strict reading fails iff lenient reading skips something, and when
//    both succeed they deliver the same number of records;
//  * every field name is a keyword;
//  * record and error line numbers agree with the input (check_lines);
//  * every field value, printed as EDN, reads back as an equal value and
//    nothing is left over (round trip).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/edn_value.h"
#include "ingest/reader.h"

namespace {

using namespace ariadne;
using namespace ariadne::ingest;

void check_round_trip(Value v) {
  std::string text;
  append_edn(text, v);
  Source source{"roundtrip.edn", text};
  EdnValueResult r = parse_edn_value(source, 0, text.size(), 1);
  if (!r.ok() || !(r.value == v) || r.end != text.size()) abort();
  std::string json;
  append_json(json, v);
}

// Line numbers must agree with the input: a record's line is one more than
// the line breaks before its offset; an error's line, when short and plain,
// is shown exactly as the input has it.
void check_lines(std::string_view input, const Record& record) {
  if (record.offset >= input.size()) abort();
  auto before = input.substr(0, record.offset);
  if (record.line != 1 + std::count(before.begin(), before.end(), '\n')) abort();
  for (const Field& f : record.fields)
    if (f.offset < record.offset || f.offset >= input.size()) abort();
}

void check_error_line(std::string_view input, const ParseError& e) {
  size_t start = 0;
  for (uint32_t l = 1; l < e.line; ++l) {
    size_t nl = input.find('\n', start);
    if (nl == std::string_view::npos) abort();  // line beyond the input
    start = nl + 1;
  }
  std::string_view text = input.substr(start, input.find('\n', start) - start);
  if (e.column > text.size() + 1) abort();
  bool plain = text.size() < 50 &&
               std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (plain && e.source_line != text) abort();
}

class CheckingSink : public RecordSink {
 public:
  bool add(const Record& record) override {
    ++records;
    if (!input.empty()) check_lines(input, record);
    for (const Field& f : record.fields) {
      if (f.name.kind() != Kind::kKeyword) abort();
      check_round_trip(f.value);
    }
    return true;
  }
  size_t records = 0;
  std::string_view input;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Source source{"fuzz.edn", input};

  CheckingSink strict_sink, lenient_sink;
  strict_sink.input = lenient_sink.input = input;
  ChunkResult strict = read_edn(source, 0, size, 1, strict_sink, false);
  ChunkResult lenient = read_edn(source, 0, size, 1, lenient_sink, true);
  if (lenient.error) abort();
  if (strict.error) {
    if (strict.error->line == 0 || strict.error->column == 0) abort();
    if (strict.error->to_string().empty()) abort();
    check_error_line(input, *strict.error);
    if (lenient.skipped == 0) abort();
  } else if (lenient.skipped != 0 || lenient_sink.records != strict_sink.records) {
    abort();
  }

  // A chunk that starts on the second line and ends before the last byte.
  if (size_t nl = input.find('\n'); nl != std::string_view::npos && nl + 1 < size) {
    CheckingSink chunk_sink;
    chunk_sink.input = input;
    ChunkResult chunk = read_edn(source, nl + 1, size - 1, 2, chunk_sink, true);
    if (chunk.error) abort();
  }

  EdnValueResult one = parse_edn_value(source, 0, size, 1);
  if (one.ok()) check_round_trip(one.value);
  if (one.end > size) abort();
  return 0;
}
