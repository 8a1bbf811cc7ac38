#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/messages.h"
#include "base/utf8.h"
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

// CLI11 pads the option column by bytes, so a Chinese label ("文本", "必填": 3 bytes, 2
// columns a character) would push the descriptions out of line. Padded by columns here.
class help_formatter : public CLI::Formatter {
 public:
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    const std::string description = make_option_desc(opt);
    const std::size_t width = get_column_width();
    const std::size_t used = base::terminal_columns(name);
    std::string out = name;
    if (!description.empty()) {
      out += used >= width ? "\n" + std::string(width, ' ') : std::string(width - used, ' ');
      for (const char c : description) {
        out += c;
        if (c == '\n') out += std::string(width, ' ');
      }
    }
    return out + "\n";
  }
};

// CLI11's own words in --help, in the current language. Set on the app before any command is
// added: subcommands copy the formatter, the option defaults (group) and the help flag.
void translate_help(CLI::App& app) {
  app.formatter(std::make_shared<help_formatter>());
  const auto f = app.get_formatter();
  f->label("Usage", base::tr("cli.label.usage"));
  f->label("OPTIONS", base::tr("cli.label.options-badge"));
  f->label("SUBCOMMAND", base::tr("cli.label.command"));
  f->label("SUBCOMMANDS", base::tr("cli.label.commands"));
  f->label("Positionals", base::tr("cli.label.positionals"));
  f->label("REQUIRED", base::tr("cli.label.required"));
  f->label("TEXT", base::tr("cli.label.text"));
  f->label("INT", base::tr("cli.label.number"));
  f->label("UINT", base::tr("cli.label.number"));
  app.option_defaults()->group(base::tr("cli.label.options"));
  app.group(base::tr("cli.label.subcommands"));
  app.set_help_flag("-h,--help", base::tr("cli.help.help"));
}

// A subcommand makes its help flag before it copies the option defaults, so the flag sits in
// CLI11's "Options" group; made again, it joins the translated one.
void regroup_help_flags(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->set_help_flag("-h,--help", base::tr("cli.help.help"));
    regroup_help_flags(*sub);
  }
}

// CLI11's "…: b --a" (the unexpected arguments, last first) as the arguments in order.
std::vector<std::string> extra_arguments(const std::string& what) {
  const auto at = what.find(": ");
  std::vector<std::string> words;
  std::istringstream in(at == std::string::npos ? what : what.substr(at + 2));
  for (std::string w; in >> w;) words.insert(words.begin(), w);
  return words;
}

// Our own words for the usage errors a clerk makes most (an unknown option, a missing or an
// extra argument, a value out of range); CLI11's text for the rare rest.
std::string usage_error_text(const CLI::ParseError& e) {
  const std::string what = e.what();
  const std::string before_colon = what.substr(0, what.find(':'));
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    std::vector<std::string> options, others;
    for (const std::string& w : extra_arguments(what))
      (w.starts_with("-") ? options : others).push_back(w);
    return options.empty()
               ? base::tr("cli.usage.extra-argument", {{"what", base::join(others, " ")}})
               : base::tr("cli.usage.unknown-option", {{"what", base::join(options, " ")}});
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    const std::string suffix = " is required";
    if (what.ends_with(suffix) && what != "A subcommand is required")
      return base::tr("cli.usage.missing-argument",
                      {{"what", what.substr(0, what.size() - suffix.size())}});
    return base::tr("cli.usage.missing-command");
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr)
    return base::tr("cli.usage.missing-value", {{"what", before_colon}});
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr && before_colon != what)
    return base::tr("cli.usage.invalid-value",
                    {{"what", before_colon}, {"detail", what.substr(before_colon.size() + 2)}});
  if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    // "Could not convert: --year = abc"
    const auto colon = what.find(": ");
    const auto equals = what.find(" = ");
    if (colon != std::string::npos && equals != std::string::npos && equals > colon)
      return base::tr("cli.usage.not-a-value",
                      {{"what", what.substr(colon + 2, equals - colon - 2)},
                       {"value", what.substr(equals + 3)}});
  }
  return base::tr("cli.usage.other", {{"what", what}});
}

}  // namespace

int run(int argc, char** argv) {
  base::set_language(language_of(argc, argv));
  CLI::App app{base::tr("cli.help.program")};
  translate_help(app);
  app.set_version_flag("--version", std::string("selfeval ") + SELFEVAL_VERSION,
                       base::tr("cli.help.version"));
  app.require_subcommand(1);
  app.fallthrough();  // --lang may follow the command: `selfeval check --lang en x.toml`
  std::string lang_option;
  app.add_option("--lang", lang_option, base::tr("cli.help.lang"))
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
  add_workbook_command(app, exit_code);
  add_import_command(app, exit_code);
  regroup_help_flags(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e) == 0 ? exit_ok : exit_usage;  // --help, --version
  } catch (const CLI::ParseError& e) {
    std::cerr << base::tr("cli.error", {{"what", usage_error_text(e)}}) << '\n'
              << base::tr("cli.usage.see-help") << '\n';
    return exit_usage;
  } catch (const base::environment_error& e) {
    std::cerr << base::tr("cli.error", {{"what", e.what()}}) << '\n';
    return exit_usage;
  }
  return exit_code;
}

}  // namespace selfeval::cli
