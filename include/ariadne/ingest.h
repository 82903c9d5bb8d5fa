// ariadne/ingest.h — reading histories from files and buffers.
//
// Formats (SPEC section 1): Jepsen EDN, JSON Lines, a JSON array, and
// Jepsen's text log. `Format::kAuto` decides from the content, never from
// the file name.
//
// Errors are values: a ReadResult carries either a History or a ParseError
// (ariadne/parse.h)
// naming file, line and column (1-based; the column counts bytes). With
// `lenient`, a bad record is skipped and counted instead, and reading goes
// on at the next line.
//
// Thread safety: the functions are reentrant; they may use several threads
// internally (up to ReadOptions::threads).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ariadne/history.h"
#include "ariadne/parse.h"

namespace ariadne {

enum class Format { kAuto, kEdn, kJsonl, kJson, kJepsenLog };

std::string_view format_name(Format format);
// Parses "auto", "edn", "jsonl", "json", "jepsen-log".
std::optional<Format> parse_format(std::string_view name);

struct ReadOptions {
  Format format = Format::kAuto;
  bool lenient = false;
  // Read every op's `value` as a [key value] tuple (jepsen.independent).
  bool independent = false;
  // Widens every interval by this much on both sides (timed histories).
  int64_t clock_skew_ns = 0;
  // 0: every core.
  int threads = 0;
};

struct ReadResult {
  History history;
  std::optional<ParseError> error;
  Format format = Format::kAuto;  // the format used
  size_t skipped = 0;             // lines skipped under --lenient
  std::vector<std::string> warnings;
  bool ok() const { return !error.has_value(); }
};

// Reads a whole file ("-" is standard input). A regular file is mapped.
// Standard input, a pipe or a device is read as it arrives and fails early
// when it cannot be a history: when no format fits its first megabyte; in
// JSON Lines and Jepsen logs, when that megabyte's whole lines do not
// parse; and when a record grows past 64 MiB (ingest/record_limit.h), an
// error at the record's first byte. So an endless input (/dev/zero, `yes`)
// ends at once.
ReadResult read_history_file(const std::string& path, const ReadOptions& options);
// Reads a buffer; `name` is used in messages.
ReadResult read_history_buffer(std::string_view data, const std::string& name,
                               const ReadOptions& options);

}  // namespace ariadne
