// ShortTextCache: interning of short keywords and strings without hashing.
// (Text of up to Value::kInlineText bytes needs no interning and skips it.)
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ariadne/value.h"

namespace ariadne::ingest {

// A per-thread, direct-mapped cache in front of Value::keyword and
// Value::string for texts of at most 16 bytes: in a history the same short
// keywords and strings recur on every line, and a hit here costs a couple of
// word compares instead of hashing and interning. Interned values live
// forever, so a cached Value never dangles.
class ShortTextCache {
 public:
  static constexpr size_t kMaxLen = 16;

  // REQUIRES: n <= kMaxLen. `readable` bytes from p may be read (>= n).
  template <Value (*Make)(std::string_view)>
  Value get(uint64_t kind, const char* p, size_t n, size_t readable) {
    uint64_t lo = 0, hi = 0;
    if (std::endian::native == std::endian::little && readable >= kMaxLen) {
      std::memcpy(&lo, p, 8);
      std::memcpy(&hi, p + 8, 8);
      if (n < 8) {
        lo &= n == 0 ? 0 : ~uint64_t{0} >> (64 - 8 * n);
        hi = 0;
      } else if (n < 16) {
        hi &= n == 8 ? 0 : ~uint64_t{0} >> (64 - 8 * (n - 8));
      }
    } else {
      char buf[kMaxLen] = {};
      std::memcpy(buf, p, n);
      std::memcpy(&lo, buf, 8);
      std::memcpy(&hi, buf + 8, 8);
    }
    const uint64_t meta = (kind << 8) | (n + 1);
    uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full) ^ (meta << 40);
    Slot& slot = slots_[(h ^ (h >> 29)) & (kSlots - 1)];
    if (slot.meta == meta && slot.lo == lo && slot.hi == hi) return slot.value;
    Value v = Make(std::string_view(p, n));
    slot = Slot{lo, hi, meta, v};
    return v;
  }

 private:
  static constexpr size_t kSlots = 1024;
  struct Slot {
    uint64_t lo = 0, hi = 0;
    uint64_t meta = 0;  // kind << 8 | (length + 1); 0 when empty
    Value value;
  };
  Slot slots_[kSlots];
};

}  // namespace ariadne::ingest
