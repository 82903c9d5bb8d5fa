// Interning of values.
//
// Invariants:
//  * Every non-inline value is a Record allocated once, in a shard chosen by
//    its hash, and never moved or freed. A Value holds its address (records
//    are 16-byte aligned, so the low 4 bits carry the tag).
//  * A record is canonical: two records with equal tag and equal payload are
//    the same record. Therefore equal values have equal bits.
//  * Integers in [-2^59, 2^59) are always inline; larger ones always boxed,
//    so each integer has exactly one representation. Likewise text of at
//    most kInlineText bytes is always inline, longer text always boxed.
//  * A record's hash is computed from its tag and payload alone (never from
//    addresses), so hashes are the same in every run.
#include "ariadne/value.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace ariadne {

static_assert(std::endian::native == std::endian::little,
              "inline text lies in bytes 1-7 of the word (little-endian)");

namespace {

struct alignas(16) Record {
  uint64_t hash;
  uint32_t size;  // bytes for text, elements for vectors/sets, entries for maps
  uint32_t tag;
  const char* bytes() const { return reinterpret_cast<const char*>(this + 1); }
  const Value* values() const { return reinterpret_cast<const Value*>(this + 1); }
};
static_assert(sizeof(Record) == 16);

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;

uint64_t fmix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

uint64_t hash_bytes(uint64_t seed, const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = seed ^ (n * kMul);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  return fmix(h);
}

constexpr size_t kShards = 64;
constexpr size_t kBlockBytes = 1 << 20;

// A table slot: the record and a copy of its hash, so that probing compares
// hashes without touching records (each touch is likely a cache miss).
struct Slot {
  uint64_t hash = 0;
  const Record* record = nullptr;
};

bool holds(const Record* r, uint32_t tag, uint32_t size, const void* payload,
           size_t payload_bytes) {
  return r->tag == tag && r->size == size &&
         (payload_bytes == 0 || std::memcmp(r + 1, payload, payload_bytes) == 0);
}

class Shard {
 public:
  // Returns the canonical record for (tag, payload), creating it if needed.
  const Record* intern(uint32_t tag, uint64_t hash, uint32_t size, const void* payload,
                       size_t payload_bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    if ((count_ + 1) * 2 > table_.size()) grow();
    size_t mask = table_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = table_[i];
      if (slot.record == nullptr) {
        Record* fresh = allocate(payload_bytes);
        fresh->hash = hash;
        fresh->size = size;
        fresh->tag = tag;
        if (payload_bytes > 0) std::memcpy(fresh + 1, payload, payload_bytes);
        slot = {hash, fresh};
        ++count_;
        return fresh;
      }
      if (slot.hash == hash && holds(slot.record, tag, size, payload, payload_bytes))
        return slot.record;
    }
  }

 private:
  void grow() {
    std::vector<Slot> old(std::max<size_t>(table_.size() * 2, 1024));
    old.swap(table_);
    size_t mask = table_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.record == nullptr) continue;
      size_t i = slot.hash & mask;
      while (table_[i].record != nullptr) i = (i + 1) & mask;
      table_[i] = slot;
    }
  }

  Record* allocate(size_t payload_bytes) {
    size_t need = (sizeof(Record) + payload_bytes + 15) & ~size_t{15};
    if (need > kBlockBytes / 4) {
      blocks_.emplace_back(new (std::align_val_t{16}) char[need]);
      return reinterpret_cast<Record*>(blocks_.back().get());
    }
    if (need > left_) {
      blocks_.emplace_back(new (std::align_val_t{16}) char[kBlockBytes]);
      next_ = blocks_.back().get();
      left_ = kBlockBytes;
    }
    Record* r = reinterpret_cast<Record*>(next_);
    next_ += need;
    left_ -= need;
    return r;
  }

  struct AlignedDelete {
    void operator()(char* p) const { ::operator delete[](p, std::align_val_t{16}); }
  };
  std::mutex mu_;
  std::vector<Slot> table_;
  size_t count_ = 0;
  std::vector<std::unique_ptr<char[], AlignedDelete>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

Shard* shards() {
  // Leaked on purpose: records must outlive every static destructor.
  static Shard* all = new Shard[kShards];
  return all;
}

// Per-thread direct-mapped cache in front of the shards: most values in a
// history repeat (keywords, small strings), and a hit takes no lock.
constexpr size_t kCacheSlots = 16384;
thread_local std::array<Slot, kCacheSlots> tl_cache{};

const Record* intern(uint32_t tag, uint64_t hash, uint32_t size, const void* payload,
                     size_t payload_bytes) {
  Slot& slot = tl_cache[(hash ^ (hash >> 17)) & (kCacheSlots - 1)];
  if (slot.record != nullptr && slot.hash == hash &&
      holds(slot.record, tag, size, payload, payload_bytes))
    return slot.record;
  const Record* r = shards()[hash >> 58].intern(tag, hash, size, payload, payload_bytes);
  slot = {hash, r};
  return r;
}

const Record* record_of(uint64_t bits) {
  return reinterpret_cast<const Record*>(bits & ~uint64_t{15});
}

constexpr int64_t kSmallMin = -(int64_t{1} << 59);
constexpr int64_t kSmallMax = (int64_t{1} << 59) - 1;

}  // namespace

struct ValueAccess {
  static Value make(uint32_t tag, const void* payload, size_t bytes, uint32_t size) {
    uint64_t h = hash_bytes(tag * kMul, payload, bytes);
    const Record* r = intern(tag, h, size, payload, bytes);
    return Value(reinterpret_cast<uint64_t>(r) | tag);
  }
  static Value make_composite(uint32_t tag, std::span<const Value> items, uint32_t size) {
    uint64_t h = fmix(tag * kMul + items.size());
    for (Value v : items) h = fmix((h ^ v.hash()) * kMul);
    const Record* r = intern(tag, h, size, items.data(), items.size() * sizeof(Value));
    return Value(reinterpret_cast<uint64_t>(r) | tag);
  }
  static uint64_t tag(Value v) { return v.tag(); }
};

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "nil";
    case Kind::kBool: return "boolean";
    case Kind::kInt: return "integer";
    case Kind::kFloat: return "float";
    case Kind::kString: return "string";
    case Kind::kKeyword: return "keyword";
    case Kind::kSymbol: return "symbol";
    case Kind::kVector: return "vector";
    case Kind::kSet: return "set";
    case Kind::kMap: return "map";
  }
  return "value";
}

Value Value::integer(int64_t v) {
  if (v >= kSmallMin && v <= kSmallMax)
    return Value((static_cast<uint64_t>(v) << kTagBits) | kTagSmallInt);
  return ValueAccess::make(kTagBigInt, &v, sizeof v, 0);
}

Value Value::floating(double v) { return ValueAccess::make(kTagFloat, &v, sizeof v, 0); }

Value Value::interned_text(uint64_t tag, std::string_view t) {
  return ValueAccess::make(static_cast<uint32_t>(tag), t.data(), t.size(),
                           static_cast<uint32_t>(t.size()));
}

Value Value::vector(std::span<const Value> items) {
  return ValueAccess::make_composite(kTagVector, items, static_cast<uint32_t>(items.size()));
}

Value Value::set(std::span<const Value> items) {
  thread_local std::vector<Value> buf;
  buf.assign(items.begin(), items.end());
  // Items often come sorted (a store's read of a set): then one pass.
  if (std::adjacent_find(buf.begin(), buf.end(),
                         [](const Value& a, const Value& b) { return !(a < b); }) != buf.end()) {
    std::sort(buf.begin(), buf.end());
    buf.erase(std::unique(buf.begin(), buf.end()), buf.end());
  }
  return ValueAccess::make_composite(kTagSet, buf, static_cast<uint32_t>(buf.size()));
}

Value Value::map(std::span<const Value> pairs) {
  thread_local std::vector<std::pair<Value, Value>> entries;
  thread_local std::vector<Value> flat;
  entries.clear();
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) entries.emplace_back(pairs[i], pairs[i + 1]);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  flat.clear();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && entries[i + 1].first == entries[i].first) continue;
    flat.push_back(entries[i].first);
    flat.push_back(entries[i].second);
  }
  return ValueAccess::make_composite(kTagMap, flat, static_cast<uint32_t>(flat.size() / 2));
}

int64_t Value::boxed_int() const {
  int64_t v;
  std::memcpy(&v, record_of(bits_)->bytes(), sizeof v);
  return v;
}

double Value::as_float() const {
  double v;
  std::memcpy(&v, record_of(bits_)->bytes(), sizeof v);
  return v;
}

std::string_view Value::as_text() const {
  if (tag() >= kTagInlineString)
    return {reinterpret_cast<const char*>(&bits_) + 1, (bits_ >> kTagBits) & 7};
  const Record* r = record_of(bits_);
  return {r->bytes(), r->size};
}

std::span<const Value> Value::items() const {
  uint64_t t = tag();
  if (t != kTagVector && t != kTagSet && t != kTagMap) return {};
  const Record* r = record_of(bits_);
  return {r->values(), t == kTagMap ? size_t{r->size} * 2 : size_t{r->size}};
}

size_t Value::size() const {
  uint64_t t = tag();
  if (t >= kTagString && t <= kTagMap) return record_of(bits_)->size;
  if (t >= kTagInlineString && t <= kTagInlineSymbol) return (bits_ >> kTagBits) & 7;
  return 0;
}

Value Value::get(Value key) const {
  if (tag() != kTagMap) return Value();
  std::span<const Value> kv = items();
  size_t lo = 0, hi = kv.size() / 2;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = compare(kv[2 * mid], key);
    if (c == 0) return kv[2 * mid + 1];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return Value();
}

uint64_t Value::hash() const {
  uint64_t t = tag();
  if (t <= kTagSmallInt || t >= kTagInlineString) return fmix(bits_ * kMul + 1);
  return record_of(bits_)->hash;
}

int compare(Value a, Value b) {
  if (a == b) return 0;
  Kind ka = a.kind(), kb = b.kind();
  if (ka != kb) return ka < kb ? -1 : 1;
  switch (ka) {
    case Kind::kNull: return 0;
    case Kind::kBool: return a.as_bool() < b.as_bool() ? -1 : 1;
    case Kind::kInt: return a.as_int() < b.as_int() ? -1 : 1;
    case Kind::kFloat: {
      double x = a.as_float(), y = b.as_float();
      if (x < y) return -1;
      if (y < x) return 1;
      uint64_t bx = std::bit_cast<uint64_t>(x), by = std::bit_cast<uint64_t>(y);
      return bx < by ? -1 : (bx > by ? 1 : 0);
    }
    case Kind::kString:
    case Kind::kKeyword:
    case Kind::kSymbol: {
      int c = a.as_text().compare(b.as_text());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kVector:
    case Kind::kSet:
    case Kind::kMap: {
      auto x = a.items(), y = b.items();
      size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i)
        if (int c = compare(x[i], y[i]); c != 0) return c;
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
  }
  return 0;
}

namespace {

void append_float(std::string& out, double d, bool json) {
  if (std::isnan(d)) {
    out += json ? "\"##NaN\"" : "##NaN";
    return;
  }
  if (std::isinf(d)) {
    out += json ? (d > 0 ? "\"##Inf\"" : "\"##-Inf\"") : (d > 0 ? "##Inf" : "##-Inf");
    return;
  }
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view s(buf, res.ptr - buf);
  out += s;
  if (s.find_first_of(".eE") == std::string_view::npos) out += ".0";
}

void append_edn_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_edn(std::string& out, Value v) {
  switch (v.kind()) {
    case Kind::kNull: out += "nil"; return;
    case Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::kInt: out += std::to_string(v.as_int()); return;
    case Kind::kFloat: append_float(out, v.as_float(), false); return;
    case Kind::kString: append_edn_string(out, v.as_text()); return;
    case Kind::kKeyword:
      out += ':';
      out += v.as_text();
      return;
    case Kind::kSymbol: out += v.as_text(); return;
    case Kind::kVector:
    case Kind::kSet: {
      out += v.kind() == Kind::kSet ? "#{" : "[";
      bool first = true;
      for (Value x : v.items()) {
        if (!first) out += ' ';
        first = false;
        append_edn(out, x);
      }
      out += v.kind() == Kind::kSet ? '}' : ']';
      return;
    }
    case Kind::kMap: {
      out += '{';
      auto kv = v.items();
      for (size_t i = 0; i < kv.size(); i += 2) {
        if (i > 0) out += ", ";
        append_edn(out, kv[i]);
        out += ' ';
        append_edn(out, kv[i + 1]);
      }
      out += '}';
      return;
    }
  }
}

std::string to_edn(Value v) {
  std::string s;
  append_edn(s, v);
  return s;
}

std::string describe_value(Value v, size_t max_chars) {
  std::string text = to_edn(v);
  if (text.size() > max_chars) {
    size_t cut = max_chars > 3 ? max_chars - 3 : 0;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "...";
  }
  if (v.is_null() || v.kind() == Kind::kBool) return text;
  return std::string(kind_name(v.kind())) + " " + text;
}

void append_json(std::string& out, Value v) {
  switch (v.kind()) {
    case Kind::kNull: out += "null"; return;
    case Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::kInt: out += std::to_string(v.as_int()); return;
    case Kind::kFloat: append_float(out, v.as_float(), true); return;
    case Kind::kString:
    case Kind::kKeyword:
    case Kind::kSymbol: append_json_string(out, v.as_text()); return;
    case Kind::kVector:
    case Kind::kSet: {
      out += '[';
      bool first = true;
      for (Value x : v.items()) {
        if (!first) out += ',';
        first = false;
        append_json(out, x);
      }
      out += ']';
      return;
    }
    case Kind::kMap: {
      out += '{';
      auto kv = v.items();
      for (size_t i = 0; i < kv.size(); i += 2) {
        if (i > 0) out += ',';
        if (kv[i].is_text())
          append_json_string(out, kv[i].as_text());
        else
          append_json_string(out, to_edn(kv[i]));
        out += ':';
        append_json(out, kv[i + 1]);
      }
      out += '}';
      return;
    }
  }
}

std::string to_json(Value v) {
  std::string s;
  append_json(s, v);
  return s;
}

}  // namespace ariadne
