// The JSON fast path (json_fast.h) against RapidJSON's path: whenever the
// fast path accepts an object, the record and end offset must be the ones
// RapidJSON's path gives.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "fuzz/fast_path_check.h"
#include "ingest/json_fast.h"

namespace {

using ariadne::Value;
using ariadne::ingest::Record;
namespace json = ariadne::ingest::json;

struct Parsed {
  bool ok = false;
  Record record;
  size_t end = 0;
};

Parsed by_fast_path(std::string_view text) {
  static json::FastRecordParser parser;
  Parsed out;
  out.ok = parser.parse(text, 0, text.size(), out.record, out.end);
  return out;
}

// Random text shaped like a record object, with pieces inside and outside
// the fast path's subset, some of them broken.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string object() {
    std::string s = "{" + space();
    int fields = pick(6);
    for (int i = 0; i < fields; ++i) {
      if (i > 0) s += space() + (chance(50) ? ";" : ",") + space();
      s += key() + space() + (chance(100) ? "" : ":") + space() + value(0);
    }
    s += space() + (chance(60) ? "" : "}");
    if (chance(20))
      s.insert(pick(static_cast<int>(s.size())), 1, "\"\\[]{}:,0-e \x01\xc3"[pick(14)]);
    return s;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int one_in) { return pick(one_in) == 0; }
  std::string space() { return std::string(pick(4) == 0 ? pick(3) : 0, " \t\n"[pick(3)]); }

  std::string key() {
    static const char* keys[] = {
        "\"type\"", "\"f\"",         "\"value\"",      "\"process\"", "\"a-long-key-name\"",
        "\"\"",     "\"k\\u0065y\"", "\"caf\xc3\xa9\""};
    return keys[pick(8)];
  }

  std::string value(int depth) {
    switch (pick(depth > 3 ? 8 : 10)) {
      case 0: return "null";
      case 1: return chance(2) ? "true" : "fals";
      case 2: return std::to_string(static_cast<int64_t>(rng_()) - (1ll << 31));
      case 3: return chance(3) ? "-0" : (chance(2) ? "01" : "1234567890123456789012");
      case 4: return chance(2) ? "1.5" : "-2e3";
      case 5: return "\"v" + std::to_string(pick(100000)) + "\"";
      case 6: return chance(2) ? "\"a longer string value\"" : "\"tab\\there\"";
      case 7: return chance(2) ? "\"\xe2\x82\xac\"" : "\"bad \xff byte\"";
      case 8: {
        std::string s = "[" + space();
        int n = pick(4);
        for (int i = 0; i < n; ++i) s += (i ? "," : "") + space() + value(depth + 1);
        return s + space() + "]";
      }
      default: return "{\"inner\": " + value(depth + 1) + "}";
    }
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("the JSON fast path gives RapidJSON's record whenever it accepts", "[json]") {
  Generator gen(11);
  int accepted = 0, declined = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = gen.object();
    auto result = fast_path_check::json(text);
    (result.taken ? accepted : declined) += 1;
    INFO(text);
    REQUIRE(result.mismatch == "");
  }
  // Both sides of the fast path are exercised.
  CHECK(accepted > 2000);
  CHECK(declined > 2000);
}

TEST_CASE("the JSON fast path takes a Jepsen record and declines what it leaves", "[json]") {
  std::string record =
      R"({"type": "ok", "f": "read", "key": "a-long-key", "value": [1, [2, -3], null, true],)"
      R"( "process": 12, "time": 123456789012345678})";
  Parsed fast = by_fast_path(record);
  REQUIRE(fast.ok);
  CHECK(fast.end == record.size());
  REQUIRE(fast.record.fields.size() == 6);
  CHECK(fast.record.fields[2].value == Value::string("a-long-key"));
  CHECK(fast.record.fields[4].value == Value::integer(12));
  CHECK(fast.record.fields[5].value == Value::integer(123456789012345678));
  CHECK(fast.record.fields[3].offset == record.find('['));
  for (std::string_view declined :
       {R"({"value": 1.5})", R"({"value": "caf\u00e9"})", R"({"value": {"a": 1}})",
        R"({"f": 1, "f": 2})", R"({"value": 1234567890123456789})", R"({"value": 01})",
        R"({"value": [1 2]})", R"({"value": "x")"})
    CHECK_FALSE(by_fast_path(declined).ok);
}
