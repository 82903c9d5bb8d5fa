// all_models() and find_model() over the generated list of model files
// (cmake/ModelRegistry.cmake writes registered_models()).
#include <algorithm>

#include "linearizability/model.h"
#include "models/model.h"

namespace ariadne::models {

std::vector<const ModelDef*> registered_models();  // generated

bool ModelDef::supports(Consistency c) const {
  // strongest orchestrates the others: it needs at least the search.
  if (c == Consistency::kStrongest) return search != nullptr;
  return std::find(consistency.begin(), consistency.end(), c) != consistency.end();
}

const std::vector<const ModelDef*>& all_models() {
  static const std::vector<const ModelDef*> all = [] {
    std::vector<const ModelDef*> models = registered_models();
    std::sort(models.begin(), models.end(), [](const ModelDef* a, const ModelDef* b) {
      return a->rank != b->rank ? a->rank < b->rank : a->name < b->name;
    });
    return models;
  }();
  return all;
}

const ModelDef* find_model(std::string_view name) {
  for (const ModelDef* m : all_models())
    if (m->name == name) return m;
  return nullptr;
}

void element_effects(std::string_view write, const History& h, const Operation& op, Value key,
                     Effects& fx) {
  Value f = h.f(op);
  Value res = h.result(op);
  if (lin::f_is(f, {write})) {
    fx.writes.push_back({key, h.argument(op)});
  } else if (lin::f_is(f, {"read"}) && op.status == OpStatus::kOk &&
             (res.kind() == Kind::kVector || res.kind() == Kind::kSet)) {
    for (Value e : res.items()) fx.reads.push_back({key, e});
  }
}

}  // namespace ariadne::models
