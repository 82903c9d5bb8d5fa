#include "models/fast_table.h"

namespace ariadne::models {

FastResult counter_fast(const FastInput& in);   // counter_fast.cc
FastResult register_fast(const FastInput& in);  // register_fast.cc

FastProcedure fast_procedure_for(std::string_view model) {
  if (model == "counter") return counter_fast;
  if (model == "register" || model == "cas-register" || model == "kv") return register_fast;
  return nullptr;
}

}  // namespace ariadne::models
