// selfeval template check TEMPLATE.docx [--fields report4|report5]: lists a template's
// placeholders and, given the fields the program fills, the unknown and unused ones.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/error.h"
#include "base/messages.h"
#include "base/utf8.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "data/suggest.h"
#include "docx/template.h"
#include "reports/report.h"

namespace selfeval::cli {
namespace {

struct template_options {
  std::string path;
  std::string fields;  // "", "report4" or "report5"
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw base::environment_error(base::tr("cli.template.cannot-open", {{"file", path}}));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof())
    throw base::environment_error(base::tr("cli.template.cannot-read", {{"file", path}}));
  return std::move(bytes).str();
}

int run_check(const template_options& opt) {
  base::diagnostics diags;
  // The zip itself can hold no more than its files inflate to; a larger file is not read.
  std::error_code ec;
  const auto size = std::filesystem::file_size(opt.path, ec);
  if (!ec && size > docx::default_template_limits.max_unpacked_bytes) {
    diags.error("template-too-large", base::source_loc{opt.path, 0, 0},
                base::msg("template-too-large.file",
                          {{"size", static_cast<unsigned long long>(size)},
                           {"limit", static_cast<unsigned long long>(
                                         docx::default_template_limits.max_unpacked_bytes)}}));
    base::print_diagnostics(std::cerr, diags);
    return exit_input_errors;
  }
  const std::string bytes = read_file(opt.path);
  const std::vector<docx::placeholder_info> found = docx::scan(bytes, opt.path, diags);

  // One line per placeholder, closers left out: LOCATION  KIND (STRUCTURE)  NAME.
  std::size_t listed = 0;
  for (const auto& ph : found) {
    if (ph.kind == docx::placeholder_kind::close) continue;
    ++listed;
    std::cout << base::to_string(ph.loc) << "  " << docx::to_string(ph.kind);
    if (ph.structure != docx::section_structure::none) {
      std::cout << " (" << docx::to_string(ph.structure) << ")";
    }
    std::cout << "  " << ph.name << '\n';
  }

  if (!opt.fields.empty()) {
    const auto kind =
        opt.fields == "report4" ? reports::report_kind::overall : reports::report_kind::project;
    const std::vector<std::string> expected = reports::report_field_names(kind);
    const std::vector<std::string_view> candidates(expected.begin(), expected.end());
    std::set<std::string, std::less<>> used;
    for (const auto& ph : found) {
      used.insert(ph.name);
      if (std::find(expected.begin(), expected.end(), ph.name) != expected.end()) continue;
      if (ph.kind == docx::placeholder_kind::close) continue;  // its opener is reported
      if (const auto best = data::closest_name(ph.name, candidates)) {
        diags.error("unknown-field", ph.loc,
                    base::msg("unknown-field.template",
                              {{"name", ph.name}, {"fields", opt.fields}, {"best", *best}}));
      } else {
        diags.error("unknown-field", ph.loc,
                    base::msg("unknown-field.template-list",
                              {{"name", ph.name},
                               {"fields", opt.fields},
                               {"names", base::join(expected, base::tr("list-separator"))}}));
      }
    }
    const std::vector<std::string> optional = reports::report_cover_field_names();
    for (const std::string& name : expected) {
      if (used.count(name) != 0) continue;
      if (std::find(optional.begin(), optional.end(), name) != optional.end()) continue;
      diags.warning("unused-field", base::source_loc{opt.path, 0, 0}, base::msg{{"name", name}});
    }
  }

  std::cout << base::tr("cli.template.count", {{"n", listed}, {"ends", found.size() - listed}})
            << '\n';
  if (!diags.empty()) base::print_diagnostics(std::cerr, diags);
  return diags.has_errors() ? exit_input_errors : exit_ok;
}

}  // namespace

void add_template_command(CLI::App& app, int& exit_code) {
  CLI::App* tpl = app.add_subcommand("template", base::tr("cli.help.template"));
  tpl->require_subcommand(1);
  auto opt = std::make_shared<template_options>();
  CLI::App* check = tpl->add_subcommand("check", base::tr("cli.help.template-check"));
  check->add_option("TEMPLATE", opt->path, base::tr("cli.help.template-check.template"))
      ->required();
  check->add_option("--fields", opt->fields, base::tr("cli.help.template-check.fields"))
      ->check(CLI::IsMember({"report4", "report5"}));
  check->callback([opt, &exit_code] { exit_code = run_check(*opt); });
}

}  // namespace selfeval::cli
