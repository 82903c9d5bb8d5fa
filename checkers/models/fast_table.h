// Which model has a fast decision procedure (checkers/models/fast.h).
// Temporary: the model registry (issue 15) replaces this table with the
// `fast` field of each model's definition.
#pragma once

#include <string_view>

#include "models/fast.h"

namespace ariadne::models {

// Null when `model` has none.
FastProcedure fast_procedure_for(std::string_view model);

}  // namespace ariadne::models
