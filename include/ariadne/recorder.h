// ariadne/recorder.h — record a history from inside a test of concurrent
// code, then check it or save it for `ariadne check`.
//
//   ariadne::Recorder rec;
//   // on any thread, around each operation on the system under test:
//   auto h = rec.invoke(Value::integer(thread), "write", Value::integer(3));
//   ... the operation ...
//   rec.ok(h);                      // or rec.fail(h), rec.info(h)
//   // once every thread is done:
//   CheckResult r = rec.check(options);   // or rec.write("history.jsonl")
//
// Times are nanoseconds of std::chrono::steady_clock (monotonic), taken
// inside invoke() before it returns and inside ok()/fail()/info(): call
// invoke() just before the operation starts and the completion just after
// it ends, so that each recorded interval contains the real one. An
// operation never completed is crashed (`info`): it may or may not have
// taken effect. A completion is stamped at least 1 ns after its invoke, so
// a process's next invoke always sorts after its last completion.
//
// A process is a Value (a thread number, a client name) and must not have
// two operations open at once, as in any history (SPEC section 1).
//
// Thread safety: invoke, ok, fail and info may be called concurrently from
// any threads (a handle may be completed on another thread than the one
// that invoked it, but only once). Each thread appends to its own shard
// of the recorder (one of 64, picked once per thread), under that shard's
// lock: no lock or counter is shared by all threads. history(), check(),
// write() and size() read every shard: call them when no operation is in
// flight (they do not crash otherwise, but an operation being recorded may
// be left out or seen half-complete).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "ariadne/value.h"

namespace ariadne {

class Recorder {
 public:
  // Names one recorded operation for its completion.
  struct Handle {
    uint32_t shard = 0;
    uint32_t index = 0;
  };

  // `name` is the history's name in reports and errors.
  explicit Recorder(std::string name = "recorder");
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // `f` without the colon ("read"). With `key`, the operation belongs to
  // that key (the `key` field of a record).
  Handle invoke(Value process, std::string_view f, Value value = {});
  Handle invoke(Value process, std::string_view f, Value value, Value key);
  void ok(Handle h, Value result = {});
  void fail(Handle h, Value result = {});
  void info(Handle h, Value result = {});

  size_t size() const;  // operations invoked so far

  // The events recorded, in time order, as a timed History (times from the
  // recorder's creation). An error only when a process had two operations
  // open at once.
  ReadResult history() const;
  // check(history(), options); a history error comes back as
  // CheckResult::error.
  CheckResult check(const CheckOptions& options) const;
  // Writes the history as JSON Lines (Format::kJsonl, the default) or EDN
  // (Format::kEdn), one event a line with type, process, f, value, time
  // and key; `ariadne check FILE` reads it. EDN keeps every value as it
  // is; JSON cannot tell keywords and symbols from strings nor sets from
  // vectors, and gives a map's non-text keys as their EDN text, so values
  // of those kinds read back differently from JSONL. Returns an error
  // message, or nullopt on success.
  std::optional<std::string> write(const std::string& path, Format format = Format::kJsonl) const;

 private:
  struct Shard;
  Handle open(Value process, std::string_view f, Value value, Value key, bool keyed);
  void close(Handle h, EventType type, Value result);

  std::string name_;
  std::unique_ptr<Shard[]> shards_;
  std::chrono::steady_clock::time_point origin_;
};

}  // namespace ariadne
