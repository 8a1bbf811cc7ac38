// selfeval archive PACKAGE [--signed SCAN …] [--data FILE] [--root archive] [--sign KEY]
// Freezes a submitted package as the next version under archive/<year>-<unit>/v<N>/, chained
// to the version before it, and prints the new chain head.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

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
  CLI::App* cmd = app.add_subcommand(
      "archive",
      "Freeze a submitted package (+ data file, signed scans) as a new read-only version");
  cmd->add_option("package", args->package, "package folder written by `selfeval build`")
      ->required();
  cmd->add_option("--signed", args->scans, "scan of the signed and stamped pages (PDF or JPEG)");
  cmd->add_option("--data", args->data, "the data file the package was built from");
  cmd->add_option("--root", args->root, "archive folder (default: archive)");
  cmd->add_option("--sign", args->key,
                  "sign the new version with this Ed25519 private key (from `selfeval keygen`)");
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([args, &exit_code] {
    package::archive_request request;
    request.package = args->package;
    for (const std::string& s : args->scans) request.scans.emplace_back(s);
    request.data = args->data;
    request.root = args->root;
    request.signing_key = args->key;
    const package::archive_result r = package::archive_package(request);
    std::cout << "archived " << r.files << " files as version " << r.version << ": "
              << r.version_dir.string() << '\n';
    if (!r.signed_with.empty()) std::cout << "signed with key " << r.signed_with << '\n';
    std::cout << "chain head: " << r.chain_head << '\n'
              << "  keep this line outside the archive (e-mail it, print it): only `selfeval "
                 "verify --head "
              << r.chain_head << "` can show later that a newer version was deleted\n";
    exit_code = exit_ok;
  });
}

}  // namespace selfeval::cli
