#include "ingest/record_limit.h"

namespace ariadne::ingest {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ','; }

}  // namespace

RecordLimit::RecordLimit(Format format, size_t max_record_bytes)
    : lines_(format == Format::kJsonl || format == Format::kJepsenLog), max_(max_record_bytes) {}

void RecordLimit::open_record() {
  open_ = true;
  start_ = scanned_;
  start_line_ = line_;
}

bool RecordLimit::step_line(char c) {
  if (c == '\n') {
    open_ = false;
    return false;
  }
  if (!open_) open_record();
  return true;
}

// Invariant: open_ exactly when the bytes since start_ are one record not
// yet ended; strings, comments and character literals only occur inside one.
bool RecordLimit::step_structure(char c) {
  if (in_string_) {
    if (escaped_)
      escaped_ = false;
    else if (c == '\\')
      escaped_ = true;
    else if (c == '"')
      in_string_ = false;
    return true;
  }
  if (escaped_) {  // an EDN character literal's character
    escaped_ = false;
    return true;
  }
  if (in_comment_) {
    if (c != '\n') return true;
    in_comment_ = false;
    if (depth_ <= base_) open_ = false;
    return open_;
  }
  if (is_space(c)) {
    if (depth_ <= base_) open_ = false;  // ends a scalar or a tag at the records' level
    return open_;
  }
  if (base_ < 0) base_ = (c == '[' || c == '(') ? 1 : 0;
  if (!open_ && depth_ >= base_) open_record();
  bool part = open_;
  switch (c) {
    case '"': in_string_ = true; break;
    case '\\': escaped_ = true; break;
    case ';': in_comment_ = true; break;
    case '[':
    case '(':
    case '{': ++depth_; break;
    case ']':
    case ')':
    case '}':
      if (depth_ > 0) --depth_;
      if (depth_ <= base_) open_ = false;  // a record's container closed
      break;
    default: break;
  }
  return part;
}

std::optional<size_t> RecordLimit::feed(std::string_view data) {
  for (; scanned_ < data.size(); ++scanned_) {
    char c = data[scanned_];
    bool part = lines_ ? step_line(c) : step_structure(c);
    if (part && scanned_ - start_ >= max_) return start_;
    if (c == '\n') ++line_;
  }
  return std::nullopt;
}

}  // namespace ariadne::ingest
