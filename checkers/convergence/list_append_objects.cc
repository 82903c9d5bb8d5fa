// The objects of a list-append eventual check: one per key, from single
// `:append`/`:read` ops or from the micro-ops of Elle-style `:txn` ops.
#include <algorithm>
#include <unordered_map>

#include "convergence/list_append.h"

namespace ariadne::convergence {

namespace {

// One append or list read of one key, from a single op or a micro-op.
struct Access {
  Value key;
  bool append;
  Value value;  // append: the element; read: the list
};

// The accesses of `op`, or an error message in `why`.
bool accesses(const History& h, const Operation& op, bool keyed, std::vector<Access>& out,
              std::string& why) {
  out.clear();
  Value f = h.f(op);
  bool ok = op.status == OpStatus::kOk;
  auto list = [&](Value v, Value& to) {
    if (v.is_null()) v = Value::vector(std::span<const Value>());  // nil reads as the empty list
    if (v.kind() != Kind::kVector) {
      why = "expected a list-append read to return a list, got " + describe_value(v);
      return false;
    }
    to = v;
    return true;
  };
  if (f_is(f, {"append", "read"})) {
    if (keyed && !h.has_key(op)) {
      why = "expected field \"key\": other operations name their key";
      return false;
    }
    Value key = keyed ? h.key(op) : Value();
    if (f.as_text() == "append") {
      out.push_back({key, true, h.argument(op)});
      return true;
    }
    if (!ok) return true;  // a read that did not complete says nothing
    out.push_back({key, false, {}});
    return list(h.result(op), out.back().value);
  }
  if (!f_is(f, {"txn"})) {
    why = "expected f :append, :read or :txn for model list-append, got " + describe_value(f);
    return false;
  }
  // An ok txn's completion carries what its reads saw.
  Value txn = ok ? h.result(op) : h.argument(op);
  if (txn.kind() != Kind::kVector) {
    why = "expected a txn's value to be a list of micro-ops, got " + describe_value(txn);
    return false;
  }
  for (Value m : txn.items()) {
    auto parts = m.items();
    if (m.kind() != Kind::kVector || parts.size() != 3 ||
        !f_is(parts[0], {"append", "r", "read"})) {
      why = "expected a micro-op [:append k v] or [:r k list], got " + describe_value(m);
      return false;
    }
    if (f_is(parts[0], {"append"})) {
      out.push_back({parts[1], true, parts[2]});
    } else if (ok) {
      out.push_back({parts[1], false, {}});
      if (!list(parts[2], out.back().value)) return false;
    }
  }
  return true;
}

}  // namespace

std::optional<ParseError> build_list_objects(const History& h, Objects& out) {
  out.model = ModelKind::kListAppend;
  out.replicas_from_node = std::any_of(
      h.ops.begin(), h.ops.end(), [&](const Operation& op) { return !op_node(h, op).is_null(); });
  bool any_marked = std::any_of(h.ops.begin(), h.ops.end(),
                                [&](const Operation& op) { return op_marked_final(h, op); });
  // Keyed when any op is a txn or has a key; then every single op needs one.
  bool keyed = std::any_of(h.ops.begin(), h.ops.end(), [&](const Operation& op) {
    return h.has_key(op) || f_is(h.f(op), {"txn"});
  });
  if (!out.replicas_from_node) out.replica_names.push_back(kOneStore);

  std::unordered_map<Value, uint32_t, ValueHash> replica_ids, object_ids;
  std::vector<int64_t> last_settled;  // per object: the last append's last event
  std::vector<Access> acc;
  std::string why;
  for (const Operation& op : h.ops) {
    if (!accesses(h, op, keyed, acc, why)) return op_error(h, op, why);
    uint32_t replica = 0;
    if (out.replicas_from_node) {
      Value node = op_node(h, op);
      if (node.is_null())
        return op_error(h, op, "expected field \"node\": other operations name their replica");
      auto [it, fresh] = replica_ids.try_emplace(node, static_cast<uint32_t>(replica_ids.size()));
      if (fresh) out.replica_names.push_back(replica_name(node, true));
      replica = it->second;
    }
    if (op.status == OpStatus::kFail) continue;  // certainly did not happen
    uint32_t index = static_cast<uint32_t>(&op - h.ops.data());
    uint32_t last = op.complete != Operation::kNoEvent ? op.complete : op.invoke;
    int64_t settled = h.timed ? h.events[last].time : static_cast<int64_t>(last);
    for (const Access& a : acc) {
      auto [oit, ofresh] = object_ids.try_emplace(a.key, static_cast<uint32_t>(out.objects.size()));
      if (ofresh) {
        out.objects.emplace_back();
        out.objects.back().keyed = keyed;
        out.objects.back().key = a.key;
        last_settled.push_back(INT64_MIN);
      }
      Object& obj = out.objects[oit->second];
      obj.touched_by.push_back(replica);
      if (a.append) {
        Update u{};
        u.op = index;
        u.replica = replica;
        u.crashed = op.status == OpStatus::kCrashed;
        u.start = h.start(op);
        u.ack = h.end(op);
        u.settled = settled;
        u.element = a.value;
        last_settled[oit->second] = std::max(last_settled[oit->second], settled);
        obj.updates.push_back(u);
      } else {
        obj.reads.push_back({index, replica, any_marked && op_marked_final(h, op), h.start(op),
                             h.end(op), a.value});
      }
    }
  }
  finish_objects(h, any_marked, last_settled, out);
  return std::nullopt;
}

}  // namespace ariadne::convergence
