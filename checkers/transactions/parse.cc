// Transactions from a History (txns.h): :txn operations whose value is a
// vector of micro-ops, as Elle and elle-cli read them.
#include <string>
#include <unordered_map>

#include "ariadne/report.h"
#include "txns.h"

namespace ariadne::txn {
namespace {

ParseError op_error(const History& h, const Operation& op, const std::string& message) {
  ParseError err;
  err.file = h.name;
  err.line = h.first_event(op).line;
  err.column = 1;
  err.message = message;
  return err;
}

std::optional<MopKind> mop_kind(Value f, TxnReport::Workload w) {
  if (!f.is_text()) return std::nullopt;
  std::string_view t = f.as_text();
  if (t == "r" || t == "read") return MopKind::kRead;
  if (w == TxnReport::Workload::kListAppend && t == "append") return MopKind::kAppend;
  if (w == TxnReport::Workload::kRwRegister && (t == "w" || t == "write")) return MopKind::kWrite;
  return std::nullopt;
}

// The micro-ops of a transaction: an ok one's completion carries what its
// reads returned; the others are known by their invocation (reads unknown).
Value txn_value(const History& h, const Operation& op) {
  Value value = h.argument(op);
  if (op.status == OpStatus::kOk) {
    Value r = h.result(op);
    if (r.kind() == Kind::kVector) value = r;
  }
  return value;
}

}  // namespace

std::optional<ParseError> parse_txns(const History& h, TxnReport::Workload workload, Txns& out,
                                     Limits& limits) {
  constexpr const char* kWhat = "reading the transactions";
  out.workload = workload;
  out.txn_bytes.attach(limits);
  out.mop_bytes.attach(limits);
  out.key_bytes.attach(limits);
  if (!reserve(out.txn_bytes, out.txns, h.ops.size(), kWhat)) return std::nullopt;
  // Counted first, so the micro-ops are allocated once, not doubled (which
  // wastes up to half and holds both blocks while it copies).
  size_t total = 0;
  for (const Operation& op : h.ops) {
    Value v = txn_value(h, op);
    if (v.kind() == Kind::kVector) total += v.size();
  }
  if (!reserve(out.mop_bytes, out.mops, total, kWhat)) return std::nullopt;
  std::unordered_map<Value, uint32_t, ValueHash> key_ids, process_ids;
  Charge map_bytes(limits);  // the two maps' entries
  const bool append = workload == TxnReport::Workload::kListAppend;
  const Value empty = Value::vector({});
  const char* expected = append ? "[:append k v] or [:r k [v ...]]" : "[:w k v] or [:r k v]";
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    if (limits.stop()) return std::nullopt;
    const Operation& op = h.ops[i];
    Value f = h.f(op);
    if (!f.is_text() || f.as_text() != "txn")
      return op_error(h, op, "expected :f :txn for a transactional check, got " + bounded_edn(f));
    Value value = txn_value(h, op);
    if (value.kind() != Kind::kVector)
      return op_error(h, op,
                      "expected the :value of a :txn to be a vector of micro-ops, got " +
                          describe_value(value));
    Txn t;
    t.op = i;
    t.status = op.status;
    t.first = static_cast<uint32_t>(out.mops.size());
    auto [pit, pfresh] =
        process_ids.try_emplace(h.process(op), static_cast<uint32_t>(process_ids.size()));
    t.process = pit->second;
    if (pfresh && !map_bytes.add(kMapEntryBytes, kWhat)) return std::nullopt;
    auto items = value.items();
    if (!grow(out.mop_bytes, out.mops, kWhat, items.size())) return std::nullopt;
    for (size_t m = 0; m < items.size(); ++m) {
      Value mop = items[m];
      std::string where = "micro-op " + std::to_string(m + 1) + " of the :txn";
      if (mop.kind() != Kind::kVector || mop.size() != 3)
        return op_error(
            h, op, "expected " + where + " to be " + expected + ", got " + describe_value(mop));
      auto mi = mop.items();
      std::optional<MopKind> kind = mop_kind(mi[0], workload);
      if (!kind)
        return op_error(h, op,
                        "expected the function of " + where + " to be " +
                            (append ? ":append or :r" : ":w or :r") + ", got " +
                            describe_value(mi[0]));
      Value v = mi[2];
      if (*kind == MopKind::kRead && append && op.status == OpStatus::kOk) {
        if (v.is_null()) v = empty;
        if (v.kind() != Kind::kVector)
          return op_error(h, op, "expected " + where + " to read a list, got " + describe_value(v));
      }
      auto [kit, kfresh] = key_ids.try_emplace(mi[1], static_cast<uint32_t>(out.keys.size()));
      if (kfresh) {
        if (!map_bytes.add(kMapEntryBytes, kWhat) || !grow(out.key_bytes, out.keys, kWhat))
          return std::nullopt;
        out.keys.push_back(mi[1]);
      }
      out.mops.push_back(Mop{*kind, kit->second, v});
    }
    t.count = static_cast<uint32_t>(out.mops.size()) - t.first;
    out.txns.push_back(t);
  }
  out.processes = static_cast<uint32_t>(process_ids.size());
  return std::nullopt;
}

void add_finding(Inferred& out, Finding f) {
  for (const Finding& g : out.findings)
    if (g.anomaly == f.anomaly) return;
  out.findings.push_back(std::move(f));
}

}  // namespace ariadne::txn
