// The subcommands. Each takes argv from the subcommand's name on and
// returns the process exit code; a bad command line throws UsageError.
#pragma once

namespace ariadne::cli {

int check_command(int argc, char** argv);
int stats_command(int argc, char** argv);
int generate_command(int argc, char** argv);
int models_command(int argc, char** argv);

}  // namespace ariadne::cli
