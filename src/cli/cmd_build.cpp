// selfeval build FILE.toml… | DIR -o OUT [-j N] [--config DIR] [--templates DIR] [--profile P]
//                [--pdf reports,review|none]
//
// One data file: OUT is its package. Several files or a folder: OUT/<year>-<unit>/ per unit,
// built in parallel, going on past failures, with a summary at the end.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/diagnostics.h"
#include "base/messages.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "package/build.h"

namespace selfeval::cli {

namespace fs = std::filesystem;

namespace {

struct build_args {
  std::vector<std::string> inputs;
  std::string out;
  unsigned jobs = 0;
  std::string config;
  std::string templates;
  std::string profile;
  std::vector<std::string> pdf;  // --pdf reports,review | none; empty: the profile decides
  bool xlsx = false;             // also 附件1–3 as .xlsx tables
};

// Test hook: SELFEVAL_TEST_CRASH_AFTER=N kills the process (SIGKILL, no clean-up of any kind)
// after N files of a package are written, to show that an interrupted build leaves the previous
// package as it was.
package::write_options write_options_from_env() {
  package::write_options options;
  if (const char* n = std::getenv("SELFEVAL_TEST_CRASH_AFTER"); n && *n) {
    const std::size_t after = std::strtoull(n, nullptr, 10);
    options.after_file = [after](std::size_t written) {
      if (written >= after) ::raise(SIGKILL);
    };
  }
  return options;
}

void print_unit_problems(const package::unit_result& r) {
  if (!r.diags.empty()) base::print_diagnostics(std::cerr, r.diags);
  if (!r.error.empty()) std::cerr << base::tr("cli.error", {{"what", r.error}}) << '\n';
}

int exit_code_of(const std::vector<package::unit_result>& results) {
  int code = exit_ok;
  for (const auto& r : results) {
    if (r.status == package::unit_status::io_error) code = exit_usage;
    if (r.status == package::unit_status::input_errors && code == exit_ok) code = exit_input_errors;
  }
  return code;
}

std::string status_word(const package::unit_result& r) {
  switch (r.status) {
    case package::unit_status::ok:
      return base::tr("cli.build.status-ok");
    case package::unit_status::input_errors:
      return base::tr("cli.build.status-input-errors");
    case package::unit_status::io_error:
      return base::tr("cli.build.status-failed");
  }
  return "";
}

int run_build(const build_args& args) {
  const std::vector<std::string> files = package::collect_data_files(args.inputs);
  if (files.empty()) {
    std::cerr << base::tr("cli.error", {{"what", base::tr("cli.build.no-data-files",
                                                          {{"dir", args.inputs.front()}})}})
              << '\n';
    return exit_usage;
  }
  const bool single =
      args.inputs.size() == 1 && files.size() == 1 && !fs::is_directory(args.inputs[0]);
  // One unit: its data file is read and checked while the profiles and fonts load here (neither
  // needs the other until the profile is chosen).
  std::optional<package::early_read> read;
  if (single) read.emplace(files[0]);
  base::diagnostics config_diags;
  auto resources = package::load_resources(resource_dir(args.config, "config"),
                                           resource_dir(args.templates, "docx-templates"),
                                           config_diags, args.profile);
  if (!config_diags.empty()) base::print_diagnostics(std::cerr, config_diags);
  if (!resources) return exit_usage;
  package::pdf_choice pdf;
  if (!args.pdf.empty()) {
    const auto has = [&](const char* what) {
      return std::find(args.pdf.begin(), args.pdf.end(), what) != args.pdf.end();
    };
    if (has("none") && args.pdf.size() > 1) {
      std::cerr << base::tr("cli.error", {{"what", base::tr("cli.build.pdf-none-combined")}})
                << '\n';
      return exit_usage;
    }
    pdf.reports = has("reports");
    pdf.review = has("review");
  }
  const unsigned jobs = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  // One unit: its deliverables are laid out and drawn on the workers; a batch runs its units
  // on them instead.
  const package::renderer render = package::make_renderer(resources, pdf, single ? jobs : 1);
  if (single) {
    package::write_options write = write_options_from_env();
    write.xlsx_tables = args.xlsx;
    const auto r = package::build_unit(read->get(), args.out, render, write);
    print_unit_problems(r);
    if (r.status == package::unit_status::ok) {
      std::cout << base::tr("cli.build.wrote", {{"n", r.files}, {"dir", r.out.string()}}) << '\n';
      for (const package::planned_deliverable& d : r.plan)
        if (!d.produced)
          std::cout << base::tr("cli.build.left-out",
                                {{"label", d.label}, {"title", d.title}, {"reason", d.reason}})
                    << '\n';
    } else if (r.status == package::unit_status::input_errors) {
      std::cerr << base::tr("cli.build.nothing-written") << '\n';
    }
    return exit_code_of({r});
  }

  package::batch_options options;
  options.jobs = jobs;
  options.write = write_options_from_env();
  options.write.xlsx_tables = args.xlsx;
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  options.progress = [terminal](const package::unit_result& r, std::size_t done,
                                std::size_t total) {
    if (!terminal && r.status == package::unit_status::ok) return;
    const std::string name =
        r.unit.empty() ? r.data_path
                       : base::tr("cli.build.unit-year", {{"unit", r.unit}, {"year", r.year}});
    std::cerr << (terminal ? "\r\033[K" : "")
              << base::tr(
                     "cli.build.progress",
                     {{"done", done}, {"total", total}, {"name", name}, {"status", status_word(r)}})
              << (r.status == package::unit_status::ok && terminal ? "" : "\n") << std::flush;
  };
  const auto results = package::build_batch(files, args.out, render, options);
  if (terminal) std::cerr << "\r\033[K";

  std::size_t ok = 0, bad_input = 0, failed = 0;
  for (const auto& r : results) {
    switch (r.status) {
      case package::unit_status::ok:
        ++ok;
        break;
      case package::unit_status::input_errors:
        ++bad_input;
        break;
      case package::unit_status::io_error:
        ++failed;
        break;
    }
    print_unit_problems(r);
  }
  std::cout << base::tr("cli.build.batch-built",
                        {{"ok", ok}, {"total", results.size()}, {"dir", args.out}});
  if (bad_input) std::cout << base::tr("cli.build.batch-input-errors", {{"n", bad_input}});
  if (failed) std::cout << base::tr("cli.build.batch-failed", {{"n", failed}});
  std::cout << '\n';
  for (const auto& r : results) {
    if (r.status != package::unit_status::ok) {
      std::cout << base::tr("cli.build.batch-line",
                            {{"status", status_word(r)}, {"file", r.data_path}})
                << '\n';
    }
  }
  return exit_code_of(results);
}

}  // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<build_args>();
  CLI::App* cmd = app.add_subcommand("build", base::tr("cli.help.build"));
  cmd->add_option("inputs", args->inputs, base::tr("cli.help.build.inputs"))->required();
  cmd->add_option("-o,--out", args->out, base::tr("cli.help.build.out"))->required();
  cmd->add_option("-j,--jobs", args->jobs, base::tr("cli.help.build.jobs"))
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--config", args->config, base::tr("cli.help.config"));
  cmd->add_option("--templates", args->templates, base::tr("cli.help.templates"));
  cmd->add_option("--profile", args->profile, base::tr("cli.help.profile"));
  cmd->add_option("--pdf", args->pdf, base::tr("cli.help.build.pdf"))
      ->delimiter(',')
      ->check(CLI::IsMember({"reports", "review", "none"}));
  cmd->add_flag("--xlsx", args->xlsx, base::tr("cli.help.build.xlsx"));
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([args, &exit_code] { exit_code = run_build(*args); });
}

}  // namespace selfeval::cli
