// libFuzzer target for the bound on a stream's records (ingest/record_limit.h).
//
// The first byte picks the format and a small limit. Checks that: nothing
// crashes; feeding the input in pieces finds what feeding it whole finds;
// the record found starts inside the input, on the line reported; and for
// JSON Lines and Jepsen logs, the record found is exactly the first line
// longer than the limit.
#include <cstdint>
#include <string_view>

#include "ingest/record_limit.h"
#include "require.h"

namespace {

using ariadne::Format;
using ariadne::ingest::RecordLimit;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  const Format formats[] = {Format::kEdn, Format::kJsonl, Format::kJson, Format::kJepsenLog};
  Format format = formats[bytes[0] & 3];
  size_t max = 1 + (bytes[0] >> 2);
  std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);

  RecordLimit whole(format, max);
  auto found = whole.feed(data);

  RecordLimit pieces(format, max);
  std::optional<size_t> found_in_pieces;
  size_t piece = 1 + data.size() % 7;
  for (size_t end = 0; end < data.size() && !found_in_pieces;) {
    end = std::min(end + piece, data.size());
    found_in_pieces = pieces.feed(data.substr(0, end));
  }
  require(found == found_in_pieces);
  if (found) {
    require(*found < data.size());
    require(whole.record_line() == pieces.record_line());
    size_t newlines = 0;
    for (size_t i = 0; i < *found; ++i) newlines += data[i] == '\n';
    require(whole.record_line() == 1 + newlines);
  }

  if (format == Format::kJsonl || format == Format::kJepsenLog) {
    std::optional<size_t> first_long;
    for (size_t begin = 0; begin < data.size();) {
      size_t nl = data.find('\n', begin);
      size_t end = nl == std::string_view::npos ? data.size() : nl;
      if (end - begin > max) {
        first_long = begin;
        break;
      }
      begin = end + 1;
    }
    require(found == first_long);
  }
  return 0;
}
