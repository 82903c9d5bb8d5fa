#include "ariadne/history_builder.h"

#include "ingest/pairing.h"

namespace ariadne {

HistoryBuilder& HistoryBuilder::add(const EventSpec& spec) {
  Event e;
  e.type = spec.type;
  e.process = spec.process;
  e.f = Value::keyword(spec.f);
  e.value = spec.value;
  e.line = static_cast<uint32_t>(events_.size() + 1);
  if (spec.time) {
    e.time = *spec.time;
    e.flags |= Event::kHasTime;
  }
  if (spec.key) {
    e.key = *spec.key;
    e.flags |= Event::kHasKey;
  }
  events_.push_back(e);
  return *this;
}

ReadResult HistoryBuilder::build() && {
  ReadResult out;
  out.format = Format::kAuto;
  out.history.name = name_;
  ingest::EventSummary summary;
  for (const Event& e : events_) summary.add(e);
  out.history.events = std::move(events_);
  events_.clear();
  ingest::Source source{name_, std::string_view()};
  out.error =
      ingest::pair_events(out.history, source, ingest::PairingOptions{}, summary, out.warnings);
  return out;
}

}  // namespace ariadne
