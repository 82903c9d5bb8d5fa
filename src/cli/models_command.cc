// `ariadne models`: the models of the registry (checkers/models/model.h),
// one a line: name, operations, consistency models, separated by tabs.
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "models/model.h"

namespace po = boost::program_options;

namespace ariadne::cli {

namespace {

std::string models_listing() {
  std::string out;
  for (const models::ModelDef* m : models::all_models()) {
    std::string consistency;
    for (Consistency c : m->consistency)
      consistency += (consistency.empty() ? "" : ", ") + std::string(consistency_name(c));
    out += m->name + "\t" + m->operations + "\t" + consistency + "\n";
  }
  return out;
}

}  // namespace

int models_command(int argc, char** argv) {
  bool help = false;
  po::options_description desc(
      "Usage: ariadne models\n"
      "Lists the datatype models --model accepts, one a line: its name, its operations\n"
      "and the --consistency models it can be checked for, separated by tabs. (strongest\n"
      "applies to every model.)\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError{e.what()};
  }
  if (help) {
    std::cout << desc << "\n";
    return kExitValid;
  }
  std::cout << models_listing();
  return kExitValid;
}

}  // namespace ariadne::cli
