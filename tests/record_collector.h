// A RecordSink for tests: keeps a copy of every record it is given.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "ingest/reader.h"

class RecordCollector : public ariadne::ingest::RecordSink {
 public:
  bool add(const ariadne::ingest::Record& record) override {
    records.push_back(record);
    return records.size() < stop_after;
  }

  std::vector<ariadne::ingest::Record> records;
  // add() returns false once this many records have been taken.
  size_t stop_after = std::numeric_limits<size_t>::max();
};
