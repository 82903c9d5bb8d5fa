// Running the ariadne executable from a test.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace cli_test {

struct Run {
  int code;         // exit code; -1 when killed
  std::string out;  // standard output
};

// Runs `ariadne ARGS` through the shell, standard error to `err_file`;
// with `producer`, runs `PRODUCER | ariadne ARGS`; `prefix` goes before the
// binary (a command such as "prlimit --as=N ", or nothing).
inline Run ariadne(const std::string& args, const std::string& err_file = "/dev/null",
                   const std::string& producer = "", const std::string& prefix = "") {
  std::string cmd = (producer.empty() ? "" : producer + " | ") + prefix +
                    std::string(ARIADNE_BINARY) + " " + args + " 2>" + err_file;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace cli_test
