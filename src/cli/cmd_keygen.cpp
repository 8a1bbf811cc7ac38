// selfeval keygen -o NAME
// Makes an Ed25519 key pair for signing archives: NAME.key (private, mode 0600) and NAME.pub.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/run.h"
#include "package/signing.h"

namespace selfeval::cli {

void add_keygen_command(CLI::App& app, int& exit_code) {
  auto name = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "keygen", "Make an Ed25519 key pair to sign archives with (archive --sign, verify --key)");
  cmd->add_option("-o,--out", *name, "NAME: writes NAME.key (private) and NAME.pub (public)")
      ->required();
  // An environment_error is reported by run() with exit code 2.
  cmd->callback([name, &exit_code] {
    const package::key_pair_files keys = package::generate_key_pair(*name);
    std::cout << "wrote " << keys.private_key.string()
              << " (private key: keep it secret, for `selfeval archive --sign`)\n"
              << "wrote " << keys.public_key.string()
              << " (public key: for `selfeval verify --key`)\n"
              << "key " << keys.fingerprint << '\n';
    exit_code = exit_ok;
  });
}

}  // namespace selfeval::cli
