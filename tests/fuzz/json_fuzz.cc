// libFuzzer target for the JSON array reader.
//
// Reads the input strictly and leniently and checks that: nothing crashes;
// lenient reading fails only on input that is not an array; strict records
// are a prefix of lenient ones; records point at '{' on the right lines;
// and the records, printed back as a multi-line JSON array with
// append_json, read back to equal values on the expected lines.
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
  std::string text = "{";
  for (size_t i = 0; i < record.fields.size(); ++i) {
    text += i > 0 ? ",\n " : "";
    ariadne::append_json_string(text, record.fields[i].name.as_text());
    text += ": ";
    ariadne::append_json(text, record.fields[i].value);
  }
  return text + "}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view data(reinterpret_cast<const char*>(bytes), size);
  Source source{"fuzz.json", data};

  Collect strict, lenient;
  ChunkResult s = ariadne::ingest::read_json(source, 0, size, 1, strict, false);
  ChunkResult l = ariadne::ingest::read_json(source, 0, size, 1, lenient, true);
  if (l.error) {
    require(l.error->message.starts_with("expected a JSON array of objects, got "));
    require(s.error && s.error->message == l.error->message && strict.records.empty());
  }
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

  size_t previous_offset = 0, newlines = 0, counted_to = 0;
  for (const Record& r : lenient.records) {
    require(r.offset < size && data[r.offset] == '{' && r.offset >= previous_offset);
    previous_offset = r.offset + 1;
    for (; counted_to < r.offset; ++counted_to) newlines += data[counted_to] == '\n';
    require(r.line == newlines + 1);
    for (const auto& f : r.fields) {
      require(f.name.kind() == Kind::kKeyword);
      require(valid_utf8(f.name.as_text()) && all_utf8(f.value));
      require(f.offset > r.offset && f.offset < size);
    }
  }

  // Print and read back; record i starts on line 2 + lines before it.
  std::string printed = "[\n";
  std::vector<uint32_t> lines;
  uint32_t line = 2;
  for (size_t i = 0; i < lenient.records.size(); ++i) {
    std::string text = print(lenient.records[i]);
    lines.push_back(line);
    for (char c : text) line += c == '\n';
    printed += text + (i + 1 < lenient.records.size() ? ",\n" : "\n");
    ++line;
  }
  printed += "]\n";
  Source again{"printed.json", printed};
  Collect back;
  ChunkResult b = ariadne::ingest::read_json(again, 0, printed.size(), 1, back, false);
  require(!b.error);
  require(back.records.size() == lenient.records.size());
  for (size_t i = 0; i < back.records.size(); ++i) {
    require(back.records[i].line == lines[i]);
    require(same_values(back.records[i], lenient.records[i]));
  }
  return 0;
}
