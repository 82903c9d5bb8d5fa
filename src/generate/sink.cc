#include "generate/sink.h"

#include "ariadne/value.h"

namespace ariadne::gen {

void EventSink::append(const Datum& d) {
  const bool edn = format_ == Format::kEdn || format_ == Format::kJepsenLog;
  switch (d.kind) {
    case Datum::kNil: buf_ += edn ? "nil" : "null"; return;
    case Datum::kInt: buf_ += std::to_string(d.number); return;
    case Datum::kString: append_json_string(buf_, d.text); return;  // EDN escapes alike
    case Datum::kKeyword:
      if (edn) {
        buf_ += ':';
        buf_ += d.text;
      } else {
        append_json_string(buf_, d.text);
      }
      return;
    case Datum::kList:
      buf_ += '[';
      for (size_t i = 0; i < d.items.size(); ++i) {
        if (i > 0) buf_ += edn ? " " : ", ";
        append(d.items[i]);
      }
      buf_ += ']';
      return;
  }
}

void EventSink::write(const EventOut& e) {
  if (format_ == Format::kJepsenLog) {
    buf_ +=
        "INFO  jepsen.util - " + std::to_string(e.process) + "\t:" + e.type + "\t:" + e.f + "\t";
    append(e.key ? Datum::list({Datum::integer(*e.key), e.value}) : e.value);
    buf_ += '\n';
  } else {
    const bool edn = format_ == Format::kEdn;
    if (format_ == Format::kJson) buf_ += written_ == 0 ? "[\n" : ",\n";
    bool first = true;
    auto field = [&](const char* name) {
      buf_ += first ? "{" : ", ";
      first = false;
      if (edn) {
        buf_ += ':';
        buf_ += name;
        buf_ += ' ';
      } else {
        buf_ += '"';
        buf_ += name;
        buf_ += "\": ";
      }
    };
    auto keyword = [&](const char* name) { append(Datum::keyword(name)); };
    field("index");
    buf_ += std::to_string(e.index);
    if (e.complete) {
      field("start");
      buf_ += std::to_string(e.start);
      field("end");
      buf_ += std::to_string(e.end);
    } else {
      field("time");
      buf_ += std::to_string(e.time);
    }
    field("type");
    keyword(e.type);
    field("process");
    buf_ += std::to_string(e.process);
    field("f");
    keyword(e.f);
    if (e.key) {
      field("key");
      buf_ += std::to_string(*e.key);
    }
    field("value");
    append(e.value);
    if (e.node >= 0) {
      field("node");
      append(Datum::string("n" + std::to_string(e.node + 1)));
    }
    if (e.final) {
      field("final");
      buf_ += "true";
    }
    buf_ += format_ == Format::kJson ? "}" : "}\n";
  }
  ++written_;
  if (buf_.size() >= (size_t{1} << 20)) flush();
}

void EventSink::finish() {
  if (format_ == Format::kJson) buf_ += written_ == 0 ? "[]\n" : "\n]\n";
  flush();
}

void EventSink::flush() {
  if (buf_.empty()) return;
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

}  // namespace ariadne::gen
