// The subcommands. Each adds itself to the CLI11 app; when it runs, its callback stores the
// process exit code (see run.h) in `exit_code`. One file per command: cmd_<name>.cpp.
#pragma once

namespace CLI {
class App;
}

namespace selfeval::cli {

void add_check_command(CLI::App& app, int& exit_code);     // selfeval check FILE.toml
void add_build_command(CLI::App& app, int& exit_code);     // selfeval build FILE.toml… -o DIR
void add_template_command(CLI::App& app, int& exit_code);  // selfeval template check T.docx
void add_diff_command(CLI::App& app, int& exit_code);      // selfeval diff OLD.toml NEW.toml
void add_archive_command(CLI::App& app, int& exit_code);   // selfeval archive PACKAGE
void add_verify_command(CLI::App& app, int& exit_code);    // selfeval verify ARCHIVE
void add_init_command(CLI::App& app, int& exit_code);      // selfeval init -o FILE [--from]
void add_keygen_command(CLI::App& app, int& exit_code);    // selfeval keygen -o NAME
void add_profile_command(CLI::App& app, int& exit_code);   // selfeval profile check DIR
void add_workbook_command(CLI::App& app, int& exit_code);  // selfeval workbook [FILE] -o B.xlsx
void add_import_command(CLI::App& app, int& exit_code);    // selfeval import B.xlsx -o F.toml

}  // namespace selfeval::cli
