// selfeval init -o FILE                      a commented data file for a new unit
// selfeval init --from LAST.toml --year Y -o FILE   next year's file from last year's
//
// Never overwrites a file: the user's data is never lost to a typing slip in -o.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "base/diagnostics.h"
#include "base/messages.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "data/carry.h"
#include "data/load.h"

namespace selfeval::cli {

namespace fs = std::filesystem;

namespace {

struct init_args {
  std::string out;
  std::string from;
  int year = 0;
  std::string config;
};

bool write_new(const std::string& path, const std::string& text) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    std::cerr << base::tr("cli.error", {{"what", base::tr("cli.init.exists", {{"file", path}})}})
              << '\n';
    return false;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << base::tr("cli.error",
                          {{"what", base::tr("cli.init.cannot-write", {{"file", path}})}})
              << '\n';
    return false;
  }
  return true;
}

int run_init(const init_args& args) {
  if (args.from.empty()) {
    const fs::path blank = fs::path(resource_dir(args.config, "config")) / "new-unit.toml";
    std::ifstream in(blank, std::ios::binary);
    if (!in) {
      std::cerr << base::tr("cli.error",
                            {{"what", base::tr("cli.init.no-blank", {{"file", blank.string()}})}})
                << '\n';
      return exit_usage;
    }
    std::stringstream text;
    text << in.rdbuf();
    if (!write_new(args.out, text.str())) return exit_usage;
    std::cout << base::tr("cli.init.wrote-blank", {{"file", args.out}}) << '\n';
    return exit_ok;
  }
  const data::load_result last = data::load_file(args.from);
  if (last.io_failed || last.diags.has_errors()) {
    base::print_diagnostics(std::cerr, last.diags);
    std::cerr << base::tr("cli.init.last-has-errors") << '\n';
    return last.io_failed ? exit_usage : exit_input_errors;
  }
  const int year = args.year ? args.year : static_cast<int>(last.data.year.value) + 1;
  if (year <= last.data.year.value || year > 2100) {
    std::cerr << base::tr(
                     "cli.error",
                     {{"what", base::tr("cli.init.year-too-early",
                                        {{"year", year},
                                         {"last", static_cast<long long>(last.data.year.value)}})}})
              << '\n';
    return exit_usage;
  }
  const data::carried_file next = data::carry_forward(*last.data.source, last.data, year);
  if (!write_new(args.out, next.text)) return exit_usage;
  std::cout << base::tr("cli.init.wrote-carried", {{"file", args.out},
                                                   {"year", year},
                                                   {"moved", next.columns_moved},
                                                   {"reset", next.figures_reset}})
            << '\n';
  if (!next.review.empty()) {
    std::cout << base::tr("cli.init.review", {{"n", next.review.size()}}) << '\n';
    for (const auto& [at, what] : next.review)
      std::cout << "  " << args.out << ":" << at.line << ":" << at.column << ": " << what << '\n';
  }
  return exit_ok;
}

}  // namespace

void add_init_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<init_args>();
  CLI::App* cmd = app.add_subcommand("init", base::tr("cli.help.init"));
  cmd->add_option("-o,--out", args->out, base::tr("cli.help.init.out"))->required();
  cmd->add_option("--from", args->from, base::tr("cli.help.init.from"));
  cmd->add_option("--year", args->year, base::tr("cli.help.init.year"));
  cmd->add_option("--config", args->config, base::tr("cli.help.init.config"));
  cmd->callback([args, &exit_code] { exit_code = run_init(*args); });
}

}  // namespace selfeval::cli
