// read_edn: Jepsen's history.edn (one map per line, or a stream of maps) and
// Knossos data files (one top-level vector or list of maps over many lines).
//
// Each top-level map, or tagged map (`#jepsen.history.Op{...}`), is one
// Record; its keys must be keywords or strings and become keyword field
// names. Values follow edn_parser.h.
//
// Lenient recovery: after an error the reader resumes at the start of the
// line after the one where the failed top-level form began, counting one
// skipped line per error. (In a file of one map per line, a map cut short
// must not take the next line's good map down with it.) A form that starts
// inside the stretch a failed form already covered resumes after its own
// failure point instead, so no byte is scanned more than twice. Inside a
// top-level vector the reader stays inside the vector. A vector left open at the end of the input
// counts as one more skipped line, unless the error just before already skipped to the end (a
// truncated last line).
#include <algorithm>
#include <cstring>
#include <numeric>

#include "ingest/edn_chars.h"
#include "ingest/edn_fast.h"
#include "ingest/edn_parser.h"
#include "ingest/edn_value.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

namespace {

bool is_closer(unsigned char c) { return c == ')' || c == ']' || c == '}'; }

class RecordReader {
 public:
  RecordReader(const Source& source, size_t begin, size_t end, uint32_t first_line,
               RecordSink& sink, bool lenient)
      : parser_(source, begin, end, first_line), sink_(sink), lenient_(lenient) {
    std::string_view bom = "\xEF\xBB\xBF";
    if (begin == 0 && source.data.substr(0, std::min(end, source.data.size())).starts_with(bom))
      parser_.seek(bom.size(), first_line);
  }

  ChunkResult run();

 private:
  bool read_record();
  bool read_fields(size_t open);
  bool check_duplicates();
  bool recover(size_t form_start);
  ChunkResult failure() {
    ChunkResult r = result_;
    r.error = parser_.error();
    return r;
  }

  EdnParser parser_;
  EdnFastParser fast_;
  RecordSink& sink_;
  const bool lenient_;
  ChunkResult result_;
  Record record_;
  std::vector<size_t> key_offsets_;  // parallel to record_.fields
  bool last_was_skip_ = false;
  size_t failed_until_ = 0;  // where the last failed form stopped being read
};

ChunkResult RecordReader::run() {
  EdnParser& p = parser_;
  bool in_vector = false;
  char vector_close = ']';
  uint32_t vector_line = 0;
  for (;;) {
    if (!p.skip_space()) {
      if (!recover(p.error_offset())) return failure();
      continue;
    }
    if (p.at_end()) {
      if (!in_vector) break;
      std::string_view what = vector_close == ']' ? "vector" : "list";
      if (lenient_) {
        if (!last_was_skip_) ++result_.skipped;
        break;
      }
      p.fail(p.end_of_content(), p.close_message(vector_close, what, vector_line, p.pos()));
      return failure();
    }
    const unsigned char c = p.peek();
    if (in_vector && c == static_cast<unsigned char>(vector_close)) {
      p.advance();
      in_vector = false;
      continue;
    }
    if (!in_vector && (c == '[' || c == '(')) {
      in_vector = true;
      vector_close = c == '[' ? ']' : ')';
      vector_line = p.line();
      p.advance();
      continue;
    }
    p.reset(in_vector ? 1 : 0);
    const size_t form_start = p.pos();
    bool ok;
    if (in_vector && is_closer(c)) {
      ok = p.fail(p.pos(), p.close_message(vector_close, vector_close == ']' ? "vector" : "list",
                                           vector_line, p.pos()));
    } else {
      ok = read_record();
    }
    if (!ok) {
      if (!recover(form_start)) return failure();
      continue;
    }
    last_was_skip_ = false;
    if (!sink_.add(record_)) return ChunkResult{};
  }
  return result_;
}

// At a top-level form: reads one (possibly tagged) map into record_.
bool RecordReader::read_record() {
  EdnParser& p = parser_;
  record_.offset = p.pos();
  record_.line = p.line();
  while (p.at_tag()) {
    std::string_view tag;
    if (!p.skip_tag(tag)) return false;
  }
  if (p.at_end()) return p.fail(p.end_of_content(), "expected a map, got " + p.describe(p.pos()));
  const size_t at = p.pos();
  const unsigned char c = p.peek();
  size_t end = 0;
  if (c == '{' && fast_.parse(p.data(), at, p.end(), record_, end)) {
    p.seek(end, p.line());  // the fast path reads no line break
    return true;
  }
  if (c == '{') return read_fields(at) && check_duplicates();
  if (is_closer(c) || !edn_chars::can_start_value(c))
    return p.fail(at, "expected a map, got " + p.describe(at));
  Value v;
  if (!p.parse_value(v)) return false;
  return p.fail(at, "expected a map, got " + std::string(kind_name(v.kind())));
}

bool RecordReader::read_fields(size_t open) {
  EdnParser& p = parser_;
  const uint32_t open_line = p.line();
  if (!p.enter(open)) return false;
  p.advance();
  record_.fields.clear();
  key_offsets_.clear();
  for (;;) {
    if (!p.skip_space()) return false;
    if (p.at_end())
      return p.fail(p.end_of_content(), p.close_message('}', "map", open_line, p.pos()));
    unsigned char c = p.peek();
    if (c == '}') {
      p.advance();
      break;
    }
    if (is_closer(c)) return p.fail(p.pos(), p.close_message('}', "map", open_line, p.pos()));
    const size_t key_at = p.pos();
    Value key;
    if (!p.parse_value(key)) return false;
    Value name = key;
    if (key.kind() == Kind::kString) {
      name = Value::keyword(key.as_text());
    } else if (key.kind() != Kind::kKeyword) {
      return p.fail(key_at, "expected a keyword or string field name, got " +
                                std::string(kind_name(key.kind())));
    }
    if (!p.skip_space()) return false;
    if (p.at_end() || is_closer(p.peek()))
      return p.fail(p.at_end() ? p.end_of_content() : p.pos(), "expected a value for key " +
                                                                   EdnParser::display(to_edn(key)) +
                                                                   ", got " + p.describe(p.pos()));
    const size_t value_at = p.pos();
    Value value;
    if (!p.parse_value(value)) return false;
    record_.fields.push_back(Field{name, value, value_at});
    key_offsets_.push_back(key_at);
  }
  p.leave();
  return true;
}

// Field names must be distinct (`:type` and "type" are the same name).
bool RecordReader::check_duplicates() {
  const auto& fields = record_.fields;
  const size_t n = fields.size();
  size_t dup = n;
  if (n <= 16) {
    for (size_t i = 1; i < n && dup == n; ++i)
      for (size_t j = 0; j < i; ++j)
        if (fields[i].name == fields[j].name) {
          dup = i;
          break;
        }
  } else {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return fields[a].name.bits() < fields[b].name.bits();
    });
    for (size_t k = 1; k < n; ++k)
      if (fields[order[k]].name == fields[order[k - 1]].name) dup = std::min(dup, order[k]);
  }
  if (dup == n) return true;
  // Error path: read the key again to show it as written.
  EdnParser& p = parser_;
  const size_t at = key_offsets_[dup];
  EdnParser again(p.source(), at, p.end(), p.line_at(at));
  Value key = fields[dup].name;
  again.parse_value(key);
  return p.fail(at, "duplicate key " + EdnParser::display(to_edn(key)));
}

// Lenient: counts the error and moves to the line after `form_start` (or
// after the failure point, see the file comment).
bool RecordReader::recover(size_t form_start) {
  if (!lenient_) return false;
  EdnParser& p = parser_;
  ++result_.skipped;
  last_was_skip_ = true;
  const size_t failure = std::min(std::max(p.error_offset(), p.pos()), p.end());
  const size_t from = std::min(form_start < failed_until_ ? failure : form_start, p.end());
  failed_until_ = failure;
  const void* nl = std::memchr(p.data() + from, '\n', p.end() - from);
  const size_t next = nl != nullptr ? static_cast<const char*>(nl) - p.data() + 1 : p.end();
  p.seek(next, p.line_at(next));
  p.reset(0);
  return true;
}

}  // namespace

ChunkResult read_edn(const Source& source, size_t begin, size_t end, uint32_t first_line,
                     RecordSink& sink, bool lenient) {
  RecordReader reader(source, begin, end, first_line, sink, lenient);
  return reader.run();
}

EdnValueResult parse_edn_value(const Source& source, size_t begin, size_t end, uint32_t line) {
  EdnParser p(source, begin, end, line);
  EdnValueResult result;
  Value v;
  if (p.skip_space() && p.parse_value(v)) {
    result.value = v;
  } else {
    result.error = p.error();
  }
  result.end = p.pos();
  result.end_line = p.line();
  return result;
}

}  // namespace ariadne::ingest
