// Pieces shared by the fast paths of the JSON and EDN readers (json_fast.h,
// edn_fast.h); KeyCache also serves RapidJSON's record handler. Each
// scanner either takes its input whole or reports failure without
// consuming anything, so the caller can fall back to its full parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ariadne/value.h"

namespace ariadne::ingest::fast {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `-?(0|[1-9][0-9]*)` at data[p] (before `limit`) with at most 18
// digits, so that it surely fits in 64 bits. Leaves `p` just past it. Does
// not look at what follows: the caller checks the delimiter, which decides
// (as with a leading zero followed by a digit) whether this was a number.
inline bool small_integer(const char* data, size_t& p, size_t limit, Value& out) {
  size_t q = p;
  bool negative = q < limit && data[q] == '-';
  if (negative) ++q;
  if (q >= limit || !is_digit(data[q])) return false;
  size_t first = q;
  int64_t v = 0;
  if (data[q] == '0') {
    ++q;
  } else {
    for (; q < limit && is_digit(data[q]); ++q) {
      if (q - first == 18) return false;
      v = v * 10 + (data[q] - '0');
    }
  }
  out = Value::integer(negative ? -v : v);
  p = q;
  return true;
}

// Record keys as keywords. Records of one history repeat their keys in the
// same order, so keys too long to be inline are cached by position.
class KeyCache {
 public:
  Value get(size_t index, std::string_view text) {
    if (text.size() <= Value::kInlineText || index >= kSlots) return Value::keyword(text);
    Slot& slot = slots_[index];
    if (slot.key.is_null() || slot.text != text) {
      slot.text.assign(text);
      slot.key = Value::keyword(text);
    }
    return slot.key;
  }

 private:
  static constexpr size_t kSlots = 16;
  struct Slot {
    std::string text;
    Value key;  // null while unset
  };
  Slot slots_[kSlots];
};

// Whether `name` is already a field's name. Fast paths leave records of
// more than kMaxFields fields to the full parser, so a linear scan will do.
template <class Fields>
bool has_name(const Fields& fields, Value name) {
  for (const auto& f : fields)
    if (f.name == name) return true;
  return false;
}

inline constexpr size_t kMaxFields = 32;
inline constexpr int kMaxDepth = 32;

}  // namespace ariadne::ingest::fast
