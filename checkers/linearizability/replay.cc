#include "linearizability/replay.h"

#include <stdexcept>

#include "linearizability/run_model.h"
#include "linearizability/user_model.h"
#include "models/model.h"

namespace ariadne::lin {

std::vector<ModelStep> replay(const History& h, const CheckOptions& options,
                              const std::vector<uint32_t>& order, std::optional<uint32_t> stuck,
                              const std::unordered_set<uint32_t>* wanted) {
  if (options.user_model)
    return replay_per_key(
        h, options, [&](Value) { return UserModelAdapter(*options.user_model, h.name); }, order,
        stuck, wanted);
  const models::ModelDef* def = models::find_model(options.model);
  if (!def) throw std::invalid_argument("replay: unknown model '" + options.model + "'");
  if (!def->replay)
    throw std::invalid_argument("replay: model '" + options.model + "' has no replay");
  return def->replay(*def, h, options, order, stuck, wanted);
}

}  // namespace ariadne::lin
