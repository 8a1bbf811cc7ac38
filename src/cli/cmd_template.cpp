// Scaffolding: replaced by the real command.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace selfeval::cli {

void add_template_command(CLI::App& app, int& exit_code) {
  (void)app;
  (void)exit_code;
}

}  // namespace selfeval::cli
