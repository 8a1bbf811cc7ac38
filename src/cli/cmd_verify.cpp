// selfeval verify ARCHIVE
// Re-hashes every file of one archived version (or of every version below a folder) and names
// each file that changed, is missing or was added. Exit 0 when everything is intact, 1 otherwise.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/run.h"
#include "package/archive.h"

namespace selfeval::cli {

void add_verify_command(CLI::App& app, int& exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check archived versions against their SHA-256 index (archive.json)");
  cmd->add_option("archive", *path, "a version folder (…/v2), a unit's folder or the archive root")
      ->required();
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([path, &exit_code] {
    std::size_t broken = 0;
    for (const package::verify_result& r : package::verify_archive(*path)) {
      if (r.intact()) {
        std::cout << r.version_dir.string() << ": intact (" << r.files << " files)\n";
        continue;
      }
      ++broken;
      std::cout << r.version_dir.string() << ": NOT intact\n";
      for (const std::string& p : r.problems) std::cout << "  " << p << '\n';
    }
    exit_code = broken == 0 ? exit_ok : exit_input_errors;
  });
}

}  // namespace selfeval::cli
