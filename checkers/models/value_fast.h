// The fast procedures of counter (counter_fast.cc) and of register,
// cas-register and kv (register_fast.cc), for their model files' ModelDef::fast;
// docs/fast-paths.md says when each applies.
#pragma once

#include <cstdint>

#include "models/fast.h"

namespace ariadne::models {

// The codes counter.cc's model gives its ops (it asserts them).
namespace counter_codes {
constexpr uint8_t kAdd = 0, kRead = 1;
}

FastResult counter_fast(const FastInput& in);
FastResult register_fast(const FastInput& in);  // register, cas-register, kv

}  // namespace ariadne::models
