// selfeval diff OLD.toml NEW.toml [--json]
// What changed between two versions of a data file: typed values, the computed figures that
// follow, and the deliverables to print and sign again.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "base/messages.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "data/derive.h"
#include "data/load.h"
#include "package/deliverables.h"
#include "package/diff.h"
#include "workbook/workbook.h"

namespace selfeval::cli {

namespace {

struct diff_args {
  std::string old_file;
  std::string new_file;
  bool json = false;
  std::string config;
  std::string profile;
};

// A data file read for comparing. Only parse errors stop the diff: a version that fails a
// check (a sum that no longer matches) is still worth comparing, and the check names it.
struct version {
  data::load_result loaded;
  data::figures figures;
};

// A workbook as the data file it stands for, its problems located at its cells.
data::load_result load_workbook(const std::string& path) {
  base::diagnostics book_diags;
  const workbook::workbook_file file = workbook::read_workbook_file(path, book_diags);
  if (file.unreadable) return data::load_file(path);  // its io-error, as for a data file
  data::load_result r;
  if (book_diags.has_errors()) {
    r.diags = std::move(book_diags);
    return r;
  }
  r = data::load_text(file.book.toml.text, path);
  for (const base::diagnostic& d : book_diags.items()) r.diags.add(d);
  workbook::relocate(r.diags, file.book.toml, path);
  return r;
}

// The figures are computed by the version's own profile's rules (grade bands, default
// weights), as build computes them: a 等次 that differs only by profile is a real change.
int load_version(const std::string& path, const package::profile_set& profiles, version& v) {
  v.loaded = workbook::is_workbook_path(path) ? load_workbook(path) : data::load_file(path);
  if (v.loaded.io_failed || v.loaded.diags.has_errors()) {
    base::print_diagnostics(std::cerr, v.loaded.diags);
    return v.loaded.io_failed ? exit_usage : exit_input_errors;
  }
  base::diagnostics diags;
  const auto profile = profiles.choose(v.loaded.data, diags);
  if (!profile) {
    base::print_diagnostics(std::cerr, diags);
    return exit_input_errors;
  }
  v.figures = data::derive(v.loaded.data, profile->indicators.rules);
  return exit_ok;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<diff_args>();
  CLI::App* cmd = app.add_subcommand("diff", base::tr("cli.help.diff"));
  cmd->add_option("old", args->old_file, base::tr("cli.help.diff.old"))->required();
  cmd->add_option("new", args->new_file, base::tr("cli.help.diff.new"))->required();
  cmd->add_flag("--json", args->json, base::tr("cli.help.diff.json"));
  cmd->add_option("--config", args->config, base::tr("cli.help.config"));
  cmd->add_option("--profile", args->profile, base::tr("cli.help.diff.profile"));
  cmd->callback([args, &exit_code] {
    const package::profile_set profiles(resource_dir(args->config, "config"), args->profile);
    version before, after;
    if (int rc = load_version(args->old_file, profiles, before); rc != exit_ok) {
      exit_code = rc;
      return;
    }
    if (int rc = load_version(args->new_file, profiles, after); rc != exit_ok) {
      exit_code = rc;
      return;
    }
    const package::diff_result d =
        package::diff_models(before.loaded.data, before.figures, after.loaded.data, after.figures);
    std::cout << (args->json ? package::to_json(d) : package::to_text(d));
    exit_code = exit_ok;
  });
}

}  // namespace selfeval::cli
