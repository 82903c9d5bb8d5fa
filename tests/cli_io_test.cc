// Bad input and bad output fail loudly (issue 14, items 5-9): outputs are
// created before checking and replaced whole; a history with nothing read
// is not valid; a parse error is not a verdict; hostile values are escaped
// and cut; endless inputs end quickly.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_cli.h"

namespace {

namespace fs = std::filesystem;

using cli_test::ariadne;
using cli_test::Run;
using cli_test::Scratch;
using cli_test::slurp;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

const char* kValid =
    "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}\n"
    "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}\n";

}  // namespace

TEST_CASE("an output that cannot be created exits 73 before any check runs", "[cli]") {
  Scratch s;
  std::string h = s.write("h.jsonl", kValid);
  std::string err = s["err.txt"];
  std::string missing = s["no-such-folder"];
  struct Case {
    std::string args, flag, path;
  };
  const Case cases[] = {
      {"check --json " + missing + "/r.json " + h, "--json", missing + "/r.json"},
      {"check --html " + missing + "/r.html " + h, "--html", missing + "/r.html"},
      {"check --junit " + missing + "/r.xml " + h, "--junit", missing + "/r.xml"},
      {"stats --json " + missing + "/r.json " + h, "--json", missing + "/r.json"},
      {"generate -o " + missing + "/g.jsonl", "--output", missing + "/g.jsonl"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    Run r = ariadne(c.args, err);
    CHECK(r.code == 73);
    CHECK(r.out.empty());  // nothing was checked
    std::string command = c.args.substr(0, c.args.find(' '));
    CHECK(first_line(slurp(err)) == "ariadne " + command + ": cannot create " + c.flag + " file '" +
                                        c.path + "': No such file or directory");
  }
  Run dir = ariadne("check --html " + s.dir.string() + " " + h, err);
  CHECK(dir.code == 73);
  CHECK(first_line(slurp(err)) ==
        "ariadne check: cannot create --html file '" + s.dir.string() + "': Is a directory");
}

TEST_CASE("a write error, at flush or close too, exits 74", "[cli]") {
  Scratch s;
  std::string h = s.write("h.jsonl", kValid);
  std::string err = s["err.txt"];
  for (const char* flag : {"--json", "--html", "--junit"}) {
    INFO(flag);
    Run r = ariadne(std::string("check ") + flag + " /dev/full " + h, err);
    CHECK(r.code == 74);
    CHECK(first_line(slurp(err)) == std::string("ariadne check: cannot write ") + flag +
                                        " file '/dev/full': No space left on device");
  }
  Run out = ariadne("check " + h + " >/dev/full", err);
  CHECK(out.code == 74);
  CHECK(first_line(slurp(err)) ==
        "ariadne check: cannot write standard output: No space left on device");
  CHECK(ariadne("stats --json /dev/full " + h, err).code == 74);
  CHECK(ariadne("generate --ops 10 -o /dev/full", err).code == 74);
  CHECK(ariadne("generate --ops 10 >/dev/full", err).code == 74);
}

TEST_CASE("reports replace the old file whole, and a failed run leaves it as it was", "[cli]") {
  Scratch s;
  std::string h = s.write("h.jsonl", kValid);
  std::string html = s.write("r.html", "old html");
  std::string junit = s.write("r.xml", "old junit");
  std::string json = s.write("r.json", "old json");
  // Another output cannot be created: the run stops and the old reports stay.
  Run failed = ariadne("check --html " + html + " --junit " + junit + " --json " + json +
                       " --json-typo x " + h);
  CHECK(failed.code == 64);
  Run missing = ariadne("check --html " + html + " --junit " + s["nope"] + "/r.xml " + h);
  CHECK(missing.code == 73);
  CHECK(slurp(html) == "old html");
  CHECK(s.entries() == 4);  // no temporary file left behind
  // A run that succeeds replaces all three, and leaves no temporary file.
  Run ok = ariadne("check --model register --html " + html + " --junit " + junit + " --json " +
                   json + " " + h);
  CHECK(ok.code == 0);
  CHECK(slurp(html).rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(slurp(junit).rfind("<?xml", 0) == 0);
  CHECK(slurp(json).rfind("{\"file\":\"" + h + "\",\"verdict\":\"valid\"", 0) == 0);
  CHECK(s.entries() == 4);
  CHECK((fs::status(html).permissions() & fs::perms::others_read) != fs::perms::none);
}

TEST_CASE("under --lenient a history whose every record was skipped is unknown", "[cli]") {
  Scratch s;
  std::string bad = s.write("bad.jsonl", "{\"type\": nope}\n[1, 2\n");
  Run r = ariadne("check --model register --lenient " + bad);
  CHECK(r.code == 2);
  CHECK(r.out == bad + "\tunknown\tno operations\n  skipped 2 malformed records (--lenient)\n");
  Run json = ariadne("check --model register --lenient --json - " + bad);
  CHECK(json.out.rfind(
            "{\"file\":\"" + bad + "\",\"verdict\":\"unknown\",\"reason\":\"no operations\"", 0) ==
        0);
  CHECK(json.out.find(",\"operations\":0,\"skipped_records\":2,\"partitions\":0,") !=
        std::string::npos);
  std::string junit = s["r.xml"];
  CHECK(ariadne("check --model register --lenient --junit " + junit + " " + bad).code == 2);
  std::string xml = slurp(junit);
  CHECK(xml.find("<skipped message=\"unknown: no operations\"/>\n"
                 "    <system-out>skipped 2 malformed records (--lenient)</system-out>\n") !=
        std::string::npos);

  // Some records read: checked as usual, the skipped ones counted.
  std::string some = s.write("some.jsonl", std::string(kValid) + "{oops\n");
  Run partly = ariadne("check --model register --lenient " + some);
  CHECK(partly.code == 0);
  CHECK(partly.out == some + "\tvalid\n  skipped 1 malformed records (--lenient)\n");
}

TEST_CASE("an empty history is valid and says it has 0 operations", "[cli]") {
  Scratch s;
  std::string empty = s.write("empty.jsonl", "");
  Run r = ariadne("check --model register " + empty);
  CHECK(r.code == 0);
  CHECK(r.out == empty + "\tvalid\t0 operations\n");
  Run json = ariadne("check --model register --json - " + empty);
  CHECK(json.out.find("\"verdict\":\"valid\"") != std::string::npos);
  CHECK(json.out.find("\"operations\":0,\"skipped_records\":0") != std::string::npos);
}

TEST_CASE("a parse error is verdict error in JSON, with message and position, no partitions",
          "[cli]") {
  Scratch s;
  std::string bad = s.write("bad.jsonl", std::string(kValid) + "{\"type\":\"ok\" \"f\":1}\n");
  Run r = ariadne("check --model register --json - " + bad);
  CHECK(r.code == 65);
  CHECK(r.out.rfind("{\"file\":\"" + bad + "\",\"verdict\":\"error\",\"error\":\"" + bad +
                        ":3:14: expected ',' or '}', got '\\\"'\\n",
                    0) == 0);
  CHECK(r.out.find(",\"message\":\"expected ',' or '}', got '\\\"'\",\"position\":{\"file\":\"" +
                   bad + "\",\"line\":3,\"column\":14},") != std::string::npos);
  CHECK(r.out.find("\"partitions\":0,\"states\":0,\"peak_bytes\":0,\"results\":[]}") !=
        std::string::npos);
  CHECK(r.out.find("\"reason\"") == std::string::npos);

  // A history that does not fit the model: an error too, not a verdict.
  std::string unfit = s.write("unfit.jsonl",
                              "{\"type\":\"invoke\",\"process\":0,\"f\":\"fly\",\"value\":1}\n"
                              "{\"type\":\"ok\",\"process\":0,\"f\":\"fly\",\"value\":1}\n");
  Run u = ariadne("check --model register --json - " + unfit);
  CHECK(u.code == 65);
  CHECK(u.out.find("\"verdict\":\"error\"") != std::string::npos);
  CHECK(u.out.find("\"partitions\":0,\"states\":0,") != std::string::npos);
  CHECK(u.out.find("\"results\":[]}") != std::string::npos);

  // A file that cannot be opened has no position.
  Run missing = ariadne("check --json - " + s["absent.jsonl"]);
  CHECK(missing.code == 65);
  CHECK(missing.out.find("\"verdict\":\"error\"") != std::string::npos);
  CHECK(missing.out.find("\"message\":\"cannot open: No such file or directory\"") !=
        std::string::npos);
  CHECK(missing.out.find("\"position\"") == std::string::npos);

  // JUnit: an error testcase whose message is the error's first line; HTML: an error.
  std::string junit = s["r.xml"], html = s["r.html"];
  CHECK(ariadne("check --junit " + junit + " --html " + html + " " + bad).code == 65);
  CHECK(slurp(junit).find("<error message=\"" + bad +
                          ":3:14: expected &#39;,&#39; or &#39;}&#39;, got &#39;&quot;&#39;\" "
                          "type=\"malformed\">") != std::string::npos);
  CHECK(slurp(html).find("<span class=\"error\">error</span>") != std::string::npos);
}

TEST_CASE("help states exit codes 73 and 74", "[cli]") {
  CHECK(ariadne("check --help").out.find("73: an output file cannot be\ncreated") !=
        std::string::npos);
  CHECK(ariadne("check --help").out.find("74: writing an output failed") != std::string::npos);
  CHECK(ariadne("stats --help").out.find("73 the --json file cannot be") != std::string::npos);
  CHECK(ariadne("generate --help").out.find("73 the --output file cannot be created, 74 writing") !=
        std::string::npos);
  CHECK(ariadne("--help").out.find("73 an output cannot be created, 74 writing an output failed") !=
        std::string::npos);
}
