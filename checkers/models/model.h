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
#include "models/generator.h"

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
// The operations of a model whose objects are registers, one per key
// (ModelDef::registers): the register spec (register_spec.h) and the causal
// and eventual checkers read such histories through it. Every register model
// has read and write.
struct RegisterOps {
  bool cas = false;      // cas [old new]
  bool get_put = false;  // get and put also name read and write
  bool append = false;   // append a string to the register's value
  bool is_read(Value f) const;
  bool is_write(Value f) const;
  bool is_cas(Value f) const { return cas && lin::f_is(f, {"cas"}); }
  bool is_append(Value f) const { return append && lin::f_is(f, {"append"}); }
  // The f values it accepts, for messages: ":read/:get, :write/:put,
  // :append or :cas"; without cas or append when asked.
  std::string expected(bool with_cas = true, bool with_append = true) const;
};

// What one operation reads and writes, for the reads-from analysis of
// counterexamples (linearizability/reads_from.h says what reading and
// writing mean for each built-in model). Crashed and failed ops read
// nothing; failed ops write nothing (the caller skips them).
struct Effects {
  struct Token {
    Value key, value;
    friend bool operator==(const Token& a, const Token& b) {
      return a.key == b.key && a.value == b.value;
    }
  };
  std::vector<Token> reads;   // each value the op observed must have been written
  std::vector<Token> writes;  // values it wrote
  // Strings appended to a key's value, and the string reads (also in
  // `reads`) that such appends may explain instead of one write.
  std::vector<Token> appends, appended_reads;
  bool counter_read = false;  // a counter read needing deltas that sum to delta_read
  int64_t delta_read = 0;     // the value read less the initial value
  int64_t delta = 0;          // a counter update's delta
  // An ok read that returned nil (a [:read k nil] micro-op), whichever
  // options.nil_reads is.
  bool nil_read = false;
};

// The effects of a collection whose reads return its elements (set,
// list-append): f `write` x writes x; an ok read reads each element it
// returned.
void element_effects(std::string_view write, const History& h, const Operation& op, Value key,
                     Effects& fx);

// `key` is the op's key, nil when it has none.
using EffectsFn = void (*)(const ModelDef& def, const History& h, const Operation& op, Value key,
                           const CheckOptions& options, Effects& out);

// Which values a read may return without any op writing them.
enum class InitialReads {
  kNone,
  kValue,     // options.initial_of(key)
  kElements,  // the elements of options.initial, when a collection
};

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
  // Set for register models (register, cas-register, kv): the causal
  // checkers run on these only.
  std::optional<RegisterOps> registers;
  EffectsFn effects = nullptr;  // null: the model's ops read and write nothing
  InitialReads initial_reads = InitialReads::kNone;
  // An ok op returns at most one value, one that some op wrote (a register
  // read, a dequeue): a value nobody wrote is worth saying so.
  bool reads_one_value = false;
  // `ariadne generate` (models/generator.h); null: not generated.
  const gen::Generator* generator = nullptr;
  // Decides a partition in polynomial time when its precondition holds
  // (issue 16); null: the search decides.
  FastProcedure fast = nullptr;

  bool supports(Consistency c) const;
};

// Every model, in list order (rank, then name).
const std::vector<const ModelDef*>& all_models();

// Null when no model has that name.
const ModelDef* find_model(std::string_view name);

// The names of the models with `pred(def)` true, in list order, joined by
// ", " and the last by `last` ("a, b or c" with last " or "): what a flag
// allows, for messages and help.
template <class Pred>
std::string model_list(Pred pred, std::string_view last = ", ") {
  std::vector<const std::string*> names;
  for (const ModelDef* m : all_models())
    if (pred(*m)) names.push_back(&m->name);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? std::string(last) : std::string(", ");
    out += *names[i];
  }
  return out;
}

}  // namespace ariadne::models

#define ARIADNE_MODEL(ident) const ::ariadne::models::ModelDef& ariadne_model_##ident()
