// The EDN fast path (edn_fast.h) against the general parser: whenever the
// fast path accepts a map, the general parser must read the same map, end
// at the same offset, and find each field's value at the field's offset.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fast_path_check.h"
#include "ingest/edn_fast.h"

namespace {

using ariadne::Value;
using ariadne::ingest::EdnFastParser;
using ariadne::ingest::Record;

struct Fast {
  bool ok = false;
  Record record;
  size_t end = 0;
};

Fast by_fast_path(std::string_view text) {
  static EdnFastParser parser;
  Fast out;
  out.ok = parser.parse(text.data(), 0, text.size(), out.record, out.end);
  return out;
}

// Random text shaped like a history.edn record, with pieces inside and
// outside the fast path's subset, some of them broken.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string record() {
    std::string s = "{" + space();
    int fields = pick(7);
    for (int i = 0; i < fields; ++i) s += key() + space() + value(0) + space();
    s += chance(60) ? "" : "}";
    if (chance(20))
      s.insert(pick(static_cast<int>(s.size())), 1, "\"\\[](){}:,0-e \n;#\x01\xc3"[pick(19)]);
    return s;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int one_in) { return pick(one_in) == 0; }
  std::string space() {
    static const char* spaces[] = {" ", ", ", "", "\t", " ,\r ", "\n", " ; note\n", " #_x "};
    return spaces[pick(chance(3) ? 8 : 2)];
  }

  std::string key() {
    static const char* keys[] = {":type", ":f",       ":value", ":process",   ":a-long-key-name",
                                 ":ns/k", "\"type\"", "::x",    ":k\xc3\xa9", "sym"};
    return keys[pick(chance(4) ? 10 : 5)];
  }

  std::string value(int depth) {
    switch (pick(depth > 3 ? 9 : 12)) {
      case 0: return chance(2) ? "nil" : "nilly";
      case 1: return chance(2) ? "true" : "false";
      case 2: return std::to_string(static_cast<int64_t>(rng_()) - (1ll << 31));
      case 3: {
        static const char* odd[] = {"-0", "+5", "12N", "007", "1234567890123456789012", "-", "1a"};
        return odd[pick(7)];
      }
      case 4: return chance(2) ? "1.5" : "-2e3M";
      case 5: return "\"v" + std::to_string(pick(100000)) + "\"";
      case 6: {
        static const char* strings[] = {"\"a longer string value\"", "\"tab\there\"",
                                        "\"esc\\\"aped\"",           "\"\xe2\x82\xac\"",
                                        "\"line\nbreak\"",           "\"\""};
        return strings[pick(6)];
      }
      case 7: return chance(2) ? ":ok" : ":a/b";
      case 8: return chance(2) ? "sym" : "\\c";
      case 9:
      case 10: {
        bool list = chance(3);
        std::string s = list ? "(" : "[";
        int n = pick(4);
        for (int i = 0; i < n; ++i) s += (i ? " " : "") + value(depth + 1);
        return s + (list ? ")" : "]");
      }
      default: return chance(2) ? "{:inner " + value(depth + 1) + "}" : "#{1 2}";
    }
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("the EDN fast path reads what the general parser reads whenever it accepts", "[edn]") {
  Generator gen(5);
  int accepted = 0, declined = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = gen.record();
    auto result = fast_path_check::edn(text);
    (result.taken ? accepted : declined) += 1;
    INFO(text);
    REQUIRE(result.mismatch == "");
  }
  CHECK(accepted > 2000);
  CHECK(declined > 2000);
}

TEST_CASE("the EDN fast path takes a Jepsen record and declines what it leaves", "[edn]") {
  std::string record =
      R"({:type :ok, :f :txn, :value [[:append 3 -4] (:r 5 nil)], :process 12, :time 123456789012345678, :a-long-key "a long string"})";
  Fast fast = by_fast_path(record);
  REQUIRE(fast.ok);
  CHECK(fast.end == record.size());
  REQUIRE(fast.record.fields.size() == 6);
  CHECK(fast.record.fields[0].value == Value::keyword("ok"));
  CHECK(fast.record.fields[2].offset == record.find('['));
  CHECK(fast.record.fields[4].value == Value::integer(123456789012345678));
  CHECK(fast.record.fields[5].name == Value::keyword("a-long-key"));
  CHECK(fast.record.fields[5].value == Value::string("a long string"));
  for (std::string_view declined :
       {"{:value 1.5}", "{:value \"caf\\u00e9\"}", "{:value {:a 1}}", "{:f 1 :f 2}",
        "{:value 1234567890123456789}", "{:value 01}", "{:value 12N}", "{:value sym}",
        "{:value 1\n}", "{:value 1 ; c\n}", "{\"type\" :ok}", "{:value #{1}}", "{:value 1"})
    CHECK_FALSE(by_fast_path(declined).ok);
}
