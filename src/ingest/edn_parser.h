// EdnParser — the EDN value grammar over one byte range of a Source.
//
// Shared by the EDN reader (which adds records, top-level vectors and
// lenient recovery on top) and the Jepsen log reader (one value per field).
//
// Grammar accepted (see SPEC section 1): nil, true, false; integers with an
// optional sign and `N` suffix that fit in int64; floats with a fraction
// and/or exponent and an optional `M` suffix; ##Inf, ##-Inf, ##NaN; strings
// (valid UTF-8, escapes \" \\ \b \f \n \r \t \uXXXX with surrogate pairs);
// characters (\a, \newline, \space, \tab, \return, \backspace, \formfeed,
// \uXXXX), read as one-character strings; keywords; symbols; vectors; lists
// (read as vectors); sets; maps; tagged values `#tag value` (read as the
// value). Whitespace includes commas, `;` comments run to the end of the
// line, and `#_` discards the next form. Duplicate map keys and duplicate set
// elements are errors. Nesting (collections, tags, discards) is limited to
// kMaxDepth levels.
//
// Invariants:
//  * begin_ <= pos_ <= end_, and line_ is the line number of pos_.
//  * No byte at or beyond end_ is ever read.
//  * After a failure, the first error is kept and every later call is
//    undefined until clear_error(); the value stack may hold leftovers above
//    the parser's base, which reset() and the destructor discard.
//
// Buffers (the element stack, the unescaping buffer) are thread_local and
// shared by every parser of a thread, so a parser costs no allocation once a
// thread has warmed up. Parsers may nest (a sink may parse while a reader
// runs) because each one only touches the stack above its own base.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"

namespace ariadne::ingest {

class EdnParser {
 public:
  static constexpr int kMaxDepth = 512;

  EdnParser(const Source& source, size_t begin, size_t end, uint32_t line);
  ~EdnParser();
  EdnParser(const EdnParser&) = delete;
  EdnParser& operator=(const EdnParser&) = delete;

  const Source& source() const { return source_; }
  const char* data() const { return data_; }
  size_t pos() const { return pos_; }
  uint32_t line() const { return line_; }
  size_t end() const { return end_; }
  bool at_end() const { return pos_ >= end_; }
  // REQUIRES: !at_end().
  unsigned char peek() const { return static_cast<unsigned char>(data_[pos_]); }
  // REQUIRES: !at_end() and peek() != '\n'.
  void advance() { ++pos_; }
  // Moves to `pos`, which lies on line `line`.
  void seek(size_t pos, uint32_t line) {
    pos_ = pos;
    line_ = line;
  }

  // Skips whitespace, commas, comments and `#_` discarded forms. Returns
  // false on an error inside a discarded form.
  bool skip_space() {
    while (pos_ < end_) {
      unsigned char c = static_cast<unsigned char>(data_[pos_]);
      if (c == ' ' || c == ',' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\n') {
        ++pos_;
        ++line_;
      } else if (c == ';' || c == '#' || c == '\f' || c == '\v') {
        return skip_space_slow();
      } else {
        return true;
      }
    }
    return true;
  }

  // Parses the value starting exactly at pos() (no leading whitespace).
  bool parse_value(Value& out);

  // True at `#` followed by a letter: the start of a tagged literal.
  bool at_tag() const {
    return pos_ + 1 < end_ && data_[pos_] == '#' &&
           ((data_[pos_ + 1] >= 'a' && data_[pos_ + 1] <= 'z') ||
            (data_[pos_ + 1] >= 'A' && data_[pos_ + 1] <= 'Z'));
  }
  // REQUIRES: at_tag(). Steps over the tag and the space after it; `tag`
  // gets its name (without '#'). False on an error.
  bool skip_tag(std::string_view& tag);

  // Nesting accounting: enter() fails (at `offset`) beyond kMaxDepth.
  bool enter(size_t offset);
  void leave() { --depth_; }
  int depth() const { return depth_; }

  // Validates data[from, to) as UTF-8; on a bad sequence fails at it.
  bool check_utf8(size_t from, size_t to);

  // Records an error at `offset` and returns false. Keeps the first one.
  bool fail(size_t offset, std::string message);
  bool failed() const { return failed_; }
  size_t error_offset() const { return error_offset_; }
  uint32_t error_line() const { return error_line_; }
  const std::string& error_message() const { return error_message_; }
  ParseError error() const;
  void clear_error() { failed_ = false; }
  // Forgets any partial collection: depth back to `depth`, stack to base.
  void reset(int depth);

  // "got ..." text for the byte at `offset`: "end of line" when the range
  // ends at a line break, "end of input" when it ends anywhere else.
  std::string describe(size_t offset) const;
  // Where an "end of input" error points: just after the last byte that is
  // not whitespace, so that the caret sits where the missing text belongs.
  size_t end_of_content() const;
  // Line number of `offset`, counted from pos_/line_.
  uint32_t line_at(size_t offset) const;

  // The text of a token or key for a message: cut to a short window, with
  // unprintable bytes shown as '?'.
  static std::string display(std::string_view text);
  // "expected ']' to close the vector opened at line 3, got <byte at `at`>".
  std::string close_message(char close, std::string_view what, uint32_t open_line, size_t at) const;

 private:
  bool skip_space_slow();
  size_t scan_token(size_t from) const;
  bool take_utf8(size_t& i);
  bool parse_number(Value& out);
  bool parse_float(std::string_view token, size_t start, size_t sign_len, Value& out);
  bool parse_string(Value& out);
  bool parse_string_slow(size_t open, uint32_t open_line, size_t i, Value& out);
  bool parse_escape(size_t& i, std::string& buf);
  bool read_hex4(size_t at, uint32_t& cp) const;
  bool parse_char(Value& out);
  bool parse_keyword(Value& out);
  bool parse_symbol(Value& out);
  bool parse_dispatch(Value& out);
  bool parse_collection(size_t open, char close, std::string_view what, Value& out);
  bool fail_duplicate(size_t open, uint32_t open_line, size_t mark, bool is_map);

  const Source& source_;
  const char* data_;
  size_t begin_;
  size_t pos_;
  size_t end_;
  uint32_t line_;
  int depth_ = 0;
  std::vector<Value>& stack_;
  size_t base_;

  bool failed_ = false;
  size_t error_offset_ = 0;
  uint32_t error_line_ = 0;
  std::string error_message_;
};

// Appends the UTF-8 encoding of code point `cp` (<= 0x10FFFF).
void append_utf8(std::string& out, uint32_t cp);

}  // namespace ariadne::ingest
