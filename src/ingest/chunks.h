// Parallel parsing of line-structured input: cutting it into chunks, and
// putting the chunks' events into one vector without a second copy.
//
// Each chunk is given a region of the history's event vector sized by its
// line count (most inputs hold one record per line). Its events fill the
// region first and spill into the chunk's own vector after it. gather()
// then closes the gaps in place, or, when some chunk spilled, copies every
// event into a fresh vector.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ariadne/history.h"
#include "ingest/pairing.h"
#include "ingest/reader.h"

namespace ariadne::ingest {

struct Chunk {
  size_t begin = 0, end = 0;  // byte range; begin is a line start
  uint32_t first_line = 1;
  uint32_t lines = 0;  // line breaks in [begin, end)
  Event* region = nullptr;
  size_t capacity = 0;       // of the region
  size_t placed = 0;         // events in the region
  std::vector<Event> spill;  // events after the region's
  EventSummary summary;
  ChunkResult result;
  std::optional<ParseError> error;  // syntax or meaning
};

// Cuts data into about `count` chunks that start at line starts, with their
// first line numbers and line counts.
std::vector<Chunk> cut_chunks(std::string_view data, size_t count);

// Sizes `events` (empty) for the chunks and gives each its region.
void place_chunks(std::vector<Chunk>& chunks, std::string_view data, std::vector<Event>& events);

// Parses one chunk into its region and spill.
void parse_chunk(const Source& source, ReaderFn read, bool lenient, Chunk& chunk);

// Leaves in `events` every chunk's events, in chunk order. REQUIRES: the
// regions (if any) lie in `events` in chunk order, as place_chunks made them.
void gather_events(std::vector<Chunk>& chunks, std::vector<Event>& events);

}  // namespace ariadne::ingest
