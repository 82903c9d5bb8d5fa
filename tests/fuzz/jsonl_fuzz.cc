// libFuzzer target for the JSON Lines reader.
//
// Reads the input strictly and leniently and checks that: nothing crashes;
// lenient reading never fails; strict records are a prefix of lenient ones;
// records and fields point into the input at the right lines; reading from
// the second line gives the same records; and every record, printed back as
// a JSON line with append_json, reads back to equal values.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"
#include "json_fuzz_support.h"

namespace {

using ariadne::Kind;
using ariadne::ingest::ChunkResult;
using ariadne::ingest::Record;
using ariadne::ingest::Source;

using json_fuzz::all_utf8;
using json_fuzz::Collect;
using json_fuzz::same_values;
using json_fuzz::valid_utf8;

std::string print(const Record& record) {
  std::string line = "{";
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (i > 0) line += ", ";
    ariadne::append_json_string(line, record.fields[i].name.as_text());
    line += ": ";
    ariadne::append_json(line, record.fields[i].value);
  }
  return line + "}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view data(reinterpret_cast<const char*>(bytes), size);
  Source source{"fuzz.jsonl", data};

  Collect strict, lenient;
  ChunkResult s = ariadne::ingest::read_jsonl(source, 0, size, 1, strict, false);
  ChunkResult l = ariadne::ingest::read_jsonl(source, 0, size, 1, lenient, true);
  require(!l.error);
  require(strict.records.size() <= lenient.records.size());
  for (size_t i = 0; i < strict.records.size(); ++i)
    require(same_values(strict.records[i], lenient.records[i]));
  if (s.error) {
    require(s.error->line >= 1 && s.error->column >= 1);
    require(s.error->message.starts_with("expected "));
    require(s.error->to_string().size() > 0);
  } else {
    require(l.skipped == 0 && strict.records.size() == lenient.records.size());
  }

  uint32_t previous_line = 0;
  size_t newlines = 0, counted_to = 0;
  for (const Record& r : lenient.records) {
    require(r.offset < size && data[r.offset] == '{');
    for (; counted_to < r.offset; ++counted_to) newlines += data[counted_to] == '\n';
    require(r.line == newlines + 1 && r.line > previous_line);
    previous_line = r.line;
    for (const auto& f : r.fields) {
      require(f.name.kind() == Kind::kKeyword);
      require(valid_utf8(f.name.as_text()) && all_utf8(f.value));
      require(f.offset > r.offset && f.offset < size);
    }
  }

  // From the start of the second line, the records of later lines.
  size_t nl = data.find('\n');
  if (nl != std::string_view::npos) {
    Collect rest;
    require(!ariadne::ingest::read_jsonl(source, nl + 1, size, 2, rest, true).error);
    size_t first = 0;
    while (first < lenient.records.size() && lenient.records[first].line == 1) ++first;
    require(rest.records.size() == lenient.records.size() - first);
    for (size_t i = 0; i < rest.records.size(); ++i) {
      require(rest.records[i].line == lenient.records[first + i].line);
      require(same_values(rest.records[i], lenient.records[first + i]));
    }
  }

  // Print and read back.
  std::string printed;
  for (const Record& r : lenient.records) printed += print(r) + "\n";
  Source again{"printed.jsonl", printed};
  Collect back;
  ChunkResult b = ariadne::ingest::read_jsonl(again, 0, printed.size(), 1, back, false);
  require(!b.error);
  require(back.records.size() == lenient.records.size());
  for (size_t i = 0; i < back.records.size(); ++i)
    require(same_values(back.records[i], lenient.records[i]));
  return 0;
}
