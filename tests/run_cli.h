// Running the ariadne executable from a test.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
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

// The whole content of a file, as bytes.
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A fresh directory of its own under the temporary directory (one per
// instance: process id and a counter), removed with what it holds.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    static std::atomic<int> made{0};
    dir = std::filesystem::temp_directory_path() /
          ("ariadne-test-" + std::to_string(::getpid()) + "-" + std::to_string(made++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~Scratch() { std::filesystem::remove_all(dir); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  // Writes `text` to `name` in the directory; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  }
  std::string operator[](const std::string& name) const { return (dir / name).string(); }
  size_t entries() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
  }
};

// One file holding `text` in a scratch directory of its own.
struct TempFile {
  Scratch scratch;
  std::filesystem::path path;
  TempFile(const std::string& name, const std::string& text) : path(scratch.write(name, text)) {}
};

// Runs `ariadne ARGS`, checks that it exits `code`, and returns the first
// line of its standard error.
inline std::string first_error_line(const std::string& args, int code) {
  Scratch s;
  Run r = ariadne(args, s["err.txt"]);
  CHECK(r.code == code);
  std::string text = slurp(s["err.txt"]);
  return text.substr(0, text.find('\n'));
}

}  // namespace cli_test
