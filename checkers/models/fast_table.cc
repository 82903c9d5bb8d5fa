#include "models/fast_table.h"

#include "models/collection_procedures.h"

namespace ariadne::models {

FastProcedure fast_procedure_for(std::string_view model) {
  if (model == "fifo-queue") return fifo_queue_fast;
  if (model == "unordered-queue") return unordered_queue_fast;
  if (model == "stack") return stack_fast;
  if (model == "set") return set_fast;
  return nullptr;
}

}  // namespace ariadne::models
