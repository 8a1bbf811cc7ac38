// selfeval archive PACKAGE [--signed SCAN …] [--data FILE] [--root archive] [--sign KEY]
// Freezes a submitted package as the next version under archive/<year>-<unit>/v<N>/, chained
// to the version before it, and prints the new chain head.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "base/messages.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "package/archive.h"

namespace selfeval::cli {

namespace {

struct archive_args {
  std::string package;
  std::vector<std::string> scans;
  std::string data;
  std::string root = "archive";
  std::string key;
};

}  // namespace

void add_archive_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<archive_args>();
  CLI::App* cmd = app.add_subcommand("archive", base::tr("cli.help.archive"));
  cmd->add_option("package", args->package, base::tr("cli.help.archive.package"))->required();
  cmd->add_option("--signed", args->scans, base::tr("cli.help.archive.signed"));
  cmd->add_option("--data", args->data, base::tr("cli.help.archive.data"));
  cmd->add_option("--root", args->root, base::tr("cli.help.archive.root"));
  cmd->add_option("--sign", args->key, base::tr("cli.help.archive.sign"));
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([args, &exit_code] {
    package::archive_request request;
    request.package = args->package;
    for (const std::string& s : args->scans) request.scans.emplace_back(s);
    request.data = args->data;
    request.root = args->root;
    request.signing_key = args->key;
    const package::archive_result r = package::archive_package(request);
    std::cout << base::tr("cli.archive.archived",
                          {{"n", r.files}, {"version", r.version}, {"dir", r.version_dir.string()}})
              << '\n';
    if (!r.signed_with.empty())
      std::cout << base::tr("cli.archive.signed", {{"key", r.signed_with}}) << '\n';
    std::cout << base::tr("cli.archive.head", {{"head", r.chain_head}}) << '\n'
              << base::tr("cli.archive.keep-head", {{"head", r.chain_head}}) << '\n';
    exit_code = exit_ok;
  });
}

}  // namespace selfeval::cli
