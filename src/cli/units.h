// Parsing of the command line's durations and sizes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ariadne::cli {

// "5ms", "1.5s", "2m", "250us", "100ns", "1h"; a bare number is seconds.
// Returns nanoseconds, or nullopt when malformed or negative.
std::optional<int64_t> parse_duration_ns(std::string_view text);

// "2G", "512M", "64K", "1024" (bytes); a trailing "B"/"iB" is allowed.
// Units are binary (1K = 1024). Returns bytes, or nullopt when malformed.
std::optional<uint64_t> parse_size_bytes(std::string_view text);

}  // namespace ariadne::cli
