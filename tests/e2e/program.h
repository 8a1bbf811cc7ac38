// Runs the built program as a user would and captures what it prints (end-to-end tests).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../package/test_dir.h"

namespace selfeval::e2e {

struct outcome {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;  // stdout and stderr together
};

// Runs a shell command line as it is; its output is what it writes to stdout.
inline outcome run_shell(const std::string& cmd) {
  outcome o;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return o;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) o.out.append(buf, n);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) {
    o.exit_code = WEXITSTATUS(status);
    if (o.exit_code > 128) o.signal = o.exit_code - 128;  // the shell reports a killed child
  } else if (WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  }
  return o;
}

// Runs `selfeval ARGS` through the shell, with `env` (e.g. "A=1") put before it.
inline outcome run_program(const std::string& args, const std::string& env = "") {
  // The messages' language follows the locale: pinned to Chinese (the default) so the tests
  // do not depend on the machine's LANG; a test wanting English passes LANG=en_US.UTF-8 in env.
  return run_shell("LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 " + env + " " +
                   std::string(SELFEVAL_BINARY) + " " + args + " 2>&1");
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The package tests' temporary folder (removed with read-only archive versions) and sorted
// folder listing serve the end-to-end tests too.
using package::testing::names_in;
using package::testing::temp_dir;

}  // namespace selfeval::e2e
