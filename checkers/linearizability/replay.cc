#include "linearizability/replay.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "linearizability/models/counter.h"
#include "linearizability/models/keyed.h"
#include "linearizability/models/list_append.h"
#include "linearizability/models/multi_register.h"
#include "linearizability/models/mutex.h"
#include "linearizability/models/queue.h"
#include "linearizability/models/register.h"
#include "linearizability/models/set.h"
#include "linearizability/models/stack.h"
#include "linearizability/user_model.h"

namespace ariadne::lin {

namespace {

template <class Model>
std::vector<ModelStep> run(Model model, const History& h, const std::vector<uint32_t>& order,
                           std::optional<uint32_t> stuck,
                           const std::unordered_set<uint32_t>* wanted) {
  // Prepare every op first, in ops order, as the check does: models learn
  // keys while preparing, and the initial state depends on them.
  std::unordered_map<uint32_t, PreparedOp> prepared;
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    if (op.status == OpStatus::kFail) continue;
    PreparedOp p;
    p.op = i;
    p.crashed = op.status == OpStatus::kCrashed;
    std::string why;
    if (model.prepare(h, op, p, why) == Prepared::kKeep) prepared.emplace(i, p);
  }
  std::set<State> states;
  State init;
  model.initial(init);
  states.insert(init);
  auto describe = [&](const std::set<State>& ss) {
    std::vector<std::string> out;
    for (const State& s : ss) out.push_back(model.describe(s));
    return out;
  };
  std::vector<ModelStep> steps;
  std::vector<uint32_t> all = order;
  if (stuck) all.push_back(*stuck);
  for (uint32_t i : all) {
    bool shown = wanted == nullptr || wanted->count(i) > 0;
    ModelStep step;
    step.op = i;
    if (shown) step.before = describe(states);
    auto it = prepared.find(i);
    if (it != prepared.end()) {
      std::set<State> next;
      State out;
      for (const State& s : states)
        for (unsigned alt = 0; next.size() < kMaxReplayStates; ++alt) {
          if (!model.step(Words(s), it->second, alt, out)) break;
          next.insert(out);
        }
      states.swap(next);
    }
    if (!shown) continue;
    step.after = describe(states);
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace

std::vector<ModelStep> replay(const History& h, const CheckOptions& options,
                              const std::vector<uint32_t>& order, std::optional<uint32_t> stuck,
                              const std::unordered_set<uint32_t>* wanted) {
  const std::string& m = options.model;
  Value init = options.initial;
  bool keyed =
      std::any_of(h.ops.begin(), h.ops.end(), [&](const Operation& op) { return h.has_key(op); });
  bool whole = options.consistency == Consistency::kSequential || !options.partition;
  auto simple = [&](auto inner) {
    if (whole && keyed)
      return run(KeyedModel<decltype(inner)>(std::move(inner)), h, order, stuck, wanted);
    return run(std::move(inner), h, order, stuck, wanted);
  };
  if (options.user_model) return simple(UserModelAdapter(*options.user_model, h.name));
  if (m == "register" || m == "cas-register" || m == "kv") {
    // Checked per key, `order` and `stuck` are one key's ops: the register
    // starts at that key's initial value.
    Value key;
    std::vector<uint32_t> ops = order;
    if (stuck) ops.push_back(*stuck);
    auto keyed_op =
        std::find_if(ops.begin(), ops.end(), [&](uint32_t i) { return h.has_key(h.ops[i]); });
    if (!whole && keyed_op != ops.end()) key = h.key(h.ops[*keyed_op]);
    return simple(RegisterModel(m, options, key));
  }
  if (m == "set") return simple(SetModel(init));
  if (m == "counter") return simple(CounterModel(init));
  if (m == "fifo-queue") return simple(QueueModel(true));
  if (m == "unordered-queue") return simple(QueueModel(false));
  if (m == "stack") return simple(StackModel());
  if (m == "mutex") return simple(MutexModel());
  if (m == "list-append") return simple(ListAppendModel());
  if (m == "multi-register") return run(MultiRegisterModel(options), h, order, stuck, wanted);
  return {};
}

}  // namespace ariadne::lin
