// The objects of an eventual-consistency check: each key's updates and
// reads, with their replicas and which reads are final (the contract is in
// ariadne/convergence.h).
//
// Invariants of an Object once built:
//   * updates and reads are in History::ops order, hence by invocation;
//   * an update's `ack` is its interval's end (Operation::kNever when it
//     crashed), `settled` its last event (the completion, or the invoke
//     when it never completed); failed updates are not kept;
//   * reads are the ok reads only; `final` follows the contract;
//   * replica ids index Objects::replica_names.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ariadne/checker.h"

namespace ariadne::convergence {

enum class ModelKind { kSet, kCounter, kRegister, kListAppend };

struct Update {
  uint32_t op;
  uint32_t replica;
  bool crashed;
  bool remove;  // set: a remove (else an add)
  int64_t start, ack, settled;
  Value element;     // set: the element; register: the value written
  bool cas = false;  // register: a cas, which also reads `expected`
  Value expected;
  int64_t delta = 0;  // counter
};

struct Read {
  uint32_t op;
  uint32_t replica;
  bool final;
  int64_t start, end;
  Value value;  // as returned
};

struct Object {
  bool keyed = false;
  Value key;
  std::vector<Update> updates;
  std::vector<Read> reads;
  std::vector<uint32_t> touched_by;  // replicas with an op on this object, ascending
};

struct Objects {
  ModelKind model = ModelKind::kSet;
  std::vector<std::string> replica_names;
  bool replicas_from_node = false;
  std::vector<Object> objects;  // in order of their first operation
};

// The model kind for an eventual check, or nullopt when the model has none.
std::optional<ModelKind> eventual_model(const std::string& model);

// Splits the history into objects. Returns an error (with the line of the
// operation) when an operation does not fit the model.
std::optional<ParseError> build_objects(const History& h, const CheckOptions& options,
                                        Objects& out);

// Whether some operation names its replica (`node`). When none does, the
// history is one logical store read by clients: one replica, "the store".
bool names_replicas(const History& h);

// Helpers the object builders share (objects.cc, list_append_objects.cc,
// set_full.cc).
// Whether `f` is text (keyword, symbol or string) equal to one of `names`.
bool f_is(Value f, std::initializer_list<std::string_view> names);
// An op's node: the invoke's, else the completion's; null when neither has one.
Value op_node(const History& h, const Operation& op);
// Whether the invoke or the completion says `:final true` or `:final-read? true`.
bool op_marked_final(const History& h, const Operation& op);
// An error at the line of the op's first event, column 1.
ParseError op_error(const History& h, const Operation& op, std::string message);

// Last step of building `out`: each object's touched_by sorted and unique;
// unless some op is marked final (`any_marked`), a read is final when it
// was invoked after every update of its object settled (`last_settled`,
// by object, on the history's clock).
void finish_objects(const History& h, bool any_marked, const std::vector<int64_t>& last_settled,
                    Objects& out);

// Name of a replica for reports: a text node's text, "process 3", ...
std::string replica_name(Value id, bool from_node);

}  // namespace ariadne::convergence
