// selfeval init -o FILE                      a commented data file for a new unit
// selfeval init --from LAST.toml --year Y -o FILE   next year's file from last year's
//
// Never overwrites a file: the user's data is never lost to a typing slip in -o.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "base/diagnostics.h"
#include "cli/commands.h"
#include "cli/resources.h"
#include "cli/run.h"
#include "data/carry.h"
#include "data/load.h"

namespace selfeval::cli {

namespace fs = std::filesystem;

namespace {

struct init_args {
  std::string out;
  std::string from;
  int year = 0;
  std::string config;
};

bool write_new(const std::string& path, const std::string& text) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    std::cerr << "selfeval: error: " << path << " 已存在，不覆盖：请换一个文件名\n";
    return false;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "selfeval: error: 不能写入 " << path << '\n';
    return false;
  }
  return true;
}

int run_init(const init_args& args) {
  if (args.from.empty()) {
    const fs::path blank = fs::path(resource_dir(args.config, "config")) / "new-unit.toml";
    std::ifstream in(blank, std::ios::binary);
    if (!in) {
      std::cerr << "selfeval: error: 找不到模板 " << blank.string() << '\n';
      return exit_usage;
    }
    std::stringstream text;
    text << in.rdbuf();
    if (!write_new(args.out, text.str())) return exit_usage;
    std::cout << "已写出 " << args.out << "：填写标有【必填】的项后运行 selfeval check " << args.out
              << '\n';
    return exit_ok;
  }
  const data::load_result last = data::load_file(args.from);
  if (last.io_failed || last.diags.has_errors()) {
    base::print_diagnostics(std::cerr, last.diags);
    std::cerr << "selfeval: 上年的数据文件有错误，先改正再结转\n";
    return last.io_failed ? exit_usage : exit_input_errors;
  }
  const int year = args.year ? args.year : static_cast<int>(last.data.year.value) + 1;
  if (year <= last.data.year.value || year > 2100) {
    std::cerr << "selfeval: error: --year " << year << " 应晚于上年文件的年度 "
              << last.data.year.value << '\n';
    return exit_usage;
  }
  const data::carried_file next = data::carry_forward(*last.data.source, last.data, year);
  if (!write_new(args.out, next.text)) return exit_usage;
  std::cout << "已写出 " << args.out << "：" << year << " 年度。" << next.columns_moved
            << " 行附件1 的本年决算数移入上年决算数，" << next.figures_reset
            << " 个数字改为 \"——\"（待填）。\n";
  if (!next.review.empty()) {
    std::cout << "请核对以下改动（" << next.review.size() << " 处）：\n";
    for (const auto& [at, what] : next.review)
      std::cout << "  " << args.out << ":" << at.line << ":" << at.column << ": " << what << '\n';
  }
  return exit_ok;
}

}  // namespace

void add_init_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<init_args>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Write a data file for a new unit, or next year's from last year's (--from)");
  cmd->add_option("-o,--out", args->out, "the data file to write (never overwritten)")->required();
  cmd->add_option("--from", args->from, "last year's data file to carry forward");
  cmd->add_option("--year", args->year, "the new year (default: last year's + 1)");
  cmd->add_option("--config", args->config, "folder with new-unit.toml");
  cmd->callback([args, &exit_code] { exit_code = run_init(*args); });
}

}  // namespace selfeval::cli
