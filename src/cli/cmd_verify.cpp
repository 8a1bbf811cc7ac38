// selfeval verify ARCHIVE [--key PUB] [--head HASH]
// Re-hashes every file of one archived version (or of every version below a folder), follows
// the chain from each version to the one before it, and names each file that changed, is
// missing or was added, each gap or break in the chain. Exit 0 when everything is intact, 1
// otherwise.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

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
  std::cout << where << ": NOT intact\n";
  for (const std::string& p : problems) std::cout << "  " << p << '\n';
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<verify_args>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check archived versions against their SHA-256 index (archive.json) and chain");
  cmd->add_option("archive", args->path,
                  "a version folder (…/v2), a unit's folder or the archive root")
      ->required();
  cmd->add_option("--key", args->key,
                  "Ed25519 public key (.pub from `selfeval keygen`): the newest version must be "
                  "signed with it");
  cmd->add_option("--head", args->head,
                  "the chain head `archive` printed, kept elsewhere: the newest version must "
                  "have it");
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
          std::cout << v.version_dir.string() << ": intact (" << v.files << " files)\n";
        } else {
          print_problems(v.version_dir.string(), v.problems);
        }
      }
      print_problems(u.unit_dir.string(), u.problems);
      if (!u.head.empty()) {
        std::cout << u.unit_dir.string() << ": chain head v" << u.head_version << " " << u.head;
        if (!u.signed_with.empty()) std::cout << ", signed with key " << u.signed_with;
        std::cout << '\n';
      }
    }
    exit_code = report.intact() ? exit_ok : exit_input_errors;
  });
}

}  // namespace selfeval::cli
