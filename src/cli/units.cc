#include "cli/units.h"

#include <charconv>
#include <cmath>
#include <string>

namespace ariadne::cli {

namespace {

// Splits "1.5ms" into 1.5 and "ms".
std::optional<std::pair<double, std::string_view>> number_and_unit(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr == text.data() || !std::isfinite(value) || value < 0)
    return std::nullopt;
  return std::make_pair(value, text.substr(ptr - text.data()));
}

}  // namespace

std::optional<int64_t> parse_duration_ns(std::string_view text) {
  auto parsed = number_and_unit(text);
  if (!parsed) return std::nullopt;
  auto [value, unit] = *parsed;
  double scale;
  if (unit.empty() || unit == "s")
    scale = 1e9;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "us" || unit == "µs")
    scale = 1e3;
  else if (unit == "ns")
    scale = 1;
  else if (unit == "m" || unit == "min")
    scale = 60e9;
  else if (unit == "h")
    scale = 3600e9;
  else
    return std::nullopt;
  double ns = value * scale;
  if (ns > 9.2e18) return std::nullopt;
  return static_cast<int64_t>(std::llround(ns));
}

std::optional<uint64_t> parse_size_bytes(std::string_view text) {
  auto parsed = number_and_unit(text);
  if (!parsed) return std::nullopt;
  auto [value, unit] = *parsed;
  if (unit.ends_with("iB"))
    unit.remove_suffix(2);
  else if (unit.ends_with("B") && unit.size() > 1)
    unit.remove_suffix(1);
  else if (unit == "B")
    unit = "";
  double scale;
  if (unit.empty())
    scale = 1;
  else if (unit == "K" || unit == "k")
    scale = 1024.0;
  else if (unit == "M" || unit == "m")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else
    return std::nullopt;
  double bytes = value * scale;
  if (bytes > 1.8e19) return std::nullopt;
  return static_cast<uint64_t>(bytes);
}

}  // namespace ariadne::cli
