// ariadne: does a recorded history satisfy the consistency model claimed?
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"

namespace {

constexpr const char* kUsage =
    "Usage: ariadne COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  check HISTORY...     does each history satisfy the model? (exit 0 valid, 1 invalid,\n"
    "                       2 unknown, 64 usage error, 65 malformed history,\n"
    "                       73 an output cannot be created, 74 writing an output failed)\n"
    "  stats HISTORY...     operations, processes, keys, concurrency, crashed operations\n"
    "  generate ...         synthetic histories for tests and benchmarks\n"
    "  models               the datatype models: operations, consistency models\n"
    "\n"
    "`ariadne COMMAND --help` lists a command's options and their defaults.\n"
    "HISTORY is a file in EDN, JSON Lines, JSON or Jepsen's log format; - is stdin.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace ariadne::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitValid;
  }
  if (command == "--version") {
    std::cout << "ariadne 0.1.0\n";
    return kExitValid;
  }
  try {
    if (command == "check") return check_command(argc - 1, argv + 1);
    if (command == "stats") return stats_command(argc - 1, argv + 1);
    if (command == "generate") return generate_command(argc - 1, argv + 1);
    if (command == "models") return models_command(argc - 1, argv + 1);
    std::cerr << "ariadne: unknown command '" << command << "'\n\n" << kUsage;
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "ariadne " << command << ": " << e.message << "\n"
              << "Try 'ariadne " << command << " --help'.\n";
    return kExitUsage;
  } catch (const ExitError& e) {
    std::cerr << "ariadne " << command << ": " << e.message << "\n";
    return e.code;
  } catch (const std::bad_alloc&) {
    std::cerr << "ariadne: out of memory\n";
    return kExitUnknown;
  } catch (const std::exception& e) {
    std::cerr << "ariadne: internal error: " << e.what() << "\n";
    return 70;
  }
}
