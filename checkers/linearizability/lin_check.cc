// Linearizability and sequential consistency of a whole history: finds the
// model in the registry (checkers/models/model.h) and runs its search
// (linearizability/run_model.h instantiates it for the model's type).
#include "linearizability/lin_check.h"

#include <unordered_map>

#include "linearizability/run_model.h"
#include "linearizability/user_model.h"
#include "models/model.h"

namespace ariadne::lin {

// Whether real time orders each process's operations: every one starts
// strictly after the previous one of its process ended (not at the same
// time: intervals are closed; not before a crashed one, which never ends).
// Then every linearization respects process order, so it is also a
// sequential one.
bool real_time_orders_processes(const History& h) {
  std::unordered_map<Value, int64_t, ValueHash> last_end;
  for (const Operation& op : h.ops) {
    auto [it, fresh] = last_end.try_emplace(h.process(op), h.end(op));
    if (!fresh) {
      if (it->second >= h.start(op)) return false;
      it->second = h.end(op);
    }
  }
  return true;
}

CheckResult check_one_way(const History& h, const CheckOptions& options, Budget& budget);

CheckResult check_linearizable_or_sequential(const History& h, const CheckOptions& options,
                                             Budget& budget) {
  if (options.consistency != Consistency::kSequential || !real_time_orders_processes(h))
    return check_one_way(h, options, budget);
  // Linearizable implies sequentially consistent, and the linearizability
  // search (per key, bounded by real time) is far faster: try it first.
  // Both draw on the same budget.
  CheckOptions lin = options;
  lin.consistency = Consistency::kLinearizable;
  lin.partition = true;
  CheckResult first = check_one_way(h, lin, budget);
  if (first.error || first.verdict == Verdict::kValid) return first;
  CheckResult second = check_one_way(h, options, budget);
  second.check_seconds += first.check_seconds;
  return second;
}

CheckResult check_one_way(const History& h, const CheckOptions& options, Budget& budget) {
  // A user model (ariadne/model.h): its objects are independent per key,
  // and it has no fast procedure.
  if (options.user_model) {
    const UserModel& user = *options.user_model;
    return search_per_key(
        h, options, budget, [&](Value) { return UserModelAdapter(user, h.name); }, SearchSetup{});
  }
  const models::ModelDef* def = models::find_model(options.model);
  if (def && def->search) return def->search(*def, h, options, budget);
  CheckResult r;
  ParseError e;
  e.file = h.name;
  e.message = def ? "model '" + options.model + "' has no linearizability search"
                  : "unknown model '" + options.model + "'";
  r.error = e;
  return r;
}

}  // namespace ariadne::lin
