// selfeval verify ARCHIVE [--key PUB] [--head HASH]
// Re-hashes every file of one archived version (or of every version below a folder), follows
// the chain from each version to the one before it, and names each file that changed, is
// missing or was added, each gap or break in the chain. Exit 0 when everything is intact, 1
// otherwise.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "base/messages.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "package/archive.h"

namespace selfeval::cli {

namespace {

struct verify_args {
  std::string path;
  std::string key;
  std::string head;
};

void print_problems(const std::string& where, const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  std::cout << base::tr("cli.verify.not-intact", {{"where", where}}) << '\n';
  for (const std::string& p : problems) std::cout << "  " << p << '\n';
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<verify_args>();
  CLI::App* cmd = app.add_subcommand("verify", base::tr("cli.help.verify"));
  cmd->add_option("archive", args->path, base::tr("cli.help.verify.archive"))->required();
  cmd->add_option("--key", args->key, base::tr("cli.help.verify.key"));
  cmd->add_option("--head", args->head, base::tr("cli.help.verify.head"));
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([args, &exit_code] {
    package::verify_options options;
    options.public_key = args->key;
    options.head = args->head;
    const package::verify_report report = package::verify_archive(args->path, options);
    print_problems(args->path, report.problems);
    for (const package::unit_verify_result& u : report.units) {
      for (const package::verify_result& v : u.versions) {
        if (v.intact()) {
          std::cout << base::tr("cli.verify.intact",
                                {{"where", v.version_dir.string()}, {"n", v.files}})
                    << '\n';
        } else {
          print_problems(v.version_dir.string(), v.problems);
        }
      }
      print_problems(u.unit_dir.string(), u.problems);
      if (!u.head.empty()) {
        std::cout << base::tr(
            "cli.verify.head",
            {{"where", u.unit_dir.string()}, {"version", u.head_version}, {"head", u.head}});
        if (!u.signed_with.empty())
          std::cout << base::tr("cli.verify.signed", {{"key", u.signed_with}});
        std::cout << '\n';
      }
    }
    exit_code = report.intact() ? exit_ok : exit_input_errors;
  });
}

}  // namespace selfeval::cli
