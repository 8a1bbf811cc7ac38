// selfeval profile check DIR [--templates DIR]: every problem of a region's profile (unknown
// keys, duplicate ids / labels / file names, bad patterns, missing files, weights and grade
// bands), located FILE:LINE:COL, all at once; then the deliverables it lists.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "base/diagnostics.h"
#include "base/messages.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "forms/form.h"
#include "profile/profile.h"
#include "reports/wording.h"

namespace selfeval::cli {
namespace {

struct profile_check_args {
  std::string folder;
  std::string config;
  std::string templates;
};

const char* when_text(profile::produced_when w) {
  switch (w) {
    case profile::produced_when::always:
      return "always";
    case profile::produced_when::has_projects:
      return "has_projects";
    case profile::produced_when::each_evaluated_project:
      return "each_evaluated_project";
    case profile::produced_when::has_data:
      return "has_data";
  }
  return "";
}

int run_profile_check(const profile_check_args& args) {
  // A name (hunan) is looked up in the config folder, like --profile.
  const auto folder = profile::find_profile(resource_dir(args.config, "config"), args.folder);
  if (!folder) {
    std::cerr << base::tr("cli.error",
                          {{"what", base::tr("cli.profile.not-found", {{"name", args.folder}})}})
              << '\n';
    return exit_usage;
  }
  base::diagnostics diags;
  const profile::profile p = profile::load_profile(*folder, diags);
  if (!diags.has_errors() || !p.deliverables.empty()) {
    const std::size_t before = diags.error_count();
    profile::check_files(p, resource_dir(args.templates, "docx-templates"), diags);
    // The files it names must also read: its wording and every form definition, as build
    // loads them (a file reported missing above is not read again).
    if (diags.error_count() == before) {
      namespace fs = std::filesystem;
      (void)reports::load_wording((fs::path(p.folder) / p.wording).string(), diags);
      std::set<std::string> forms_seen;
      for (const profile::deliverable& d : p.deliverables) {
        if (d.kind != profile::deliverable_kind::form || !forms_seen.insert(d.form).second)
          continue;
        (void)forms::load_form((fs::path(p.folder) / d.form).string(), diags);
      }
    }
  }
  for (const base::diagnostic& d : diags.sorted()) std::cerr << base::format_diagnostic(d) << '\n';
  std::cerr << base::summary_line(diags) << '\n';
  if (!diags.has_errors()) {
    std::cout << base::tr("cli.profile.deliverables",
                          {{"name", p.name}, {"n", p.deliverables.size()}})
              << '\n';
    for (const profile::deliverable& d : p.deliverables)
      std::cout << "  " << d.label << "  " << d.id << "  " << d.file << "  (" << when_text(d.when)
                << ")\n";
  }
  return diags.has_errors() ? exit_input_errors : exit_ok;
}

}  // namespace

void add_profile_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("profile", base::tr("cli.help.profile-command"));
  cmd->require_subcommand(1);
  auto args = std::make_shared<profile_check_args>();
  CLI::App* check = cmd->add_subcommand("check", base::tr("cli.help.profile-check"));
  check->add_option("DIR", args->folder, base::tr("cli.help.profile-check.dir"))->required();
  check->add_option("--config", args->config, base::tr("cli.help.config"));
  check->add_option("--templates", args->templates, base::tr("cli.help.profile-check.templates"));
  check->callback([args, &exit_code] { exit_code = run_profile_check(*args); });
}

}  // namespace selfeval::cli
