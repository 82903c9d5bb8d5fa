#include "ingest/event_builder.h"

#include <algorithm>

namespace ariadne::ingest {

namespace {

struct FieldNames {
  Value type = Value::keyword("type");
  Value process = Value::keyword("process");
  Value f = Value::keyword("f");
  Value value = Value::keyword("value");
  Value key = Value::keyword("key");
  Value time = Value::keyword("time");
  Value index = Value::keyword("index");
  Value start = Value::keyword("start");
  Value end = Value::keyword("end");
};

const FieldNames& names() {
  static const FieldNames n;
  return n;
}

std::optional<EventType> parse_type(Value v) {
  if (!v.is_text()) return std::nullopt;
  std::string_view t = v.as_text();
  if (t == "invoke") return EventType::kInvoke;
  if (t == "ok") return EventType::kOk;
  if (t == "fail") return EventType::kFail;
  if (t == "info") return EventType::kInfo;
  return std::nullopt;
}

}  // namespace

EventBuilder::EventBuilder(const Source& source, bool lenient, Event* region, size_t capacity)
    : source_(source), lenient_(lenient), region_(region), capacity_(capacity) {
  names();
}

bool EventBuilder::fail(const Record& record, size_t offset, std::string message) {
  if (lenient_) {
    ++skipped;
    return true;
  }
  uint32_t line = record.line;
  for (size_t i = record.offset; i < offset && i < source_.data.size(); ++i)
    if (source_.data[i] == '\n') ++line;
  error = source_.error_at(offset, line, std::move(message));
  return false;
}

bool EventBuilder::add(const Record& record) {
  const FieldNames& n = names();
  const Field* type = nullptr;
  const Field* process = nullptr;
  const Field* f = nullptr;
  const Field* value = nullptr;
  const Field* key = nullptr;
  const Field* time = nullptr;
  const Field* start = nullptr;
  const Field* end = nullptr;
  const Field* index = nullptr;
  extra_.clear();
  for (const Field& field : record.fields) {
    Value name = field.name;
    if (name == n.type)
      type = &field;
    else if (name == n.process)
      process = &field;
    else if (name == n.f)
      f = &field;
    else if (name == n.value)
      value = &field;
    else if (name == n.key)
      key = &field;
    else if (name == n.time)
      time = &field;
    else if (name == n.start)
      start = &field;
    else if (name == n.end)
      end = &field;
    else if (name == n.index && field.value.is_int())
      index = &field;
    else {
      extra_.push_back(name);
      extra_.push_back(field.value);
    }
  }

  if (type == nullptr) return fail(record, record.offset, "expected field \"type\", got none");
  std::optional<EventType> event_type = parse_type(type->value);
  if (!event_type)
    return fail(record, type->offset,
                "expected type invoke, ok, fail or info, got " + describe_value(type->value));
  if (process == nullptr)
    return fail(record, record.offset, "expected field \"process\", got none");
  Value proc = process->value;
  Kind pk = proc.kind();
  if (pk != Kind::kInt && pk != Kind::kString && pk != Kind::kKeyword && pk != Kind::kSymbol)
    return fail(record, process->offset,
                "expected process to be an integer or a name, got " + describe_value(proc));
  bool nemesis = proc.is_text() && proc.as_text() == "nemesis";

  Event ev;
  ev.process = proc;
  ev.type = *event_type;
  ev.line = record.line;
  if (nemesis) ev.flags |= Event::kNemesis;
  if (f != nullptr) {
    if (!f->value.is_text())
      return fail(record, f->offset,
                  "expected f to be a keyword or string, got " + describe_value(f->value));
    ev.f = f->value.kind() == Kind::kKeyword ? f->value : Value::keyword(f->value.as_text());
  } else if (nemesis) {
    ev.f = Value::keyword("nemesis");
  } else {
    return fail(record, record.offset, "expected field \"f\", got none");
  }
  if (value != nullptr) ev.value = value->value;
  if (index != nullptr) {
    ev.index = index->value.as_int();
    ev.flags |= Event::kHasIndex;
  }
  if (key != nullptr) {
    ev.key = key->value;
    ev.flags |= Event::kHasKey;
  }

  auto integer_field = [&](const Field* field, const char* what, int64_t& out) {
    if (!field->value.is_int()) {
      fail(record, field->offset,
           std::string("expected ") + what + " to be an integer (nanoseconds), got " +
               describe_value(field->value));
      return false;
    }
    out = field->value.as_int();
    return true;
  };

  if (start != nullptr || end != nullptr) {
    if (start == nullptr || end == nullptr)
      return fail(record, (start ? start : end)->offset,
                  start ? "expected field \"end\" beside \"start\", got none"
                        : "expected field \"start\" beside \"end\", got none");
    int64_t s = 0, e = 0;
    if (!integer_field(start, "start", s)) return error ? false : true;
    if (!integer_field(end, "end", e)) return error ? false : true;
    if (e < s)
      return fail(
          record, end->offset,
          "expected end >= start, got end " + std::to_string(e) + " < start " + std::to_string(s));
    if (ev.type == EventType::kInvoke)
      return fail(record, type->offset,
                  "expected type ok, fail or info in a record with start and end, got invoke");
    if (time != nullptr) {
      extra_.push_back(n.time);
      extra_.push_back(time->value);
    }
    ev.extra = extra_.empty() ? Value() : Value::map(extra_);
    ev.flags |= Event::kCompleteRecord | Event::kHasTime;
    Event invoke = ev;
    invoke.type = EventType::kInvoke;
    invoke.time = s;
    ev.time = e;
    push(invoke);
    push(ev);
    return true;
  }

  if (time != nullptr) {
    if (!integer_field(time, "time", ev.time)) return error ? false : true;
    ev.flags |= Event::kHasTime;
  }
  ev.extra = extra_.empty() ? Value() : Value::map(extra_);
  push(ev);
  return true;
}

}  // namespace ariadne::ingest
