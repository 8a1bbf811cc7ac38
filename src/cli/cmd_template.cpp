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
  if (!in) throw base::environment_error("cannot open " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) throw base::environment_error("cannot read " + path);
  return std::move(bytes).str();
}

int run_check(const template_options& opt) {
  base::diagnostics diags;
  // The zip itself can hold no more than its files inflate to; a larger file is not read.
  std::error_code ec;
  const auto size = std::filesystem::file_size(opt.path, ec);
  if (!ec && size > docx::default_template_limits.max_unpacked_bytes) {
    diags.error("template-too-large", base::source_loc{opt.path, 0, 0},
                "the file is " + std::to_string(size) + " bytes, more than " +
                    std::to_string(docx::default_template_limits.max_unpacked_bytes),
                "a report template needs a few hundred KB; remove large pictures or media");
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
      diags.error("unknown-field", ph.loc,
                  "\"" + ph.name + "\" is not a field of " + opt.fields + " templates",
                  data::did_you_mean(ph.name, candidates));
    }
    const std::vector<std::string> optional = reports::report_cover_field_names();
    for (const std::string& name : expected) {
      if (used.count(name) != 0) continue;
      if (std::find(optional.begin(), optional.end(), name) != optional.end()) continue;
      diags.warning("unused-field", base::source_loc{opt.path, 0, 0},
                    "the template does not use the field \"" + name + "\"",
                    "fine if the template words this part itself");
    }
  }

  std::cout << listed << " placeholders, " << found.size() - listed << " section ends\n";
  if (!diags.empty()) base::print_diagnostics(std::cerr, diags);
  return diags.has_errors() ? exit_input_errors : exit_ok;
}

}  // namespace

void add_template_command(CLI::App& app, int& exit_code) {
  CLI::App* tpl = app.add_subcommand("template", "Inspect DOCX report templates");
  tpl->require_subcommand(1);
  auto opt = std::make_shared<template_options>();
  CLI::App* check = tpl->add_subcommand(
      "check", "List a template's placeholders; report unknown and unused fields");
  check->add_option("TEMPLATE", opt->path, "the .docx template")->required();
  check->add_option("--fields", opt->fields, "compare with the fields of 附件4 or 附件5")
      ->check(CLI::IsMember({"report4", "report5"}));
  check->callback([opt, &exit_code] { exit_code = run_check(*opt); });
}

}  // namespace selfeval::cli
