#include "cli/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

#include "cli/common.h"

namespace ariadne::cli {

namespace fs = std::filesystem;

namespace {

std::string reason(int error) { return error != 0 ? std::strerror(error) : "write failed"; }

// The file's permissions as a plain open() would give them: 0666 less the umask.
mode_t default_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

OutputFile::OutputFile(std::string flag, std::string path)
    : flag_(std::move(flag)), path_(std::move(path)) {
  auto cannot_create = [&](const std::string& why) {
    throw ExitError{kExitCantCreate, "cannot create " + flag_ + " file '" + path_ + "': " + why};
  };
  std::error_code ec;
  fs::path target = path_;
  if (fs::exists(target, ec)) {
    target = fs::canonical(target, ec);  // a symbolic link: replace what it points to
    if (ec) cannot_create(ec.message());
    if (fs::is_directory(target, ec)) cannot_create(std::strerror(EISDIR));
    if (!fs::is_regular_file(target, ec)) {
      errno = 0;
      out_.open(path_, std::ios::binary | std::ios::trunc);
      if (!out_) cannot_create(reason(errno));
      return;
    }
  }
  fs::path dir = target.parent_path();
  std::string pattern =
      (dir.empty() ? fs::path(".") : dir).string() + "/." + target.filename().string() + ".XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) cannot_create(reason(errno));
  ::fchmod(fd, default_mode());
  ::close(fd);
  temp_ = name.data();
  path_ = target.string();
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    int error = errno;
    ::unlink(temp_.c_str());
    temp_.clear();
    cannot_create(reason(error));
  }
}

OutputFile::~OutputFile() {
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::fail_write(const std::string& what, int error) {
  throw ExitError{kExitIoError,
                  "cannot " + what + " " + flag_ + " file '" + path_ + "': " + reason(error)};
}

void OutputFile::write(const std::string& text) {
  errno = 0;
  out_ << text;
  if (!out_) fail_write("write", errno);
}

void OutputFile::commit() {
  errno = 0;
  out_.flush();
  if (!out_) fail_write("write", errno);
  out_.close();
  if (!out_) fail_write("close", errno);
  if (!temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0)
    fail_write("rename the temporary file onto", errno);
  committed_ = true;
}

std::unique_ptr<OutputFile> open_output(const std::string& flag, const std::string& path) {
  if (path.empty()) return nullptr;
  return std::make_unique<OutputFile>(flag, path);
}

void flush_stdout() {
  errno = 0;
  std::cout.flush();
  if (!std::cout) throw ExitError{kExitIoError, "cannot write standard output: " + reason(errno)};
}

}  // namespace ariadne::cli
