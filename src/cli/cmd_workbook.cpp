// selfeval workbook [FILE.toml] --profile P -o book.xlsx: a workbook shaped like the forms, filled
// from a data file or blank, to fill in with Excel or WPS. selfeval import book.xlsx -o FILE.toml:
// the data file a filled workbook stands for.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "base/error.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "data/validate.h"
#include "package/build.h"
#include "package/deliverables.h"
#include "workbook/workbook.h"

namespace selfeval::cli {

namespace fs = std::filesystem;

namespace {

struct workbook_args {
  std::string file;
  std::string out;
  std::string profile;
  std::string config;
};

// Writes a new file next to its final name, then renames it: never a half-written file, and an
// existing file (a workbook someone filled in) is never overwritten.
int write_new_file(const std::string& path, const std::string& bytes) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    std::cerr << "selfeval: error: " << path << " 已存在，不覆盖：请换一个文件名\n";
    return exit_usage;
  }
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) {
      fs::remove(temporary, ec);
      std::cerr << "selfeval: error: 不能写入 " << path << '\n';
      return exit_usage;
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    std::cerr << "selfeval: error: 不能写入 " << path << '\n';
    return exit_usage;
  }
  return exit_ok;
}

int run_workbook(const workbook_args& args) {
  const package::profile_set profiles(resource_dir(args.config, "config"), args.profile);
  base::diagnostics diags;
  package::loaded_unit unit;
  std::shared_ptr<const profile::profile> profile;
  if (!args.file.empty()) {
    unit = package::load_unit(args.file, &profiles);
    if (unit.result.status == package::unit_status::io_error) {
      std::cerr << "selfeval: error: " << unit.result.error << '\n';
      return exit_usage;
    }
    base::print_diagnostics(std::cerr, unit.result.diags);
    if (unit.result.diags.has_errors()) {
      std::cerr << "selfeval: 数据文件有错误，先改正再生成工作簿\n";
      return exit_input_errors;
    }
    profile = unit.data.profile;
  } else {
    if (!profiles.preload(diags)) {
      base::print_diagnostics(std::cerr, diags);
      return exit_usage;
    }
    profile = profiles.choose(data::model{}, diags);
  }
  if (!profile) {
    base::print_diagnostics(std::cerr, diags);
    return exit_input_errors;
  }
  // The profile's forms, read as its build reads them.
  workbook::book_request request;
  const workbook::profile_forms forms = workbook::forms_of(*profile, diags);
  request.forms = forms.sheets;
  if (diags.has_errors()) {
    base::print_diagnostics(std::cerr, diags);
    return exit_usage;
  }
  request.profile = profile.get();
  if (!args.file.empty()) {
    request.model = &unit.data.model;
    request.figures = &unit.data.figures;
  }
  std::string bytes;
  try {
    bytes = workbook::write_workbook(request);
  } catch (const base::environment_error& e) {
    std::cerr << "selfeval: error: " << e.what() << '\n';
    return exit_usage;
  }
  if (const int rc = write_new_file(args.out, bytes); rc != exit_ok) return rc;
  std::cout << "已写出 " << args.out
            << "：在 Excel 或 WPS 中填写黄色单元格，然后运行 selfeval check " << args.out << '\n';
  return exit_ok;
}

struct import_args {
  std::string file;
  std::string out;
};

int run_import(const import_args& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in || !fs::is_regular_file(args.file)) {
    std::cerr << "selfeval: error: 不能读取 " << args.file << '\n';
    return exit_usage;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  base::diagnostics diags;
  const workbook::imported book = workbook::read_workbook(bytes.str(), args.file, diags);
  if (!diags.has_errors()) {
    data::check_result checked = data::check_text(book.toml.text, args.file);
    for (const base::diagnostic& d : checked.diags.items()) diags.add(d);
    workbook::check_figures(book, checked.data, checked.computed, args.file, diags);
    workbook::relocate(diags, book.toml, args.file);
  }
  base::print_diagnostics(std::cerr, diags);
  if (diags.has_errors()) {
    std::cerr << "selfeval: 工作簿有错误，未写出数据文件\n";
    return exit_input_errors;
  }
  if (const int rc = write_new_file(args.out, book.toml.text); rc != exit_ok) return rc;
  std::cout << "已写出 " << args.out << '\n';
  return exit_ok;
}

}  // namespace

void add_workbook_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<workbook_args>();
  CLI::App* cmd = app.add_subcommand(
      "workbook", "Write an Excel workbook shaped like the forms, from a data file or blank");
  cmd->add_option("file", args->file, "the unit's data file (leave out for a blank workbook)");
  cmd->add_option("-o,--out", args->out, "the .xlsx to write (never overwritten)")->required();
  cmd->add_option("--profile", args->profile,
                  "the region's package: a name in config/profiles (hunan, yiyang) or a folder");
  cmd->add_option("--config", args->config, "folder with fonts.toml and profiles/");
  cmd->callback([args, &exit_code] { exit_code = run_workbook(*args); });
}

void add_import_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<import_args>();
  CLI::App* cmd =
      app.add_subcommand("import", "Convert a filled workbook (.xlsx) into a TOML data file");
  cmd->add_option("file", args->file, "the workbook written by selfeval workbook")->required();
  cmd->add_option("-o,--out", args->out, "the data file to write (never overwritten)")->required();
  cmd->callback([args, &exit_code] { exit_code = run_import(*args); });
}

}  // namespace selfeval::cli
