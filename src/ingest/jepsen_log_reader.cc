// read_jepsen_log: the text log Jepsen prints, as in Porcupine's etcd data:
//
//   INFO  jepsen.util - 3	:invoke	:read	nil
//   INFO  jepsen.util - 4	:info	:write	:timed-out	indeterminate
//
// A line is an operation iff it contains "jepsen.util - ". After the marker
// come process (integer or keyword), type (keyword), f (keyword) and value
// (one EDN value), separated by a tab or by runs of spaces. Jepsen prints an
// op's error after one more tab: when text follows the value after a tab
// (or, on a line whose separators are all spaces, after spaces), it is the
// `error` field — one EDN value if it reads as exactly one, else its raw text
// as a string (Jepsen prints errors with `str`, not `pr-str`).
//
// Lines without the marker are other loggers' output: counted in
// ChunkResult::ignored (blank lines are not counted). A line with the marker
// that does not parse is a syntax error.
#include <cstring>
#include <string_view>

#include "ingest/edn_parser.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

namespace {

constexpr std::string_view kMarker = "jepsen.util - ";

struct FieldNames {
  Value process = Value::keyword("process");
  Value type = Value::keyword("type");
  Value f = Value::keyword("f");
  Value value = Value::keyword("value");
  Value error = Value::keyword("error");
};

bool is_blank(std::string_view text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

// Steps over spaces and tabs; returns whether a tab was among them.
bool skip_blanks(EdnParser& p) {
  bool tab = false;
  while (!p.at_end() && (p.peek() == ' ' || p.peek() == '\t')) {
    tab |= p.peek() == '\t';
    p.advance();
  }
  return tab;
}

class LineParser {
 public:
  LineParser(EdnParser& p, const FieldNames& names, Record& record)
      : p_(p), names_(names), record_(record) {}

  // Parses the fields after the marker (p_ stands just after it).
  bool parse() {
    record_.fields.clear();
    skip_blanks(p_);
    Value v;
    if (!field(names_.process, "an integer or keyword for :process", v)) return false;
    if (v.kind() != Kind::kInt && v.kind() != Kind::kKeyword) return wrong_kind(v);
    if (!separator() || !field(names_.type, "a keyword for :type", v)) return false;
    if (v.kind() != Kind::kKeyword) return wrong_kind(v);
    if (!separator() || !field(names_.f, "a keyword for :f", v)) return false;
    if (v.kind() != Kind::kKeyword) return wrong_kind(v);
    if (!separator() || !field(names_.value, "a value", v)) return false;
    return error_field();
  }

 private:
  // Reads one value as field `name`; `what` names it in messages.
  bool field(Value name, std::string_view what, Value& v) {
    what_ = what;
    at_ = p_.pos();
    if (p_.at_end())
      return p_.fail(p_.end_of_content(),
                     "expected " + std::string(what) + ", got " + p_.describe(p_.pos()));
    if (!p_.parse_value(v)) return false;
    record_.fields.push_back(Field{name, v, at_});
    return true;
  }

  bool wrong_kind(Value v) {
    return p_.fail(at_,
                   "expected " + std::string(what_) + ", got " + std::string(kind_name(v.kind())));
  }

  bool separator() {
    size_t start = p_.pos();
    tabbed_ |= skip_blanks(p_);
    if (p_.pos() == start && !p_.at_end())
      return p_.fail(p_.pos(),
                     "expected a tab or spaces between fields, got " + p_.describe(p_.pos()));
    return true;
  }

  bool error_field() {
    const size_t gap = p_.pos();
    const bool tab = skip_blanks(p_);
    if (p_.at_end()) return true;
    if (p_.pos() == gap || (tabbed_ && !tab))
      return p_.fail(p_.pos(),
                     "expected a tab or end of line after the value, got " + p_.describe(p_.pos()));
    const size_t at = p_.pos();
    size_t stop = p_.end();
    while (stop > at && (p_.data()[stop - 1] == ' ' || p_.data()[stop - 1] == '\t')) --stop;
    Value error;
    EdnParser whole(p_.source(), at, stop, p_.line());
    bool one_value = whole.parse_value(error) && whole.skip_space() && whole.at_end();
    if (!one_value) {
      if (!p_.check_utf8(at, stop)) return false;
      error = Value::string(std::string_view(p_.data() + at, stop - at));
    }
    record_.fields.push_back(Field{names_.error, error, at});
    return true;
  }

  EdnParser& p_;
  const FieldNames& names_;
  Record& record_;
  std::string_view what_;
  size_t at_ = 0;
  bool tabbed_ = false;
};

}  // namespace

ChunkResult read_jepsen_log(const Source& source, size_t begin, size_t end, uint32_t first_line,
                            RecordSink& sink, bool lenient) {
  const FieldNames names;
  const char* data = source.data.data();
  end = std::min(end, source.data.size());
  ChunkResult result;
  Record record;
  uint32_t line = first_line;
  size_t pos = begin;
  if (begin == 0 && source.data.substr(0, end).starts_with("\xEF\xBB\xBF")) pos = 3;
  while (pos < end) {
    const void* nl = std::memchr(data + pos, '\n', end - pos);
    const size_t line_end = nl != nullptr ? static_cast<const char*>(nl) - data : end;
    size_t content_end = line_end;
    if (content_end > pos && data[content_end - 1] == '\r') --content_end;
    std::string_view text(data + pos, content_end - pos);
    if (!is_blank(text)) {
      const size_t marker = text.find(kMarker);
      if (marker == std::string_view::npos) {
        ++result.ignored;
      } else {
        EdnParser p(source, pos, content_end, line);
        p.seek(pos + marker + kMarker.size(), line);
        record.offset = pos;
        record.line = line;
        LineParser fields(p, names, record);
        if (fields.parse()) {
          if (!sink.add(record)) return ChunkResult{};
        } else if (lenient) {
          ++result.skipped;
        } else {
          result.error = p.error();
          return result;
        }
      }
    }
    pos = line_end + 1;
    ++line;
  }
  return result;
}

}  // namespace ariadne::ingest
