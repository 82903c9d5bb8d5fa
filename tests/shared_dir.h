// Tests over ../shared/histories/external: other projects' histories
// (Porcupine, IncrementalCCC) that sit beside the repository in CI but not
// in a clone of the repository alone.
//
// Contract: a test that reads them starts with ARIADNE_NEEDS_SHARED(). When
// the folder is absent it prints a warning starting "SKIPPED: ../shared"
// and returns, unless the environment sets ARIADNE_REQUIRE_SHARED (to
// anything but "" or "0"), as CI does: then absence fails the test. Only
// tests whose every case needs the folder may use it, and CMakeLists.txt
// lists their files in ARIADNE_SHARED_TESTS, so that ctest reports them as
// skipped (SKIP_REGULAR_EXPRESSION would hide a failure of any other case).
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace shared_test {

// The folder of the other projects' histories, ending in '/'.
inline std::string external_dir() {
  return std::string(ARIADNE_SHARED_DIR) + "/histories/external/";
}

inline bool present() { return std::filesystem::is_directory(external_dir()); }

inline bool required() {
  const char* v = std::getenv("ARIADNE_REQUIRE_SHARED");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

}  // namespace shared_test

#define ARIADNE_NEEDS_SHARED()                                                                     \
  do {                                                                                             \
    if (!shared_test::present()) {                                                                 \
      if (shared_test::required())                                                                 \
        FAIL("ARIADNE_REQUIRE_SHARED is set but " << shared_test::external_dir() << " is absent"); \
      WARN("SKIPPED: ../shared is absent (" << shared_test::external_dir()                         \
                                            << "): this test reads other projects' histories "     \
                                               "from it");                                         \
      return;                                                                                      \
    }                                                                                              \
  } while (false)
