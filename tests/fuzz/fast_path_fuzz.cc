// libFuzzer target for the fast paths of the JSON and EDN readers: whenever
// one takes the input, the full parser must read the same record
// (fast_path_check.h). abort() on a difference.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fast_path_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!fast_path_check::json(text).mismatch.empty()) abort();
  if (!fast_path_check::edn(text).mismatch.empty()) abort();
  return 0;
}
