// libFuzzer target for read_jepsen_log.
//
// Properties checked (abort() on violation):
//  * lenient reading never returns an error, and strict reading fails iff
//    lenient reading skips a line;
//  * records + skipped + ignored lines never exceed the number of lines;
//  * every record has :process (integer or keyword), :type and :f
//    (keywords), :value, and optionally :error, in that order;
//  * record and error line numbers agree with the input (check_lines);
//  * every field value, printed as EDN, reads back as an equal value.
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
    const auto& f = record.fields;
    if (f.size() != 4 && f.size() != 5) abort();
    static const Value names[] = {Value::keyword("process"), Value::keyword("type"),
                                  Value::keyword("f"), Value::keyword("value"),
                                  Value::keyword("error")};
    for (size_t i = 0; i < f.size(); ++i) {
      if (!(f[i].name == names[i])) abort();
      check_round_trip(f[i].value);
    }
    if (f[0].value.kind() != Kind::kInt && f[0].value.kind() != Kind::kKeyword) abort();
    if (f[1].value.kind() != Kind::kKeyword || f[2].value.kind() != Kind::kKeyword) abort();
    return true;
  }
  size_t records = 0;
  std::string_view input;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Source source{"fuzz.log", input};
  CheckingSink strict_sink, lenient_sink;
  strict_sink.input = lenient_sink.input = input;
  ChunkResult strict = read_jepsen_log(source, 0, size, 1, strict_sink, false);
  ChunkResult lenient = read_jepsen_log(source, 0, size, 1, lenient_sink, true);
  if (lenient.error) abort();
  if (strict.error) {
    if (strict.error->line == 0 || strict.error->column == 0) abort();
    if (strict.error->to_string().empty()) abort();
    check_error_line(input, *strict.error);
    if (lenient.skipped == 0) abort();
  } else if (lenient.skipped != 0 || lenient_sink.records != strict_sink.records) {
    abort();
  }
  size_t lines = std::count(input.begin(), input.end(), '\n') + 1;
  if (lenient_sink.records + lenient.skipped + lenient.ignored > lines) abort();
  return 0;
}
