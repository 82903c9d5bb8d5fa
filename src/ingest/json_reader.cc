// JSON Lines and JSON array readers (SPEC section 1). Both read one record
// object at a time with ObjectParser: the fast path of json_fast.h where it
// applies, else RapidJSON's SAX reader. The readers handle what lies between
// objects (lines, or the array's brackets and commas) themselves.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "ingest/json_fast.h"
#include "ingest/json_handler.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

namespace {

using json::RangeStream;
using json::RecordHandler;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

size_t skip_space(std::string_view data, size_t pos, size_t limit) {
  while (pos < limit && is_space(data[pos])) ++pos;
  return pos;
}

// Skips a UTF-8 byte order mark at the very start of the input.
size_t skip_bom(std::string_view data, size_t begin, size_t end) {
  if (begin == 0 && end >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") return 3;
  return begin;
}

// "got" text for a value that should have been something else: its kind
// when it starts like a JSON value, else the byte.
std::string describe_value(std::string_view data, size_t pos, size_t limit, size_t end) {
  if (pos < limit) {
    char c = data[pos];
    if (c == '{') return "object";
    if (c == '[') return "array";
    if (c == '"') return "string";
    if (c == '-' || is_digit(c)) return "number";
    std::string_view rest = data.substr(pos, limit - pos);
    for (std::string_view literal : {"true", "false", "null"})
      if (rest.starts_with(literal)) return std::string(literal);
  }
  return describe_byte(data, pos, end);
}

struct Located {
  size_t offset;
  std::string message;
};

// Explains a RapidJSON error at `offset` while parsing an object that
// starts at `begin`, with the stream ending at `limit` (the chunk ends at
// `end`): the offset of the offending byte and "expected X, got Y".
Located explain(rapidjson::ParseErrorCode code, size_t offset, std::string_view data, size_t begin,
                size_t limit, size_t end) {
  auto got = [&](size_t at) { return describe_byte(data, at, end); };
  auto at = [&](size_t i) { return i < limit ? data[i] : '\0'; };
  switch (code) {
    case rapidjson::kParseErrorValueInvalid: {
      size_t word = offset;
      while (word > begin && offset - word < 5 && at(word - 1) >= 'a' && at(word - 1) <= 'z')
        --word;
      std::string_view prefix = data.substr(word, offset - word);
      if (!prefix.empty())
        for (std::string_view literal : {"true", "false", "null"})
          if (literal.starts_with(prefix))
            return {offset, "expected " + std::string(literal) + ", got " + got(offset)};
      if (offset > begin && at(offset - 1) == '-')
        return {offset, "expected a digit after '-', got " + got(offset)};
      return {offset, "expected a JSON value, got " + got(offset)};
    }
    case rapidjson::kParseErrorObjectMissName: {
      size_t prev = offset;
      while (prev > begin && is_space(at(prev - 1))) --prev;
      bool first = prev > begin && at(prev - 1) == '{';
      return {offset, std::string(first ? "expected a string key or '}', got "
                                        : "expected a string key, got ") +
                          got(offset)};
    }
    case rapidjson::kParseErrorObjectMissColon: return {offset, "expected ':', got " + got(offset)};
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return {offset, "expected ',' or '}', got " + got(offset)};
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return {offset, "expected ',' or ']', got " + got(offset)};
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex: {
      // `offset` is the backslash of the escape, or of the high surrogate
      // before it; find the first byte that is not a hex digit.
      size_t p = offset;
      while (at(p) == '\\' && at(p + 1) == 'u') {
        size_t q = p + 2;
        while (q < p + 6 && is_hex(at(q))) ++q;
        if (q < p + 6) return {q, "expected 4 hexadecimal digits after \\u, got " + got(q)};
        p += 6;
      }
      return {p, "expected 4 hexadecimal digits after \\u, got " + got(p)};
    }
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid: {
      // `offset` is the backslash of a valid high-surrogate escape.
      size_t next = offset + 6;
      std::string what = got(next);
      if (at(next) == '\\' && at(next + 1) == 'u') what = std::string(data.substr(next, 6));
      return {next, "expected a low surrogate \\uDC00-\\uDFFF after " +
                        std::string(data.substr(offset, 6)) + ", got " + what};
    }
    case rapidjson::kParseErrorStringEscapeInvalid:
      if (at(offset) == '\\')
        return {offset + 1, "expected an escape character (one of \"\\/bfnrtu) after '\\', got " +
                                got(offset + 1)};
      if (at(offset) == '\r' && (offset + 1 >= limit || data[offset + 1] == '\n'))
        return {offset, "expected '\"' to close the string, got " + got(offset)};
      return {offset,
              "expected a printable character or an escape in a string, got " + got(offset)};
    case rapidjson::kParseErrorStringMissQuotationMark:
      if (offset < limit)  // a NUL byte
        return {offset,
                "expected a printable character or an escape in a string, got " + got(offset)};
      return {offset, "expected '\"' to close the string, got " + got(offset)};
    case rapidjson::kParseErrorStringInvalidEncoding:
      return {offset, "expected UTF-8 text, got " + got(offset)};
    case rapidjson::kParseErrorNumberTooBig: {
      size_t stop = offset;
      while (stop < limit && (is_digit(data[stop]) || std::strchr("+-.eE", data[stop]) != nullptr))
        ++stop;
      std::string_view text = data.substr(offset, stop - offset);
      bool integral = text.find_first_of(".eE") == std::string_view::npos;
      return {offset, (integral ? "expected an integer that fits in 64 bits, got "
                                : "expected a number that fits in a double, got ") +
                          json::clip(text)};
    }
    case rapidjson::kParseErrorNumberMissFraction:
      return {offset, "expected a digit after '.', got " + got(offset)};
    case rapidjson::kParseErrorNumberMissExponent:
      return {offset, "expected a digit in the exponent, got " + got(offset)};
    case rapidjson::kParseErrorDocumentEmpty:
      return {offset, "expected a JSON object, got " + got(offset)};
    default: return {offset, "expected valid JSON, got " + got(offset)};
  }
}

// Parses one record object at a time. Reuses its buffers across calls.
class ObjectParser {
 public:
  explicit ObjectParser(std::string_view data) : data_(data) {}

  // Parses the object whose '{' is at `pos`, reading no further than
  // `limit`. On success, record() holds it (line not set) and end() is the
  // offset just past its '}'.
  bool parse(size_t pos, size_t limit) {
    if (fast_.parse(data_, pos, limit, record_, end_)) return true;
    RangeStream stream(data_, pos, limit);
    handler_.reset(&stream, data_, limit, &record_);
    reader_.Parse<json::kParseFlags>(stream, handler_);
    begin_ = pos;
    limit_ = limit;
    end_ = stream.Tell();
    return !reader_.HasParseError();
  }

  Record& record() { return record_; }
  size_t end() const { return end_; }

  // The error of the last failed parse; `end` is the end of the chunk.
  Located error(size_t end) const {
    if (reader_.GetParseErrorCode() == rapidjson::kParseErrorTermination)
      return {handler_.error_offset(), handler_.error_message()};
    return explain(reader_.GetParseErrorCode(), reader_.GetErrorOffset(), data_, begin_, limit_,
                   end);
  }

 private:
  std::string_view data_;
  json::FastRecordParser fast_;
  rapidjson::Reader reader_;
  RecordHandler handler_;
  Record record_;
  size_t begin_ = 0, limit_ = 0, end_ = 0;
};

// Line numbers of offsets visited in (mostly) increasing order, counting
// newlines only between consecutive queries.
class LineCounter {
 public:
  LineCounter(std::string_view data, size_t pos, uint32_t line)
      : data_(data), pos_(pos), line_(line) {}

  uint32_t line_at(size_t offset) {
    if (offset >= pos_) {
      line_ += count(pos_, offset);
    } else {
      line_ -= count(offset, pos_);
    }
    pos_ = offset;
    return line_;
  }

 private:
  uint32_t count(size_t from, size_t to) const {
    uint32_t n = 0;
    const char* p = data_.data() + from;
    const char* stop = data_.data() + to;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', stop - p))) != nullptr) {
      ++n;
      ++p;
    }
    return n;
  }

  std::string_view data_;
  size_t pos_;
  uint32_t line_;
};

// Reads one JSON array of record objects. In lenient mode a bad element is
// skipped by resuming at the next line whose first token (after an
// optional comma) is '{'; each such skip counts once in `skipped`. Input
// that is not an array at all is an error even in lenient mode: there is
// nothing to resynchronise on.
class ArrayReader {
 public:
  ArrayReader(const Source& source, size_t begin, size_t end, uint32_t first_line, RecordSink& sink,
              bool lenient)
      : source_(source),
        data_(source.data),
        end_(end),
        begin_(begin),
        lines_(data_, begin, first_line),
        parser_(data_),
        sink_(sink),
        lenient_(lenient) {}

  ChunkResult run() {
    size_t pos = skip_space(data_, skip_bom(data_, begin_, end_), end_);
    if (pos == end_) return {};
    if (data_[pos] != '[')
      return fail(
          pos, "expected a JSON array of objects, got " + describe_value(data_, pos, end_, end_));
    pos = skip_space(data_, pos + 1, end_);
    if (pos < end_ && data_[pos] == ']') return finish(pos + 1);
    bool first = true;
    while (true) {
      Located bad;
      if (pos >= end_ || data_[pos] != '{') {
        bad = {pos,
               (first ? "expected a JSON object or ']', got " : "expected a JSON object, got ") +
                   describe_value(data_, pos, end_, end_)};
      } else if (!parser_.parse(pos, end_)) {
        bad = parser_.error(end_);
      } else {
        Record& record = parser_.record();
        record.line = lines_.line_at(record.offset);
        if (!sink_.add(record)) return {};
        pos = skip_space(data_, parser_.end(), end_);
        if (pos < end_ && data_[pos] == ']') return finish(pos + 1);
        if (pos < end_ && data_[pos] == ',') {
          pos = skip_space(data_, pos + 1, end_);
          first = false;
          continue;
        }
        bad = {pos, "expected ',' or ']', got " + describe_byte(data_, pos, end_)};
      }
      if (!lenient_) return fail(bad.offset, std::move(bad.message));
      ++result_.skipped;
      pos = resync(bad.offset);
      if (pos == end_) return std::move(result_);
      first = false;
    }
  }

 private:
  ChunkResult finish(size_t pos) {
    pos = skip_space(data_, pos, end_);
    if (pos < end_) {
      if (!lenient_)
        return fail(pos, "expected end of input, got " + describe_byte(data_, pos, end_));
      ++result_.skipped;
    }
    return std::move(result_);
  }

  ChunkResult fail(size_t offset, std::string message) {
    result_.error = source_.error_at(offset, lines_.line_at(offset), std::move(message));
    return std::move(result_);
  }

  // The first '{' after `from` that starts a line (after blanks and an
  // optional comma), or end_.
  size_t resync(size_t from) const {
    size_t pos = from;
    while (pos < end_) {
      const void* nl = std::memchr(data_.data() + pos, '\n', end_ - pos);
      if (nl == nullptr) return end_;
      pos = static_cast<const char*>(nl) - data_.data() + 1;
      size_t p = pos;
      while (p < end_ && (data_[p] == ' ' || data_[p] == '\t' || data_[p] == '\r')) ++p;
      if (p < end_ && data_[p] == ',') ++p;
      while (p < end_ && (data_[p] == ' ' || data_[p] == '\t' || data_[p] == '\r')) ++p;
      if (p < end_ && data_[p] == '{') return p;
    }
    return end_;
  }

  const Source& source_;
  std::string_view data_;
  size_t end_;
  size_t begin_;
  LineCounter lines_;
  ObjectParser parser_;
  RecordSink& sink_;
  bool lenient_;
  ChunkResult result_;
};

}  // namespace

ChunkResult read_jsonl(const Source& source, size_t begin, size_t end, uint32_t first_line,
                       RecordSink& sink, bool lenient) {
  std::string_view data = source.data;
  end = std::min(end, data.size());
  ObjectParser parser(data);
  ChunkResult result;
  uint32_t line = first_line;
  for (size_t pos = skip_bom(data, std::min(begin, end), end); pos < end; ++line) {
    const void* nl = std::memchr(data.data() + pos, '\n', end - pos);
    size_t eol = nl != nullptr ? static_cast<const char*>(nl) - data.data() : end;
    size_t p = pos;
    while (p < eol && (data[p] == ' ' || data[p] == '\t' || data[p] == '\r')) ++p;
    pos = eol + 1;
    if (p == eol) continue;  // blank line
    Located bad;
    if (data[p] != '{') {
      bad = {p, "expected a JSON object, got " + describe_value(data, p, eol, end)};
    } else if (!parser.parse(p, eol)) {
      bad = parser.error(end);
    } else {
      size_t q = parser.end();
      while (q < eol && (data[q] == ' ' || data[q] == '\t' || data[q] == '\r')) ++q;
      if (q == eol) {
        Record& record = parser.record();
        record.line = line;
        if (!sink.add(record)) return {};
        continue;
      }
      bad = {q, "expected end of line, got " + describe_byte(data, q, end)};
    }
    if (!lenient) {
      result.error = source.error_at(bad.offset, line, std::move(bad.message));
      return result;
    }
    ++result.skipped;
  }
  return result;
}

ChunkResult read_json(const Source& source, size_t begin, size_t end, uint32_t first_line,
                      RecordSink& sink, bool lenient) {
  end = std::min(end, source.data.size());
  return ArrayReader(source, std::min(begin, end), end, first_line, sink, lenient).run();
}

}  // namespace ariadne::ingest
