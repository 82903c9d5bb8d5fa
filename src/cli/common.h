// Pieces shared by the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "ariadne/ingest.h"

namespace ariadne::cli {

enum ExitCode : int {
  kExitValid = 0,
  kExitInvalid = 1,
  kExitUnknown = 2,
  kExitUsage = 64,
  kExitBadInput = 65,
  kExitCantCreate = 73,  // an output file cannot be created (sysexits' EX_CANTCREAT)
  kExitIoError = 74,     // writing an output failed (EX_IOERR)
};

// The most --threads accepted: far above any machine's cores, far below
// what exhausts the process's threads.
constexpr int kMaxThreads = 1024;

// The worse of two exit codes: 65 > 1 > 2 > 0 (64 stops before any file).
int worst_exit(int a, int b);

// Thrown for a bad command line; main prints it with the usage hint, exit 64.
struct UsageError {
  std::string message;
};

// Thrown for a failure that ends the run with `code` (73, 74); main prints
// the message.
struct ExitError {
  int code;
  std::string message;
};

// Options every subcommand that reads histories takes.
struct InputOptions {
  std::vector<std::string> files;
  std::string format = "auto";
  bool independent = false;
  std::string clock_skew;
  bool lenient = false;
  int threads = 0;
  bool quiet = false;
};

void add_input_options(boost::program_options::options_description& desc, InputOptions& in);
// Validates the parsed options into ReadOptions; throws UsageError.
ReadOptions read_options(const InputOptions& in);

// Parses argv into `vm`: the options of `visible`, and HISTORY files as
// positional arguments into in.files. Throws UsageError.
void parse_command_line(int argc, char** argv,
                        const boost::program_options::options_description& visible,
                        InputOptions& in, boost::program_options::variables_map& vm);

// Prints a read's error or warnings to stderr. Returns false on error.
bool report_read(const ReadResult& result, bool quiet);

}  // namespace ariadne::cli
