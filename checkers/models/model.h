// The registry of datatype models. A model is one file,
// checkers/models/<ident>.cc, which defines its ModelDef, inside namespace
// ariadne::models, with
//
//   ARIADNE_MODEL(<ident>) {
//     static const ModelDef def = [] { ModelDef d; d.name = "..."; ...; return d; }();
//     return def;
//   }
//
// where <ident> is the file's name without ".cc" (CMake checks this). The
// registry (all_models) is generated at configure time from the files under
// checkers/models/ that have a line starting with "ARIADNE_MODEL("
// (cmake/ModelRegistry.cmake); other .cc files there are helpers. Nothing
// outside a model's own file names the model: callers ask find_model() and
// read the definition's traits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ariadne/checker.h"
#include "budget.h"
#include "models/fast.h"

namespace ariadne::models {

struct ModelDef;

// How a model's operations carry keys.
enum class Keys {
  kOptional,  // an op may name a key; a keyed history is one object per key
  kRequired,  // every op names its key (a missing key is an input error)
  kInValue,   // keys are inside an op's value (a transaction): one object
};

// Which replicated datatype the eventual-consistency checker reads a model as
// (checkers/convergence); kNone: not checked for eventual consistency.
enum class Convergence { kNone, kSet, kCounter, kRegister, kListAppend };

// The linearizability or sequential-consistency search of a model over a
// whole history (checkers/linearizability/run_model.h instantiates it).
// REQUIRES: options.consistency is kLinearizable or kSequential.
using SearchFn = CheckResult (*)(const ModelDef& def, const History& h, const CheckOptions& options,
                                 Budget& budget);

// The model's states along `order` then `stuck` (linearizability/replay.h).
using ReplayFn = std::vector<ModelStep> (*)(const ModelDef& def, const History& h,
                                            const CheckOptions& options,
                                            const std::vector<uint32_t>& order,
                                            std::optional<uint32_t> stuck,
                                            const std::unordered_set<uint32_t>* wanted);

struct ModelDef {
  std::string name;        // --model NAME
  std::string help;        // one line: what the datatype is
  std::string operations;  // its operations as `ariadne models` lists them: "read, write, cas"
  // Consistency models it can be checked for, strongest first. Linearizable
  // and sequential need `search`.
  std::vector<Consistency> consistency;
  Keys keys = Keys::kOptional;
  // Where the model appears in lists (help, `ariadne models`): ascending
  // rank, then name.
  int rank = 100;
  // --nil-reads any applies (reads that may return nil mean "any value").
  bool nil_reads_any = false;
  // A map --initial gives each key its own initial value (and
  // --initial-default applies).
  bool initial_by_key = false;
  SearchFn search = nullptr;
  ReplayFn replay = nullptr;
  Convergence convergence = Convergence::kNone;
  // Decides a partition in polynomial time when its precondition holds
  // (issue 16); null: the search decides.
  FastProcedure fast = nullptr;

  bool supports(Consistency c) const;
};

// Every model, in list order (rank, then name).
const std::vector<const ModelDef*>& all_models();

// Null when no model has that name.
const ModelDef* find_model(std::string_view name);

// The names of the models with `pred(def)` true, joined by ", "
// (messages that list what a flag allows).
template <class Pred>
std::string model_list(Pred pred) {
  std::string out;
  for (const ModelDef* m : all_models())
    if (pred(*m)) out += (out.empty() ? "" : ", ") + m->name;
  return out;
}

}  // namespace ariadne::models

#define ARIADNE_MODEL(ident) const ::ariadne::models::ModelDef& ariadne_model_##ident()
