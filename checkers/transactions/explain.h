// Internal: plain words for a found anomaly (explain.cc). Transactions are
// named T1, T2, ... in the order they appear in the witness (a cycle's
// order, else the finding's); every value shown is escaped and bounded.
#pragma once

#include "detect.h"

namespace ariadne::txn {

// The public Violation of `f`, with History::ops indices, edge sentences
// and the summary. `ops`: the witness (witness_txns: transaction indices);
// `minimal` as verified by the caller. `text`: a few lines, the summary,
// then "T1 = <the operation>" for each transaction named, then the edges'
// sentences, one a line.
Violation explain(const History& h, const Txns& t, const Found& f, std::vector<uint32_t> ops,
                  bool minimal, std::string& text);

}  // namespace ariadne::txn
