// Transactional histories in Elle's shape (issue 17): `generate --txn`.
//
// Client processes run transactions of `txn_length` micro-ops against a
// multi-version store of many keys, which isolates them at one of three
// levels (GenerateOptions::isolation):
//   serializable        every transaction takes effect atomically when it
//                       completes, so the order of completions is a serial
//                       order that respects real time (strict serializable);
//   snapshot-isolation  reads see the snapshot taken at the invocation (plus
//                       the transaction's own writes); a transaction that
//                       writes a key someone committed since its snapshot
//                       aborts (:fail, first committer wins);
//   read-committed      each read of a key the transaction has not written
//                       sees some version committed between its invocation
//                       and its completion; writes install at completion
//                       on the latest version (as a row lock would).
// Crashed transactions (:info) take effect at completion or never; failed
// ones (:fail) never do. Both complete with the invocation's value.
//
// list-append: micro-ops [:append k v] and [:r k [v ...]]; rw-register:
// [:w k v] and [:r k v]. Every written value is unique per key. As in
// Elle's generator, `keys` keys are active at a time and a key that has
// been written `writes_per_key` times is retired for a fresh one, so reads
// stay short however long the history is.
//
// `anomaly` plants one of G0 (list-append only), G1a, G1b, G1c, G-single or
// G2-item halfway through, on two keys no other transaction touches, in
// transactions that run concurrently with each other and with nothing else
// (so no process or real-time order joins them): the history holds that
// anomaly and no other, whatever the isolation of the rest.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ariadne/generate.h"

namespace ariadne::gen {

// The anomalies `--txn --anomaly` plants.
const std::vector<std::string>& txn_anomalies();
// The isolation levels `--isolation` simulates.
const std::vector<std::string>& txn_isolations();

// REQUIRES: options.txn. Throws std::invalid_argument for options that do
// not fit (another model, --replicas, complete-ops, an unknown anomaly).
GenerateReport generate_txn(const GenerateOptions& options, std::ostream& out);

}  // namespace ariadne::gen
