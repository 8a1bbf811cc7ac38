#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "base/error.h"
#include "cli/commands.h"

namespace selfeval::cli {

int run(int argc, char** argv) {
  CLI::App app{
      "selfeval: budget performance self-evaluation packages (附件1–5) from one TOML file"};
  app.set_version_flag("--version", std::string("selfeval ") + SELFEVAL_VERSION);
  app.require_subcommand(1);
  int exit_code = exit_ok;
  add_check_command(app, exit_code);
  add_build_command(app, exit_code);
  add_template_command(app, exit_code);
  add_diff_command(app, exit_code);
  add_archive_command(app, exit_code);
  add_verify_command(app, exit_code);
  add_init_command(app, exit_code);
  add_keygen_command(app, exit_code);
  add_profile_command(app, exit_code);
  add_workbook_command(app, exit_code);
  add_import_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? exit_ok : exit_usage;
  } catch (const base::environment_error& e) {
    std::cerr << "selfeval: error: " << e.what() << '\n';
    return exit_usage;
  }
  return exit_code;
}

}  // namespace selfeval::cli
