// EdnParser: dispatch, collections, whitespace and errors. Scalars (numbers,
// strings, characters, symbols, keywords) are in edn_scalars.cc.
#include "ingest/edn_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <span>

#include "ingest/edn_chars.h"

namespace ariadne::ingest {

namespace {

thread_local std::vector<Value> tl_stack;

bool is_closer(unsigned char c) { return c == ')' || c == ']' || c == '}'; }

}  // namespace

EdnParser::EdnParser(const Source& source, size_t begin, size_t end, uint32_t line)
    : source_(source),
      data_(source.data.data()),
      begin_(begin),
      pos_(begin),
      end_(std::min(end, source.data.size())),
      line_(line),
      stack_(tl_stack),
      base_(tl_stack.size()) {
  if (begin_ > end_) begin_ = pos_ = end_;
}

EdnParser::~EdnParser() {
  if (stack_.size() > base_) stack_.resize(base_);
}

void EdnParser::reset(int depth) {
  depth_ = depth;
  if (stack_.size() > base_) stack_.resize(base_);
  failed_ = false;
}

bool EdnParser::enter(size_t offset) {
  if (depth_ >= kMaxDepth)
    return fail(offset, "expected at most " + std::to_string(kMaxDepth) +
                            " levels of nesting, got " + std::to_string(kMaxDepth + 1));
  ++depth_;
  return true;
}

bool EdnParser::fail(size_t offset, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_offset_ = offset;
    error_line_ = line_at(offset);
    error_message_ = std::move(message);
  }
  return false;
}

ParseError EdnParser::error() const {
  return source_.error_at(error_offset_, error_line_, error_message_);
}

std::string EdnParser::describe(size_t offset) const {
  if (offset >= end_) {
    bool at_break = end_ < source_.data.size() && (data_[end_] == '\n' || data_[end_] == '\r') &&
                    (end_ == 0 || data_[end_ - 1] != '\n');
    return at_break ? "end of line" : "end of input";
  }
  return describe_byte(source_.data, offset, end_);
}

size_t EdnParser::end_of_content() const {
  size_t p = end_;
  while (p > begin_ && edn_chars::is(static_cast<unsigned char>(data_[p - 1]), edn_chars::kSpace))
    --p;
  return p;
}

uint32_t EdnParser::line_at(size_t offset) const {
  if (offset <= pos_)
    return line_ - static_cast<uint32_t>(std::count(data_ + offset, data_ + pos_, '\n'));
  size_t to = std::min(offset, source_.data.size());
  return line_ + static_cast<uint32_t>(std::count(data_ + pos_, data_ + to, '\n'));
}

std::string EdnParser::display(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < kMax) {
    unsigned char c = text[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size();
    for (size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (!ok || (n == 1 && (c < 0x20 || c == 0x7f))) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  if (i < text.size()) out += "...";
  return out;
}

bool EdnParser::skip_space_slow() {
  while (pos_ < end_) {
    unsigned char c = static_cast<unsigned char>(data_[pos_]);
    if (c == '\n') {
      ++line_;
      ++pos_;
    } else if (edn_chars::is(c, edn_chars::kSpace)) {
      ++pos_;
    } else if (c == ';') {
      const void* nl = std::memchr(data_ + pos_, '\n', end_ - pos_);
      pos_ = nl != nullptr ? static_cast<const char*>(nl) - data_ : end_;
    } else if (c == '#' && pos_ + 1 < end_ && data_[pos_ + 1] == '_') {
      if (!enter(pos_)) return false;
      pos_ += 2;
      if (!skip_space()) return false;
      if (pos_ >= end_ || is_closer(data_[pos_]))
        return fail(pos_ >= end_ ? end_of_content() : pos_,
                    "expected a form to discard after #_, got " + describe(pos_));
      Value discarded;
      if (!parse_value(discarded)) return false;
      leave();
    } else {
      return true;
    }
  }
  return true;
}

bool EdnParser::parse_value(Value& out) {
  if (pos_ >= end_) return fail(end_of_content(), "expected a value, got " + describe(pos_));
  unsigned char c = static_cast<unsigned char>(data_[pos_]);
  size_t open = pos_;
  switch (c) {
    case '"': return parse_string(out);
    case ':': return parse_keyword(out);
    case '#': return parse_dispatch(out);
    case '\\': return parse_char(out);
    case '[': ++pos_; return parse_collection(open, ']', "vector", out);
    case '(': ++pos_; return parse_collection(open, ')', "list", out);
    case '{': ++pos_; return parse_collection(open, '}', "map", out);
    case '+':
    case '-':
      if (pos_ + 1 < end_ && edn_chars::is(data_[pos_ + 1], edn_chars::kDigit))
        return parse_number(out);
      return parse_symbol(out);
    default: break;
  }
  if (edn_chars::is(c, edn_chars::kDigit)) return parse_number(out);
  if (edn_chars::is(c, edn_chars::kSymbolStart)) return parse_symbol(out);
  return fail(pos_, "expected a value, got " + describe(pos_));
}

bool EdnParser::parse_dispatch(Value& out) {
  size_t at = pos_;
  size_t next = at + 1;
  unsigned char c = next < end_ ? static_cast<unsigned char>(data_[next]) : 0;
  if (next < end_ && c == '{') {
    pos_ = at + 2;
    return parse_collection(at, '}', "set", out);
  }
  if (next < end_ && c == '_') {
    if (!skip_space()) return false;
    return parse_value(out);
  }
  if (next < end_ && c == '#') {
    size_t stop = scan_token(at + 2);
    std::string_view name(data_ + at + 2, stop - at - 2);
    if (name == "Inf") {
      out = Value::floating(std::numeric_limits<double>::infinity());
    } else if (name == "-Inf") {
      out = Value::floating(-std::numeric_limits<double>::infinity());
    } else if (name == "NaN") {
      out = Value::floating(std::numeric_limits<double>::quiet_NaN());
    } else {
      return fail(at, "expected ##Inf, ##-Inf or ##NaN, got ##" + display(name));
    }
    pos_ = stop;
    return true;
  }
  if (at_tag()) {
    std::string_view tag;
    if (!enter(at) || !skip_tag(tag)) return false;
    if (pos_ >= end_ || is_closer(data_[pos_]))
      return fail(pos_ >= end_ ? end_of_content() : pos_,
                  "expected a value after the tag #" + display(tag) + ", got " + describe(pos_));
    if (!parse_value(out)) return false;
    leave();
    return true;
  }
  return fail(next, "expected a tag, '{', '_' or '#' after '#', got " + describe(next));
}

bool EdnParser::skip_tag(std::string_view& tag) {
  size_t start = pos_ + 1;
  size_t stop = scan_token(start);
  if (!check_utf8(start, stop)) return false;
  tag = std::string_view(data_ + start, stop - start);
  pos_ = stop;
  return skip_space();
}

std::string EdnParser::close_message(char close, std::string_view what, uint32_t open_line,
                                     size_t at) const {
  std::string m = "expected '";
  m += close;
  m += "' to close the ";
  m += what;
  m += " opened at line " + std::to_string(open_line) + ", got " + describe(at);
  return m;
}

bool EdnParser::parse_collection(size_t open, char close, std::string_view what, Value& out) {
  uint32_t open_line = line_;
  if (!enter(open)) return false;
  const bool is_map = what == "map";
  const size_t mark = stack_.size();
  for (;;) {
    if (!skip_space()) return false;
    if (pos_ >= end_) return fail(end_of_content(), close_message(close, what, open_line, pos_));
    unsigned char c = static_cast<unsigned char>(data_[pos_]);
    if (c == static_cast<unsigned char>(close)) {
      ++pos_;
      break;
    }
    if (is_closer(c)) return fail(pos_, close_message(close, what, open_line, pos_));
    Value item;
    if (!parse_value(item)) return false;
    stack_.push_back(item);
    if (is_map) {
      if (!skip_space()) return false;
      if (pos_ >= end_ || is_closer(data_[pos_]))
        return fail(
            pos_ >= end_ ? end_of_content() : pos_,
            "expected a value for key " + display(to_edn(item)) + ", got " + describe(pos_));
      Value value;
      if (!parse_value(value)) return false;
      stack_.push_back(value);
    }
  }
  std::span<const Value> items(stack_.data() + mark, stack_.size() - mark);
  if (what == "set") {
    out = Value::set(items);
    if (out.size() != items.size()) return fail_duplicate(open, open_line, mark, false);
  } else if (is_map) {
    out = Value::map(items);
    if (out.size() * 2 != items.size()) return fail_duplicate(open, open_line, mark, true);
  } else {
    out = Value::vector(items);
  }
  stack_.resize(mark);
  leave();
  return true;
}

// Error path only: finds the first element (in input order) equal to an
// earlier one, then re-parses the collection to learn where it starts.
bool EdnParser::fail_duplicate(size_t open, uint32_t open_line, size_t mark, bool is_map) {
  const size_t step = is_map ? 2 : 1;
  const size_t n = (stack_.size() - mark) / step;
  std::vector<Value> elems(n);
  for (size_t k = 0; k < n; ++k) elems[k] = stack_[mark + k * step];
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return elems[a] < elems[b]; });
  size_t dup = n;
  for (size_t k = 1; k < n; ++k)
    if (elems[order[k]] == elems[order[k - 1]]) dup = std::min(dup, order[k]);
  if (dup == n) dup = 0;  // unreachable: the caller saw fewer distinct elements
  const Value key = elems[dup];

  EdnParser sub(source_, open, end_, open_line);
  sub.depth_ = depth_;
  sub.pos_ = open + (data_[open] == '#' ? 2 : 1);
  for (size_t k = 0; k < dup * step; ++k) {
    Value ignored;
    if (!sub.skip_space() || !sub.parse_value(ignored)) break;
  }
  sub.skip_space();
  std::string text = display(to_edn(key));
  return fail(sub.pos_, is_map ? "duplicate key " + text : "duplicate set element " + text);
}

}  // namespace ariadne::ingest
