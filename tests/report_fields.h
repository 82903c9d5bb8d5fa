// The JSON report's fields as docs/report-json.md's field tables list them,
// and the field paths of a report, to compare the two.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace report_fields {

// Every field path of a JSON value: "a", "a.b", "a[].c".
inline void field_paths(const rapidjson::Value& v, const std::string& prefix,
                        std::set<std::string>& out) {
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      std::string path = (prefix.empty() ? "" : prefix + ".") + it->name.GetString();
      out.insert(path);
      field_paths(it->value, path, out);
    }
  } else if (v.IsArray()) {
    for (const auto& item : v.GetArray()) field_paths(item, prefix + "[]", out);
  }
}

// The rows of docs/report-json.md's field tables: path -> presence. A row
// "`a.b`, `c` (each with `_count`)" names a.b, a.c, a.b_count and a.c_count.
inline std::map<std::string, std::string> documented_fields() {
  std::ifstream in(std::string(ARIADNE_SOURCE_DIR) + "/docs/report-json.md");
  REQUIRE(in);
  std::map<std::string, std::string> fields;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream s(line.substr(1));
    std::string cell;
    while (std::getline(s, cell, '|')) {
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
    }
    REQUIRE(cells.size() >= 4);
    // The names in backquotes; the first one's parent is the others'.
    std::vector<std::string> names;
    for (size_t at = cells[0].find('`'); at != std::string::npos;) {
      size_t end = cells[0].find('`', at + 1);
      REQUIRE(end != std::string::npos);
      names.push_back(cells[0].substr(at + 1, end - at - 1));
      at = cells[0].find('`', end + 1);
    }
    bool counted = cells[0].find("with `_count`") != std::string::npos;
    if (counted) names.pop_back();  // the `_count` of "(with `_count`)"
    std::string parent = names[0].substr(0, names[0].rfind('.') + 1);
    for (size_t i = 0; i < names.size(); ++i) {
      std::string name = i == 0 ? names[i] : parent + names[i];
      fields[name] = cells[2];
      if (counted) fields[name + "_count"] = cells[2];
    }
  }
  return fields;
}

// Whether `path` is documented: listed, or below a listed "a[].*".
inline bool documented(const std::map<std::string, std::string>& fields, const std::string& path) {
  if (fields.count(path)) return true;
  for (const auto& [name, presence] : fields) {
    if (name.size() < 2 || name.substr(name.size() - 2) != ".*") continue;
    std::string stem = name.substr(0, name.size() - 1);
    if (path.rfind(stem, 0) == 0) return true;
  }
  return false;
}

}  // namespace report_fields
