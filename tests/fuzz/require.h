// The assertion of the fuzz targets: aborts (a finding for libFuzzer)
// naming the failed condition. Not `check`, which ariadne::check would
// collide with.
#pragma once

#include <cstdio>
#include <cstdlib>

#define require(condition)                                                               \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)
