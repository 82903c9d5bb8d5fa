// The public parse_value (ariadne/parse.h) over ingest::parse_literal.
#include "ariadne/parse.h"

#include "ingest/literal.h"

namespace ariadne {

ParsedValue parse_value(std::string_view text, const std::string& name) {
  ingest::EdnValueResult r = ingest::parse_literal(name, text);
  ParsedValue out;
  if (r.ok())
    out.value = r.value;
  else
    out.error = std::move(r.error);
  return out;
}

}  // namespace ariadne
