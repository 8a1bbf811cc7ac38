#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "base/error.h"
#include "base/messages.h"
#include "cli/commands.h"

namespace selfeval::cli {

namespace {

// The language is needed before the command line is parsed (the --help text is in it), so
// --lang is looked for first; CLI11 parses it again below so it is a known option.
base::language language_of(int argc, char** argv) {
  base::language lang = base::language_from_environment();
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    std::string_view value;
    if (a == "--lang" && i + 1 < argc) value = argv[i + 1];
    if (a.rfind("--lang=", 0) == 0) value = a.substr(7);
    if (!value.empty()) base::parse_language(value, lang);
  }
  return lang;
}

}  // namespace

int run(int argc, char** argv) {
  base::set_language(language_of(argc, argv));
  CLI::App app{
      "selfeval: budget performance self-evaluation packages (附件1–5) from one TOML file"};
  app.set_version_flag("--version", std::string("selfeval ") + SELFEVAL_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // --lang may follow the command: `selfeval check --lang en x.toml`
  std::string lang_option;
  app.add_option("--lang", lang_option, "zh (default) or en; default from LANG")
      ->check(CLI::IsMember({"zh", "en", "ZH", "EN", "zh-CN", "zh_CN", "cn"}));
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
