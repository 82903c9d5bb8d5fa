// Values: text kept inline (up to Value::kInlineText bytes) and interned
// text must behave as one kind: same content, same value; order by bytes.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "ariadne/value.h"

using ariadne::Kind;
using ariadne::Value;

namespace {

int sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

// Text of `length` bytes that includes a NUL and a byte above 0x7f.
std::string sample(size_t length) {
  std::string s;
  for (size_t i = 0; i < length; ++i) s += static_cast<char>(i % 3 == 1 ? 0 : 0xe0 + i);
  return s;
}

}  // namespace

TEST_CASE("text of every length reads back whole, on both sides of the inline limit", "[value]") {
  for (size_t n = 0; n <= 2 * Value::kInlineText + 2; ++n) {
    std::string text = sample(n);
    Value s = Value::string(text), k = Value::keyword(text), y = Value::symbol(text);
    CHECK(s.as_text() == text);
    CHECK(k.as_text() == text);
    CHECK(y.as_text() == text);
    CHECK(s.size() == n);
    CHECK(s.kind() == Kind::kString);
    CHECK(k.kind() == Kind::kKeyword);
    CHECK(y.kind() == Kind::kSymbol);
    CHECK(s.is_text());
    CHECK_FALSE(s.is_null());
    CHECK(s != k);
    CHECK(k != y);
    CHECK(s == Value::string(std::string(text)));
  }
}

TEST_CASE("the empty string is neither nil nor the empty keyword", "[value]") {
  CHECK(Value::string("") != Value::null());
  CHECK(Value::string("") != Value::keyword(""));
  CHECK(Value::string("").hash() != Value::null().hash());
  CHECK(ariadne::to_edn(Value::string("")) == "\"\"");
}

TEST_CASE("equality, hash and order of text follow its bytes", "[value]") {
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) {
    std::string t(rng() % 12, 'a');
    for (char& c : t) c = "ab\0\xff"[rng() % 4];
    texts.push_back(t);
  }
  for (const std::string& a : texts) {
    for (const std::string& b : texts) {
      Value x = Value::string(a), y = Value::string(b);
      INFO(a.size() << " " << b.size());
      REQUIRE((x == y) == (a == b));
      if (a == b) REQUIRE(x.hash() == y.hash());
      REQUIRE(sign(ariadne::compare(x, y)) == sign(a.compare(b)));
    }
  }
}

TEST_CASE("sets and maps order inline and interned text together", "[value]") {
  Value longer = Value::string("abcdefgh");  // one byte past the inline limit
  Value shorter = Value::string("abcdefg");
  Value other = Value::string("abcdefh");
  Value set = Value::set(std::vector<Value>{other, longer, shorter, longer});
  REQUIRE(set.size() == 3);
  CHECK(set.items()[0] == shorter);
  CHECK(set.items()[1] == longer);
  CHECK(set.items()[2] == other);
  Value map = Value::map(std::vector<Value>{Value::keyword("value"), Value::integer(1),
                                            Value::keyword("process"), Value::integer(2)});
  CHECK(map.get(Value::keyword("process")) == Value::integer(2));
  CHECK(ariadne::to_edn(map) == "{:process 2, :value 1}");
  CHECK(ariadne::to_json(map) == "{\"process\":2,\"value\":1}");
}
