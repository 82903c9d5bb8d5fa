// Differential libFuzzer target: see differential.h.
#include "differential.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ariadne::fuzz::differential_check(data, size);
  return 0;
}
