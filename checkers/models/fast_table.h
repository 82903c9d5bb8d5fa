// Which model has a fast decision procedure (checkers/models/fast.h).
// Temporary: the `fast` field of each model's definition (model.h)
// replaces this table; a model's ModelDef::fast, when set, wins over it.
#pragma once

#include <string_view>

#include "models/fast.h"

namespace ariadne::models {

// Null when `model` has none.
FastProcedure fast_procedure_for(std::string_view model);

}  // namespace ariadne::models
