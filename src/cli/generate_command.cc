// `ariadne generate`: not built yet (issue: generator and benchmarks).
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"

namespace ariadne::cli {

int generate_command(int argc, char** argv) {
  std::cerr << "ariadne generate: not available yet\n";
  return kExitUsage;
}

}  // namespace ariadne::cli
