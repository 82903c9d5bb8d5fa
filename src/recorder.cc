#include "ariadne/recorder.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "ariadne/history_builder.h"

namespace ariadne {

namespace {

constexpr uint32_t kShards = 64;
constexpr int64_t kOpen = -1;  // complete_ns of an operation not completed

// The shard of the calling thread: threads take slots in turn, so up to
// kShards threads never share one.
uint32_t thread_slot() {
  static std::atomic<uint32_t> next{0};
  thread_local const uint32_t slot = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return slot;
}

struct RecordedOp {
  Value process, f, value, key, result;
  int64_t invoke_ns = 0;
  int64_t complete_ns = kOpen;
  EventType completion = EventType::kInfo;
  bool keyed = false;
};

}  // namespace

// Aligned so that shards used by different threads share no cache line.
struct alignas(64) Recorder::Shard {
  mutable std::mutex mu;
  std::vector<RecordedOp> ops;
};

Recorder::Recorder(std::string name)
    : name_(std::move(name)),
      shards_(new Shard[kShards]),
      origin_(std::chrono::steady_clock::now()) {}

Recorder::~Recorder() = default;

Recorder::Handle Recorder::open(Value process, std::string_view f, Value value, Value key,
                                bool keyed) {
  uint32_t s = thread_slot();
  RecordedOp op;
  op.process = process;
  op.f = Value::keyword(f);
  op.value = value;
  op.key = key;
  op.keyed = keyed;
  Shard& shard = shards_[s];
  std::lock_guard<std::mutex> lock(shard.mu);
  // Stamped under the lock: the shard's ops are in time order.
  op.invoke_ns = (std::chrono::steady_clock::now() - origin_).count();
  shard.ops.push_back(op);
  return {s, static_cast<uint32_t>(shard.ops.size() - 1)};
}

Recorder::Handle Recorder::invoke(Value process, std::string_view f, Value value) {
  return open(process, f, value, Value(), false);
}

Recorder::Handle Recorder::invoke(Value process, std::string_view f, Value value, Value key) {
  return open(process, f, value, key, true);
}

void Recorder::close(Handle h, EventType type, Value result) {
  int64_t now = (std::chrono::steady_clock::now() - origin_).count();
  if (h.shard >= kShards)
    throw std::logic_error("ariadne::Recorder: not a handle of this recorder");
  Shard& shard = shards_[h.shard];
  std::lock_guard<std::mutex> lock(shard.mu);
  if (h.index >= shard.ops.size())
    throw std::logic_error("ariadne::Recorder: not a handle of this recorder");
  RecordedOp& op = shard.ops[h.index];
  if (op.complete_ns != kOpen)
    throw std::logic_error("ariadne::Recorder: an operation completed twice");
  op.complete_ns = std::max(now, op.invoke_ns + 1);
  op.completion = type;
  op.result = result;
}

void Recorder::ok(Handle h, Value result) { close(h, EventType::kOk, result); }
void Recorder::fail(Handle h, Value result) { close(h, EventType::kFail, result); }
void Recorder::info(Handle h, Value result) { close(h, EventType::kInfo, result); }

size_t Recorder::size() const {
  size_t n = 0;
  for (uint32_t s = 0; s < kShards; ++s) {
    std::lock_guard<std::mutex> lock(shards_[s].mu);
    n += shards_[s].ops.size();
  }
  return n;
}

namespace {

struct TimedEvent {
  int64_t time;
  bool invoke;
  const RecordedOp* op;
};

// Every event in time order; at equal times completions first (a
// completion is always later than its own invoke, see close()), so a
// process's completion precedes its next invoke.
std::vector<TimedEvent> ordered_events(const std::vector<RecordedOp>& ops) {
  std::vector<TimedEvent> events;
  events.reserve(2 * ops.size());
  for (const RecordedOp& op : ops) {
    events.push_back({op.invoke_ns, true, &op});
    if (op.complete_ns != kOpen) events.push_back({op.complete_ns, false, &op});
  }
  std::stable_sort(events.begin(), events.end(), [](const TimedEvent& a, const TimedEvent& b) {
    if (a.time != b.time) return a.time < b.time;
    return !a.invoke && b.invoke;
  });
  return events;
}

}  // namespace

ReadResult Recorder::history() const {
  std::vector<RecordedOp> ops;
  for (uint32_t s = 0; s < kShards; ++s) {
    std::lock_guard<std::mutex> lock(shards_[s].mu);
    ops.insert(ops.end(), shards_[s].ops.begin(), shards_[s].ops.end());
  }
  HistoryBuilder b(name_);
  for (const TimedEvent& e : ordered_events(ops)) {
    const RecordedOp& op = *e.op;
    EventSpec spec;
    spec.type = e.invoke ? EventType::kInvoke : op.completion;
    spec.process = op.process;
    spec.f = op.f.as_text();
    spec.value = e.invoke ? op.value : op.result;
    spec.time = e.time;
    if (op.keyed) spec.key = op.key;
    b.add(spec);
  }
  return std::move(b).build();
}

CheckResult Recorder::check(const CheckOptions& options) const {
  ReadResult read = history();
  if (!read.ok()) {
    CheckResult r;
    r.verdict = Verdict::kUnknown;
    r.reason = "the recorded history is not well formed";
    r.error = read.error;
    return r;
  }
  return ariadne::check(read.history, options);
}

std::optional<std::string> Recorder::write(const std::string& path, Format format) const {
  if (format != Format::kJsonl && format != Format::kEdn)
    return "Recorder::write: expected format jsonl or edn, got " + std::string(format_name(format));
  ReadResult read = history();
  if (!read.ok()) return read.error->to_string();
  const History& h = read.history;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return "cannot open " + path + " for writing";
  bool edn = format == Format::kEdn;
  std::string line;
  for (const Event& e : h.events) {
    line.clear();
    auto field = [&](std::string_view name, Value v, bool first = false) {
      if (edn) {
        line += first ? "{:" : ", :";
        line += name;
        line += ' ';
        append_edn(line, v);
      } else {
        line += first ? "{" : ",";
        append_json_string(line, name);
        line += ':';
        append_json(line, v);
      }
    };
    field("type", Value::keyword(event_type_name(e.type)), true);
    field("process", e.process);
    field("f", e.f);
    field("value", e.value);
    field("time", Value::integer(e.time));
    if (e.has(Event::kHasKey)) field("key", e.key);
    line += "}\n";
    out << line;
  }
  out.flush();
  if (!out) return "cannot write " + path;
  return std::nullopt;
}

}  // namespace ariadne
