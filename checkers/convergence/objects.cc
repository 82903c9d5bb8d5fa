#include "convergence/objects.h"

#include <algorithm>
#include <unordered_map>
#include "ariadne/report.h"
#include "models/model.h"

namespace ariadne::convergence {

bool f_is(Value f, std::initializer_list<std::string_view> names) {
  if (!f.is_text()) return false;
  for (std::string_view n : names)
    if (f.as_text() == n) return true;
  return false;
}

namespace {

struct Fields {
  Value node = Value::keyword("node");
  Value final = Value::keyword("final");
  Value final_read = Value::keyword("final-read?");
};

const Fields& fields() {
  static const Fields f;
  return f;
}

Value event_node(const Event& e) { return e.extra.get(fields().node); }

bool event_marked_final(const Event& e) {
  Value t = Value::boolean(true);
  return e.extra.get(fields().final) == t || e.extra.get(fields().final_read) == t;
}

// The op's last event on the history's clock.
int64_t settled_at(const History& h, const Operation& op) {
  uint32_t e = op.complete != Operation::kNoEvent ? op.complete : op.invoke;
  return h.timed ? h.events[e].time : static_cast<int64_t>(e);
}

enum class Role { kUpdate, kRead, kSkip };

// What the op is to the model; fills `u` for updates. `why` on error.
// `def` is the model's definition; a kRegister model has def.registers.
std::optional<Role> classify(const History& h, const Operation& op, ModelKind model,
                             const models::ModelDef& def, Update& u, std::string& why) {
  Value f = h.f(op);
  const std::string& name = def.name;
  models::RegisterOps ops = def.registers.value_or(models::RegisterOps{});
  if (ops.is_read(f)) {
    if (op.status != OpStatus::kOk) return Role::kSkip;
    Value r = h.result(op);
    if (model == ModelKind::kSet && r.kind() != Kind::kVector && r.kind() != Kind::kSet &&
        !r.is_null()) {
      why = "expected a set read to return a collection, got " + describe_value(r);
      return std::nullopt;
    }
    if (model == ModelKind::kCounter && !r.is_int()) {
      why = "expected a counter read to return an integer, got " + describe_value(r);
      return std::nullopt;
    }
    return Role::kRead;
  }
  if (op.status == OpStatus::kFail) return Role::kSkip;  // certainly did not happen
  Value arg = h.argument(op);
  switch (model) {
    case ModelKind::kSet:
      if (f_is(f, {"add", "remove"})) {
        u.remove = f.as_text() == "remove";
        u.element = arg;
        return Role::kUpdate;
      }
      why = "expected f :add, :remove or :read for model " + name + ", got " + bounded_edn(f);
      return std::nullopt;
    case ModelKind::kCounter:
      if (f_is(f, {"add", "increment", "incr"})) {
        if (arg.is_null()) arg = Value::integer(1);
        if (!arg.is_int()) {
          why = "expected an integer delta, got " + describe_value(arg);
          return std::nullopt;
        }
        u.delta = arg.as_int();
        return Role::kUpdate;
      }
      why = "expected f :add, :increment or :read for model " + name + ", got " + bounded_edn(f);
      return std::nullopt;
    case ModelKind::kRegister:
      if (ops.is_write(f)) {
        u.element = arg;
        return Role::kUpdate;
      }
      if (ops.is_cas(f)) {
        if (arg.kind() != Kind::kVector || arg.size() != 2) {
          why = "expected cas's value to be [old new], got " + describe_value(arg);
          return std::nullopt;
        }
        u.element = arg.items()[1];
        u.cas = true;
        u.expected = arg.items()[0];
        return Role::kUpdate;
      }
      if (ops.is_append(f)) {
        why = "append is not checked for eventual consistency (a register is last-writer-wins)";
        return std::nullopt;
      }
      why = "expected f " + ops.expected(true, false) + " for model " + name + ", got " +
            bounded_edn(f);
      return std::nullopt;
    case ModelKind::kListAppend: break;  // build_list_objects reads these
  }
  return std::nullopt;
}

}  // namespace

// An op's node: the invoke's, else the completion's; null when neither has one.
Value op_node(const History& h, const Operation& op) {
  Value n;
  if (op.invoke != Operation::kNoEvent) n = event_node(h.events[op.invoke]);
  if (n.is_null() && op.complete != Operation::kNoEvent) n = event_node(h.events[op.complete]);
  return n;
}

bool op_marked_final(const History& h, const Operation& op) {
  return (op.invoke != Operation::kNoEvent && event_marked_final(h.events[op.invoke])) ||
         (op.complete != Operation::kNoEvent && event_marked_final(h.events[op.complete]));
}

ParseError op_error(const History& h, const Operation& op, std::string message) {
  ParseError err;
  err.file = h.name;
  err.line = h.first_event(op).line;
  err.column = 1;
  err.message = std::move(message);
  return err;
}

void finish_objects(const History& h, bool any_marked, const std::vector<int64_t>& last_settled,
                    Objects& out) {
  for (size_t i = 0; i < out.objects.size(); ++i) {
    Object& obj = out.objects[i];
    std::sort(obj.touched_by.begin(), obj.touched_by.end());
    obj.touched_by.erase(std::unique(obj.touched_by.begin(), obj.touched_by.end()),
                         obj.touched_by.end());
    if (any_marked) continue;
    // settled is on the raw clock; a read's start may be widened by skew,
    // so the invoke's own time is used.
    for (Read& r : obj.reads) {
      const Event& e = h.first_event(h.ops[r.op]);
      int64_t invoked = h.timed ? e.time : static_cast<int64_t>(h.first_event_index(h.ops[r.op]));
      r.final = invoked > last_settled[i];
    }
  }
}

std::optional<ModelKind> eventual_model(const std::string& model) {
  const models::ModelDef* def = models::find_model(model);
  switch (def ? def->convergence : models::Convergence::kNone) {
    case models::Convergence::kSet: return ModelKind::kSet;
    case models::Convergence::kCounter: return ModelKind::kCounter;
    case models::Convergence::kRegister: return ModelKind::kRegister;
    case models::Convergence::kListAppend: return ModelKind::kListAppend;
    case models::Convergence::kNone: break;
  }
  return std::nullopt;
}

std::string replica_name(Value id, bool from_node) {
  if (!from_node) return "the store";
  return id.is_text() ? bounded(id.as_text()) : bounded_edn(id);
}

bool names_replicas(const History& h) {
  return std::any_of(h.ops.begin(), h.ops.end(),
                     [&](const Operation& op) { return !op_node(h, op).is_null(); });
}

std::optional<ParseError> build_objects(const History& h, const CheckOptions& options,
                                        Objects& out) {
  out.model = *eventual_model(options.model);
  const models::ModelDef& def = *models::find_model(options.model);
  bool require_key = def.keys == models::Keys::kRequired;
  out.replicas_from_node = names_replicas(h);
  bool any_marked = std::any_of(h.ops.begin(), h.ops.end(),
                                [&](const Operation& op) { return op_marked_final(h, op); });
  // Split per key only when every op has one (kRequired models require it).
  bool keyed = !h.ops.empty() && std::all_of(h.ops.begin(), h.ops.end(),
                                             [&](const Operation& op) { return h.has_key(op); });

  std::unordered_map<Value, uint32_t, ValueHash> replica_ids, object_ids;
  std::vector<int64_t> last_settled;  // per object: the last update's last event
  for (const Operation& op : h.ops) {
    if (require_key && !h.has_key(op))
      return op_error(h, op,
                      "expected field \"key\" (or --independent tuples) for model " + def.name);
    Update u{};
    std::string why;
    auto role = classify(h, op, out.model, def, u, why);
    if (!role) return op_error(h, op, why);
    Value node = op_node(h, op);
    Value id = out.replicas_from_node ? node : Value();
    if (out.replicas_from_node && node.is_null())
      return op_error(h, op, "expected field \"node\": other operations name their replica");
    auto [rit, rfresh] = replica_ids.try_emplace(id, static_cast<uint32_t>(replica_ids.size()));
    if (rfresh) out.replica_names.push_back(replica_name(id, out.replicas_from_node));
    uint32_t replica = rit->second;
    if (*role == Role::kSkip) continue;

    Value key = keyed ? h.key(op) : Value();
    auto [oit, ofresh] = object_ids.try_emplace(key, static_cast<uint32_t>(out.objects.size()));
    if (ofresh) {
      out.objects.emplace_back();
      out.objects.back().keyed = keyed;
      out.objects.back().key = key;
      last_settled.push_back(INT64_MIN);
    }
    Object& obj = out.objects[oit->second];
    uint32_t index = static_cast<uint32_t>(&op - h.ops.data());
    if (obj.touched_by.empty() || obj.touched_by.back() != replica)
      obj.touched_by.push_back(replica);
    if (*role == Role::kUpdate) {
      u.op = index;
      u.replica = replica;
      u.crashed = op.status == OpStatus::kCrashed;
      u.start = h.start(op);
      u.ack = h.end(op);
      u.settled = settled_at(h, op);
      last_settled[oit->second] = std::max(last_settled[oit->second], u.settled);
      obj.updates.push_back(u);
    } else {
      obj.reads.push_back({index, replica, any_marked && op_marked_final(h, op), h.start(op),
                           h.end(op), h.result(op)});
    }
  }
  finish_objects(h, any_marked, last_settled, out);
  return std::nullopt;
}

}  // namespace ariadne::convergence
