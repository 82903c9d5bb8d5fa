// Output files of the command line (--json FILE, --html, --junit, stats
// --json, generate -o): opened before any work, so a bad path fails at
// once, and replaced whole, so a reader never sees half a report.
#pragma once

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace ariadne::cli {

// One output file. A regular file (or a path that does not exist yet) is
// written to a temporary file in the same folder, which commit() renames
// into place; until then the old file, if any, is untouched. A path that
// exists and is not a regular file (/dev/null, /dev/full, a FIFO, a
// terminal) is written in place.
//
// Errors throw ExitError (cli/common.h): exit 73 with the path and the
// OS's reason when the file cannot be created, exit 74 when writing,
// flushing or closing fails. Not thread-safe.
class OutputFile {
 public:
  // `flag` names the output in messages ("--html").
  OutputFile(std::string flag, std::string path);
  ~OutputFile();  // removes the temporary file unless commit() ran
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return out_; }
  // Writes `text`; throws on a write error.
  void write(const std::string& text);
  // Flushes, closes and renames into place; throws on any error.
  void commit();

 private:
  [[noreturn]] void fail_write(const std::string& what, int error);

  std::string flag_, path_, temp_;  // temp_ empty: written in place
  std::ofstream out_;
  bool committed_ = false;
};

// Opens `path` for `flag`; nullptr when `path` is empty (not asked for).
std::unique_ptr<OutputFile> open_output(const std::string& flag, const std::string& path);

// Flushes standard output; throws ExitError 74 when it has failed (a full
// disk, a closed pipe ignored by the caller).
void flush_stdout();

}  // namespace ariadne::cli
