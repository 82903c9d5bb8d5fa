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
// is therefore exactly that of a sequential parse. Chunks write their
// events straight into the history's event vector (chunks.h).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ariadne/ingest.h"
#include "ingest/chunks.h"
#include "ingest/detect.h"
#include "ingest/pairing.h"
#include "ingest/reader.h"
#include "ingest/record_limit.h"

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

using ingest::Chunk;
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
  std::vector<Chunk> chunks = ingest::cut_chunks(data, count);
  std::vector<Event>& events = out.history.events;
  if (chunks.size() > 1) {
    ingest::place_chunks(chunks, data, events);
    tbb::parallel_for(size_t{0}, chunks.size(), [&](size_t i) {
      ingest::parse_chunk(source, read, options.lenient, chunks[i]);
    });
    for (size_t i = 0; i < chunks.size(); ++i) {
      if (!chunks[i].error) continue;
      Chunk rest;
      rest.begin = chunks[i].begin;
      rest.end = data.size();
      rest.first_line = chunks[i].first_line;
      ingest::parse_chunk(source, read, options.lenient, rest);
      chunks.resize(i);
      chunks.push_back(std::move(rest));
      break;
    }
  } else if (!chunks.empty()) {
    ingest::parse_chunk(source, read, options.lenient, chunks[0]);
  }

  size_t ignored = 0;
  ingest::EventSummary summary;
  for (const Chunk& c : chunks) {
    if (c.error) {
      out.error = c.error;
      std::vector<Event>().swap(events);
      return out;
    }
    summary.append(c.summary);
    out.skipped += c.result.skipped;
    ignored += c.result.ignored;
  }
  ingest::gather_events(chunks, events);
  if (out.skipped > 0)
    out.warnings.push_back("skipped " + std::to_string(out.skipped) + " bad records (--lenient)");
  if (ignored > 0)
    out.warnings.push_back("ignored " + std::to_string(ignored) +
                           " lines that are not operations (log lines of other loggers)");

  ingest::PairingOptions pairing{options.independent, options.clock_skew_ns, options.lenient};
  out.error = ingest::pair_events(out.history, source, pairing, summary, out.warnings);
  return out;
}

namespace {

// Bytes of a stream looked at to detect its format (a Jepsen log is
// recognised by a line within the first megabyte, ingest/detect.h).
constexpr size_t kDetectBytes = size_t{1} << 20;

ReadResult failed_read(const std::string& name, ParseError error) {
  ReadResult r;
  r.history.name = name;
  r.error = std::move(error);
  return r;
}

ParseError io_error(const std::string& name, const std::string& what) {
  ParseError e;
  e.file = name;
  e.message = what;
  return e;
}

// The error of a line-structured stream (JSON Lines, Jepsen log) in its
// whole lines so far, if any. Each record is one line, so a parse of those
// lines finds the error a parse of the whole stream would find first.
std::optional<ParseError> probe_lines(std::string_view data, const std::string& name, Format format,
                                      const ReadOptions& options) {
  size_t end = data.rfind('\n');
  if (options.lenient || end == std::string_view::npos ||
      (format != Format::kJsonl && format != Format::kJepsenLog))
    return std::nullopt;
  ingest::Chunk lines;
  lines.end = end + 1;
  ingest::parse_chunk(Source{name, data}, reader_for(format), false, lines);
  return lines.error;
}

// Reads a stream (standard input, a pipe, a device) whole, failing as soon
// as it cannot be a history: when its format cannot be detected from its
// first kDetectBytes, when the whole lines of those (in a line-structured
// format) do not parse, or when a record grows past kMaxRecordBytes (so
// /dev/zero, `yes` and /dev/urandom end at once).
ReadResult read_stream(int fd, const std::string& name, const ReadOptions& options) {
  std::string data;
  std::optional<Format> format;
  if (options.format != Format::kAuto) format = options.format;
  std::optional<ingest::RecordLimit> limit;
  if (format) limit.emplace(*format);
  bool probed = false;
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return failed_read(name, io_error(name, std::string("cannot read: ") + std::strerror(errno)));
    data.append(buf.data(), static_cast<size_t>(n));
    if (!format && (n == 0 || data.size() >= kDetectBytes)) {
      auto detected = ingest::detect_format(Source{name, data});
      if (!detected.format) return failed_read(name, std::move(*detected.error));
      format = detected.format;
      limit.emplace(*format);
    }
    if (!probed && format && data.size() >= kDetectBytes) {
      probed = true;
      if (auto error = probe_lines(data, name, *format, options)) return failed_read(name, *error);
    }
    if (limit) {
      if (auto start = limit->feed(data))
        return failed_read(
            name,
            Source{name, data}.error_at(
                *start, limit->record_line(),
                "expected a record of at most " + std::to_string(ingest::kMaxRecordBytes >> 20) +
                    " MiB, got a longer one (or an unterminated string or bracket)"));
    }
    if (n == 0) break;
  }
  ReadOptions known = options;
  known.format = *format;
  return read_history_buffer(data, name, known);
}

}  // namespace

ReadResult read_history_file(const std::string& path, const ReadOptions& options) {
  if (path == "-") return read_stream(STDIN_FILENO, "-", options);
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    return failed_read(path, io_error(path, std::string("cannot open: ") + std::strerror(errno)));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ReadResult r = read_stream(fd, path, options);  // not a regular file: a pipe, a device
    ::close(fd);
    return r;
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return read_history_buffer({}, path, options);
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED)
    return failed_read(path, io_error(path, std::string("cannot map: ") + std::strerror(errno)));
  ::madvise(map, size, MADV_SEQUENTIAL);
  ReadResult r = read_history_buffer({static_cast<const char*>(map), size}, path, options);
  ::munmap(map, size);
  return r;
}

}  // namespace ariadne
