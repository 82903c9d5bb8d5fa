#include "ingest/chunks.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <algorithm>
#include <cstring>

#include "ingest/event_builder.h"

namespace ariadne::ingest {

std::vector<Chunk> cut_chunks(std::string_view data, size_t count) {
  std::vector<Chunk> chunks;
  size_t begin = 0;
  for (size_t k = 1; k <= count && begin < data.size(); ++k) {
    size_t end = k == count ? data.size() : std::max(begin, data.size() * k / count);
    if (end < data.size()) {
      const void* nl = std::memchr(data.data() + end, '\n', data.size() - end);
      end = nl ? static_cast<const char*>(nl) - data.data() + 1 : data.size();
    }
    if (end <= begin) continue;
    Chunk c;
    c.begin = begin;
    c.end = end;
    chunks.push_back(std::move(c));
    begin = end;
  }
  if (chunks.size() < 2) return chunks;
  // Counted in parallel, which also brings the input's pages in on every core.
  tbb::parallel_for(size_t{0}, chunks.size(), [&](size_t i) {
    chunks[i].lines = static_cast<uint32_t>(
        std::count(data.begin() + chunks[i].begin, data.begin() + chunks[i].end, '\n'));
  });
  uint32_t line = 1;
  for (Chunk& c : chunks) {
    c.first_line = line;
    line += c.lines;
  }
  return chunks;
}

void place_chunks(std::vector<Chunk>& chunks, std::string_view data, std::vector<Event>& events) {
  size_t total = 0;
  for (Chunk& c : chunks) {
    c.capacity = c.lines;
    total += c.capacity;
  }
  if (!chunks.empty() && !data.ends_with('\n')) {  // a last line without a line break
    ++chunks.back().capacity;
    ++total;
  }
  // Page faults are most of the cost of a fresh buffer: take them on every
  // core before resize() writes the (zero) events.
  events.reserve(total);
  constexpr size_t kPage = 4096;
  auto* bytes = reinterpret_cast<volatile char*>(events.data());
  size_t pages = (total * sizeof(Event) + kPage - 1) / kPage;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, pages, 256),
                    [&](const tbb::blocked_range<size_t>& r) {
                      for (size_t p = r.begin(); p != r.end(); ++p) bytes[p * kPage] = 0;
                    });
  events.resize(total);
  size_t at = 0;
  for (Chunk& c : chunks) {
    c.region = events.data() + at;
    at += c.capacity;
  }
}

namespace {

// Room for the events of `data` when no region was made for them: its line
// breaks in a sample from its start (most inputs hold one record per line),
// scaled to its length, and an eighth more; never more than one per 10
// bytes (no record is shorter). A history with more events grows the
// vector. Reserving one per 10 bytes instead would ask, for a typical
// 200-byte record, 20 times the address space the events need, and more
// than the machine has for a file of a few GB.
size_t estimated_events(std::string_view data) {
  constexpr size_t kSample = size_t{1} << 20;
  size_t sample = std::min(data.size(), kSample);
  if (sample == 0) return 16;
  auto lines = static_cast<size_t>(std::count(data.begin(), data.begin() + sample, '\n'));
  size_t estimate = data.size() / sample * lines + (data.size() % sample) * lines / sample;
  return std::min(estimate + estimate / 8 + 16, data.size() / 10 + 16);
}

}  // namespace

void parse_chunk(const Source& source, ReaderFn read, bool lenient, Chunk& chunk) {
  EventBuilder builder(source, lenient, chunk.region, chunk.capacity);
  if (chunk.region == nullptr)
    builder.events.reserve(
        estimated_events(source.data.substr(chunk.begin, chunk.end - chunk.begin)));
  chunk.result = read(source, chunk.begin, chunk.end, chunk.first_line, builder, lenient);
  chunk.error = builder.error ? builder.error : chunk.result.error;
  chunk.result.skipped += builder.skipped;
  chunk.placed = builder.placed;
  chunk.spill = std::move(builder.events);
  chunk.summary = builder.summary;
}

void gather_events(std::vector<Chunk>& chunks, std::vector<Event>& events) {
  bool spilled =
      std::any_of(chunks.begin(), chunks.end(), [](const Chunk& c) { return !c.spill.empty(); });
  if (!spilled) {
    // Close the gaps in place: each region moves down, never past its start.
    size_t w = 0;
    for (Chunk& c : chunks) {
      Event* to = events.data() + w;
      if (to != c.region) std::copy(c.region, c.region + c.placed, to);
      w += c.placed;
    }
    events.resize(w);
    // Every page of the regions was written (place_chunks): give back the
    // room of lines that held no event when it is a fair part of the whole.
    if (events.capacity() - w > w / 4 + 4096) events.shrink_to_fit();
    return;
  }
  if (chunks.size() == 1 && chunks[0].region == nullptr) {
    events = std::move(chunks[0].spill);
    return;
  }
  std::vector<Event> all;
  size_t total = 0;
  for (const Chunk& c : chunks) total += c.placed + c.spill.size();
  all.reserve(total);
  for (Chunk& c : chunks) {
    all.insert(all.end(), c.region, c.region + c.placed);
    all.insert(all.end(), c.spill.begin(), c.spill.end());
    std::vector<Event>().swap(c.spill);
  }
  events.swap(all);
}

}  // namespace ariadne::ingest
