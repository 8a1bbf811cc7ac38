// Command-line entry: parses arguments, runs one command, returns the process exit code.
#pragma once

namespace selfeval::cli {

// Exit codes: 0 success (warnings allowed), 1 errors in the input, 2 usage or I/O failure.
inline constexpr int exit_ok = 0;
inline constexpr int exit_input_errors = 1;
inline constexpr int exit_usage = 2;

int run(int argc, char** argv);

}  // namespace selfeval::cli
