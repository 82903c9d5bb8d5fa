// ariadne/value.h — immutable, interned values read from histories.
//
// A Value is one 64-bit word. Small integers, booleans and null live in the
// word itself; every other value (strings, keywords, symbols, large
// integers, floats, vectors, sets, maps) is hash-consed: built once in a
// process-wide table and referred to by pointer. Hence:
//   * equality is a comparison of words (operator==), O(1);
//   * hash() is a deterministic content hash (the same in every run), O(1);
//   * a Value can be copied, stored and compared without any pool at hand.
//
// Equality follows Clojure's `=` where EDN and JSON meet: a list reads as
// the vector of the same elements; sets and maps are canonical (sets sorted
// and free of duplicates, maps sorted by key), so order in the input does not
// matter. Integers and floats are different kinds: 1 and 1.0 are not equal.
//
// Interned records are never freed; they live until the process exits.
//
// Text of at most kInlineText bytes (strings, keywords, symbols) is not
// interned but kept in the word itself, like small integers. Its as_text()
// then views bytes inside the Value object: the view is valid while that
// object lives and is not assigned to. Keep the Value (not only the view)
// alive, and never return the view of a by-value parameter or of a
// temporary.
//
// Thread safety: every function here may be called from any thread at any
// time. Building values takes a sharded lock only when a value is new to
// the calling thread's cache.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

namespace ariadne {

enum class Kind : uint8_t {
  kNull,
  kBool,
  kInt,
  kFloat,
  kString,
  kKeyword,
  kSymbol,
  kVector,
  kSet,
  kMap,
};

// Name of a kind as used in error messages ("integer", "string", ...).
std::string_view kind_name(Kind kind);

class Value {
 public:
  constexpr Value() = default;  // null

  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value((uint64_t{b} << kTagBits) | kTagBool); }
  static Value integer(int64_t v);
  static Value floating(double v);
  static Value string(std::string_view text) { return text_value(kTagString, text); }
  // The name without the colon.
  static Value keyword(std::string_view name) { return text_value(kTagKeyword, name); }
  static Value symbol(std::string_view name) { return text_value(kTagSymbol, name); }
  static Value vector(std::span<const Value> items);
  // Sorts and removes duplicates.
  static Value set(std::span<const Value> items);
  // `pairs` alternates key, value. Sorted by key; of duplicate keys the
  // last one wins.
  static Value map(std::span<const Value> pairs);

  // Longest text kept inline (see above).
  static constexpr size_t kInlineText = 7;

  Kind kind() const { return kKindByTag[tag()]; }
  bool is_null() const { return bits_ == 0; }
  bool is_int() const { return tag() == kTagSmallInt || tag() == kTagBigInt; }
  // Strings, keywords and symbols.
  bool is_text() const { return ((uint64_t{1} << tag()) & kTextTags) != 0; }

  // REQUIRES: the matching kind.
  bool as_bool() const { return (bits_ >> kTagBits) != 0; }
  int64_t as_int() const {
    if (tag() == kTagSmallInt) return static_cast<int64_t>(bits_) >> kTagBits;
    return boxed_int();
  }
  double as_float() const;
  // See the note on inline text above for how long the view is valid.
  std::string_view as_text() const;
  // Vector and set elements; for a map, keys and values alternating.
  std::span<const Value> items() const;
  // Elements of a vector or set, entries of a map, characters of text.
  size_t size() const;

  // Map lookup; null when absent or when this is not a map.
  Value get(Value key) const;

  uint64_t hash() const;
  uint64_t bits() const { return bits_; }
  static Value from_bits(uint64_t bits) { return Value(bits); }

  friend bool operator==(Value a, Value b) { return a.bits_ == b.bits_; }

 private:
  friend struct ValueAccess;
  static constexpr int kTagBits = 4;
  static constexpr uint64_t kTagMask = (1u << kTagBits) - 1;
  enum Tag : uint64_t {
    kTagNull = 0,
    kTagBool = 1,
    kTagSmallInt = 2,
    kTagBigInt = 3,
    kTagFloat = 4,
    kTagString = 5,
    kTagKeyword = 6,
    kTagSymbol = 7,
    kTagVector = 8,
    kTagSet = 9,
    kTagMap = 10,
    // Inline text: bits 4-6 hold the length, bytes 1-7 the text (byte i
    // of the text is byte i + 1 of the word in memory), unused bytes zero.
    // Tag 15 is never used: other code may mark its own words with it.
    kTagInlineString = 11,
    kTagInlineKeyword = 12,
    kTagInlineSymbol = 13,
  };
  static constexpr uint64_t kTextTags = (1u << kTagString) | (1u << kTagKeyword) |
                                        (1u << kTagSymbol) | (1u << kTagInlineString) |
                                        (1u << kTagInlineKeyword) | (1u << kTagInlineSymbol);
  static constexpr Kind kKindByTag[16] = {
      Kind::kNull,    Kind::kBool,   Kind::kInt,    Kind::kInt, Kind::kFloat, Kind::kString,
      Kind::kKeyword, Kind::kSymbol, Kind::kVector, Kind::kSet, Kind::kMap,   Kind::kString,
      Kind::kKeyword, Kind::kSymbol, Kind::kNull,   Kind::kNull};
  constexpr explicit Value(uint64_t bits) : bits_(bits) {}
  uint64_t tag() const { return bits_ & kTagMask; }
  int64_t boxed_int() const;
  // `tag` is kTagString, kTagKeyword or kTagSymbol.
  static Value text_value(uint64_t tag, std::string_view text) {
    size_t n = text.size();
    if (n > kInlineText) return interned_text(tag, text);
    // Byte i of the text goes to bits 8i..8i+7; the loads never leave the
    // text (two overlapping ones from 4 bytes up).
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    uint64_t bytes = 0;
    if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      bytes = lo | (uint64_t{hi} << (8 * (n - 4)));
    } else if (n > 0) {
      bytes = p[0] | (uint64_t{p[n / 2]} << (8 * (n / 2))) | (uint64_t{p[n - 1]} << (8 * (n - 1)));
    }
    return Value((bytes << 8) | (uint64_t{n} << kTagBits) |
                 (tag + (kTagInlineString - kTagString)));
  }
  static Value interned_text(uint64_t tag, std::string_view text);

  uint64_t bits_ = 0;
};

// A total order: by kind, then numerically, lexicographically by bytes, or
// element by element. Deterministic across runs.
int compare(Value a, Value b);
inline bool operator<(Value a, Value b) { return compare(a, b) < 0; }

struct ValueHash {
  size_t operator()(Value v) const { return v.hash(); }
};

// Clojure/EDN text: nil, true, 42, 1.5, "s", :kw, sym, [..], #{..}, {..}.
void append_edn(std::string& out, Value v);
std::string to_edn(Value v);

// JSON text: keywords and symbols become strings of their name, sets
// become arrays, maps with non-text keys get their keys' EDN text.
void append_json(std::string& out, Value v);
std::string to_json(Value v);

// For messages: the kind and the EDN text, cut to about `max_chars`:
// `integer 3`, `string "x"`, `vector [1 2]`; just `nil`, `true`, `false`.
std::string describe_value(Value v, size_t max_chars = 40);

// JSON string literal (with quotes) for UTF-8 text.
void append_json_string(std::string& out, std::string_view text);

}  // namespace ariadne
