// selfeval keygen -o NAME
// Makes an Ed25519 key pair for signing archives: NAME.key (private, mode 0600) and NAME.pub.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "base/messages.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "package/signing.h"

namespace selfeval::cli {

void add_keygen_command(CLI::App& app, int& exit_code) {
  auto name = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("keygen", base::tr("cli.help.keygen"));
  cmd->add_option("-o,--out", *name, base::tr("cli.help.keygen.out"))->required();
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([name, &exit_code] {
    const package::key_pair_files keys = package::generate_key_pair(*name);
    std::cout << base::tr("cli.keygen.private", {{"file", keys.private_key.string()}}) << '\n'
              << base::tr("cli.keygen.public", {{"file", keys.public_key.string()}}) << '\n'
              << base::tr("cli.keygen.key", {{"key", keys.fingerprint}}) << '\n';
    exit_code = exit_ok;
  });
}

}  // namespace selfeval::cli
