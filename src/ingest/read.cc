// Reading a whole input: format detection, parallel parsing of
// line-structured input, then pairing.
//
// Parallel parsing is speculative. The input is cut into chunks at line
// starts and each chunk is parsed as if it were a whole input. Chunk 0
// starts at a record boundary. If chunk i parsed without error, every
// record that starts in it also ended in it (a record cut by the chunk's
// end is an error, since the chunk's end reads as end of input), so chunk
// i+1 starts at a record boundary too. At the first chunk with an error,
// everything from that chunk's start to the end of input is parsed again
// in one piece, and that result, error or not, is the answer. The outcome
// is therefore exactly that of a sequential parse.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>

#include "ariadne/ingest.h"
#include "ingest/detect.h"
#include "ingest/event_builder.h"
#include "ingest/pairing.h"
#include "ingest/reader.h"

namespace ariadne {

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kAuto: return "auto";
    case Format::kEdn: return "edn";
    case Format::kJsonl: return "jsonl";
    case Format::kJson: return "json";
    case Format::kJepsenLog: return "jepsen-log";
  }
  return "auto";
}

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : {Format::kAuto, Format::kEdn, Format::kJsonl, Format::kJson, Format::kJepsenLog})
    if (format_name(f) == name) return f;
  return std::nullopt;
}

namespace {

using ingest::ChunkResult;
using ingest::EventBuilder;
using ingest::ReaderFn;
using ingest::Source;

ReaderFn reader_for(Format format) {
  switch (format) {
    case Format::kEdn: return ingest::read_edn;
    case Format::kJsonl: return ingest::read_jsonl;
    case Format::kJson: return ingest::read_json;
    case Format::kJepsenLog: return ingest::read_jepsen_log;
    case Format::kAuto: break;
  }
  return nullptr;
}

constexpr size_t kMinChunkBytes = 1 << 20;

// Joins the chunks' events into `out` (empty), in parallel: the pages of
// the new buffer are first touched by all threads (page faults are most of
// the cost), then each chunk is copied to its place and its buffer freed.
void join_events(std::vector<std::vector<Event>*> parts, std::vector<Event>& out) {
  std::vector<size_t> at(parts.size() + 1, 0);
  for (size_t i = 0; i < parts.size(); ++i) at[i + 1] = at[i] + parts[i]->size();
  out.reserve(at.back());
  constexpr size_t kPage = 4096;
  auto* bytes = reinterpret_cast<volatile char*>(out.data());
  size_t size = at.back() * sizeof(Event);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, (size + kPage - 1) / kPage, 256),
                    [&](const tbb::blocked_range<size_t>& pages) {
                      for (size_t p = pages.begin(); p != pages.end(); ++p) bytes[p * kPage] = 0;
                    });
  out.resize(at.back());
  tbb::parallel_for(size_t{0}, parts.size(), [&](size_t i) {
    std::copy(parts[i]->begin(), parts[i]->end(), out.begin() + static_cast<ptrdiff_t>(at[i]));
    std::vector<Event>().swap(*parts[i]);
  });
}

struct Chunk {
  size_t begin = 0, end = 0;
  uint32_t first_line = 1;
  std::vector<Event> events;
  ingest::EventSummary summary;
  ChunkResult result;
  std::optional<ParseError> error;  // syntax or meaning
};

void parse_chunk(const Source& source, ReaderFn read, bool lenient, Chunk& chunk) {
  EventBuilder builder(source, lenient);
  // No record is shorter than 10 bytes, so this never reallocates; pages
  // that are never written cost address space only.
  builder.events.reserve((chunk.end - chunk.begin) / 10 + 16);
  chunk.result = read(source, chunk.begin, chunk.end, chunk.first_line, builder, lenient);
  chunk.error = builder.error ? builder.error : chunk.result.error;
  chunk.result.skipped += builder.skipped;
  chunk.events = std::move(builder.events);
  chunk.summary = builder.summary;
}

// Cuts [0, size) into about `count` pieces that start at line starts.
// Each piece's first line is counted in parallel (which also brings the
// input's pages in on every core).
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
  std::vector<uint32_t> newlines(chunks.size());
  tbb::parallel_for(size_t{0}, chunks.size(), [&](size_t i) {
    newlines[i] = static_cast<uint32_t>(
        std::count(data.begin() + chunks[i].begin, data.begin() + chunks[i].end, '\n'));
  });
  uint32_t line = 1;
  for (size_t i = 0; i < chunks.size(); ++i) {
    chunks[i].first_line = line;
    line += newlines[i];
  }
  return chunks;
}

bool starts_with_container(std::string_view data) {
  for (char c : data) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') continue;
    return c == '[' || c == '(';
  }
  return false;
}

}  // namespace

ReadResult read_history_buffer(std::string_view data, const std::string& name,
                               const ReadOptions& options) {
  ReadResult out;
  out.history.name = name;
  Source source{name, data};
  Format format = options.format;
  if (format == Format::kAuto) {
    auto detected = ingest::detect_format(source);
    if (!detected.format) {
      out.error = std::move(detected.error);
      return out;
    }
    format = *detected.format;
  }
  out.format = format;
  ReaderFn read = reader_for(format);

  int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  bool parallel = threads > 1 && !options.lenient && format != Format::kJson &&
                  data.size() >= 2 * kMinChunkBytes && !starts_with_container(data);
  size_t count = parallel ? std::min<size_t>(threads * 8, data.size() / kMinChunkBytes) : 1;
  std::vector<Chunk> chunks = cut_chunks(data, count);
  if (chunks.size() > 1) {
    tbb::parallel_for(size_t{0}, chunks.size(),
                      [&](size_t i) { parse_chunk(source, read, options.lenient, chunks[i]); });
    for (size_t i = 0; i < chunks.size(); ++i) {
      if (!chunks[i].error) continue;
      Chunk rest;
      rest.begin = chunks[i].begin;
      rest.end = data.size();
      rest.first_line = chunks[i].first_line;
      parse_chunk(source, read, options.lenient, rest);
      chunks.resize(i);
      chunks.push_back(std::move(rest));
      break;
    }
  } else if (!chunks.empty()) {
    parse_chunk(source, read, options.lenient, chunks[0]);
  }

  size_t ignored = 0;
  ingest::EventSummary summary;
  for (const Chunk& c : chunks) {
    if (c.error) {
      out.error = c.error;
      return out;
    }
    summary.append(c.summary);
    out.skipped += c.result.skipped;
    ignored += c.result.ignored;
  }
  std::vector<Event>& events = out.history.events;
  if (chunks.size() == 1) {
    events = std::move(chunks[0].events);
  } else {
    std::vector<std::vector<Event>*> parts;
    for (Chunk& c : chunks) parts.push_back(&c.events);
    join_events(std::move(parts), events);
  }
  if (out.skipped > 0)
    out.warnings.push_back("skipped " + std::to_string(out.skipped) + " bad records (--lenient)");
  if (ignored > 0)
    out.warnings.push_back("ignored " + std::to_string(ignored) +
                           " lines that are not operations (log lines of other loggers)");

  ingest::PairingOptions pairing{options.independent, options.clock_skew_ns, options.lenient};
  out.error = ingest::pair_events(out.history, source, pairing, summary, out.warnings);
  return out;
}

ReadResult read_history_file(const std::string& path, const ReadOptions& options) {
  auto io_error = [&](const std::string& what) {
    ReadResult r;
    r.history.name = path;
    ParseError e;
    e.file = path;
    e.message = what;
    r.error = e;
    return r;
  };
  if (path == "-") {
    std::string data(std::istreambuf_iterator<char>(std::cin), {});
    return read_history_buffer(data, "-", options);
  }
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return io_error(std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    // Not a regular file (a pipe, say): read it whole.
    std::string data;
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, n);
    ::close(fd);
    if (n < 0) return io_error(std::string("cannot read: ") + std::strerror(errno));
    return read_history_buffer(data, path, options);
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return read_history_buffer({}, path, options);
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return io_error(std::string("cannot map: ") + std::strerror(errno));
  ::madvise(map, size, MADV_SEQUENTIAL);
  ReadResult r = read_history_buffer({static_cast<const char*>(map), size}, path, options);
  ::munmap(map, size);
  return r;
}

}  // namespace ariadne
