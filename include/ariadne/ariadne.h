// ariadne/ariadne.h — the whole public API (docs/library.md):
//   value.h            values read from histories
//   parse.h            parse_value, ParseError
//   history.h          events and operations
//   history_builder.h  a history made in memory
//   ingest.h           reading histories from files and buffers
//   checker.h          check(): verdicts, counterexamples
//   model.h            user-defined models
//   recorder.h         recording a history from threads
//   report.h           text, JSON, HTML and JUnit reports
//   causal.h, convergence.h, generate.h, memory.h, stats.h
#pragma once

#include "ariadne/causal.h"
#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/generate.h"
#include "ariadne/history.h"
#include "ariadne/history_builder.h"
#include "ariadne/ingest.h"
#include "ariadne/memory.h"
#include "ariadne/model.h"
#include "ariadne/parse.h"
#include "ariadne/recorder.h"
#include "ariadne/report.h"
#include "ariadne/stats.h"
#include "ariadne/value.h"
