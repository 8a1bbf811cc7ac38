#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace selfeval::cli {

int run(int argc, char** argv) {
  CLI::App app{"selfeval: budget performance self-evaluation packages (附件1–5) from one TOML file"};
  app.set_version_flag("--version", std::string("selfeval ") + SELFEVAL_VERSION);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }
  return exit_ok;
}

}  // namespace selfeval::cli
