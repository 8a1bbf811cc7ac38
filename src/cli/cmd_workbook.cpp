// selfeval workbook [FILE.toml] --profile P -o book.xlsx: a workbook shaped like the forms, filled
// from a data file or blank, to fill in with Excel or WPS. selfeval import book.xlsx -o FILE.toml:
// the data file a filled workbook stands for.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "data/validate.h"
#include "package/build.h"
#include "package/deliverables.h"
#include "workbook/workbook.h"

namespace selfeval::cli {

namespace fs = std::filesystem;

namespace {

struct workbook_args {
  std::string file;
  std::string out;
  std::string profile;
  std::string config;
};

// Writes a new file next to its final name, then renames it: never a half-written file, and an
// existing file (a workbook someone filled in) is never overwritten.
int write_new_file(const std::string& path, const std::string& bytes) {
  const auto fail = [](const std::string& what) {
    std::cerr << base::tr("cli.error", {{"what", what}}) << '\n';
    return exit_usage;
  };
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    return fail(base::tr("cli.workbook.exists", {{"path", path}}));
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) {
      fs::remove(temporary, ec);
      return fail(base::tr("cli.workbook.cannot-write", {{"path", path}}));
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return fail(base::tr("cli.workbook.cannot-write", {{"path", path}}));
  }
  return exit_ok;
}

int run_workbook(const workbook_args& args) {
  const package::profile_set profiles(resource_dir(args.config, "config"), args.profile);
  base::diagnostics diags;
  package::loaded_unit unit;
  std::shared_ptr<const profile::profile> profile;
  if (!args.file.empty()) {
    unit = package::load_unit(args.file, &profiles);
    if (unit.result.status == package::unit_status::io_error) {
      std::cerr << base::tr("cli.error", {{"what", unit.result.error}}) << '\n';
      return exit_usage;
    }
    base::print_diagnostics(std::cerr, unit.result.diags);
    if (unit.result.diags.has_errors()) {
      std::cerr << base::tr("cli.workbook.data-errors") << '\n';
      return exit_input_errors;
    }
    profile = unit.data.profile;
  } else {
    if (!profiles.preload(diags)) {
      base::print_diagnostics(std::cerr, diags);
      return exit_usage;
    }
    profile = profiles.choose(data::model{}, diags);
  }
  if (!profile) {
    base::print_diagnostics(std::cerr, diags);
    return exit_input_errors;
  }
  // The profile's forms, read as its build reads them.
  workbook::book_request request;
  const workbook::profile_forms forms = workbook::forms_of(*profile, diags);
  request.forms = forms.sheets;
  if (diags.has_errors()) {
    base::print_diagnostics(std::cerr, diags);
    return exit_usage;
  }
  if (!args.file.empty()) {
    // Scores the workbook has no cell for are refused, not dropped.
    workbook::check_scores_fit(forms, unit.data.model, diags);
    if (diags.has_errors()) {
      base::print_diagnostics(std::cerr, diags);
      std::cerr << base::tr("cli.workbook.data-errors") << '\n';
      return exit_input_errors;
    }
  }
  request.profile = profile.get();
  if (!args.file.empty()) {
    request.model = &unit.data.model;
    request.figures = &unit.data.figures;
  }
  std::string bytes;
  try {
    bytes = workbook::write_workbook(request);
  } catch (const base::environment_error& e) {
    std::cerr << base::tr("cli.error", {{"what", e.what()}}) << '\n';
    return exit_usage;
  }
  if (const int rc = write_new_file(args.out, bytes); rc != exit_ok) return rc;
  std::cout << base::tr("cli.workbook.wrote", {{"path", args.out}}) << '\n';
  return exit_ok;
}

struct import_args {
  std::string file;
  std::string out;
};

int run_import(const import_args& args) {
  base::diagnostics diags;
  const workbook::workbook_file file = workbook::read_workbook_file(args.file, diags);
  if (file.unreadable) {
    std::cerr << base::tr("cli.error",
                          {{"what", base::tr("cli.import.cannot-read", {{"path", args.file}})}})
              << '\n';
    return exit_usage;
  }
  const workbook::imported& book = file.book;
  if (!diags.has_errors()) {
    data::check_result checked = data::check_text(book.toml.text, args.file);
    for (const base::diagnostic& d : checked.diags.items()) diags.add(d);
    workbook::check_figures(book, checked.data, checked.computed, args.file, diags);
    workbook::relocate(diags, book.toml, args.file);
  }
  base::print_diagnostics(std::cerr, diags);
  if (diags.has_errors()) {
    std::cerr << base::tr("cli.import.workbook-errors") << '\n';
    return exit_input_errors;
  }
  if (const int rc = write_new_file(args.out, book.toml.text); rc != exit_ok) return rc;
  std::cout << base::tr("cli.import.wrote", {{"path", args.out}}) << '\n';
  return exit_ok;
}

}  // namespace

void add_workbook_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<workbook_args>();
  CLI::App* cmd = app.add_subcommand("workbook", base::tr("cli.help.workbook"));
  cmd->add_option("file", args->file, base::tr("cli.help.workbook.file"));
  cmd->add_option("-o,--out", args->out, base::tr("cli.help.workbook.out"))->required();
  cmd->add_option("--profile", args->profile, base::tr("cli.help.profile"));
  cmd->add_option("--config", args->config, base::tr("cli.help.config"));
  cmd->callback([args, &exit_code] { exit_code = run_workbook(*args); });
}

void add_import_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<import_args>();
  CLI::App* cmd = app.add_subcommand("import", base::tr("cli.help.import"));
  cmd->add_option("file", args->file, base::tr("cli.help.import.file"))->required();
  cmd->add_option("-o,--out", args->out, base::tr("cli.help.import.out"))->required();
  cmd->callback([args, &exit_code] { exit_code = run_import(*args); });
}

}  // namespace selfeval::cli
