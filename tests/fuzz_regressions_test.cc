// Replays every input a fuzz target once failed on (tests/fuzz/regressions/
// TARGET/), so that ctest keeps them fixed in every build, sanitizers included.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/differential.h"

namespace fs = std::filesystem;

TEST_CASE("inputs that once failed the differential fuzz target pass", "[fuzz]") {
  fs::path dir = fs::path(ARIADNE_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / "differential";
  size_t replayed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    ariadne::fuzz::differential_check(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++replayed;
  }
  CHECK(replayed == 4);
}
