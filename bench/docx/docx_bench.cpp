// Fills a report template N times in one process (read template, fill, write .docx each time,
// as the peers' docxtpl_fill.py and docxtemplater_fill.js do) and prints ms per document.
// Usage: docx_bench TEMPLATE.docx DATA.tsv N [OUT.docx]   (inputs: make_bench_inputs.py)
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "docx/template.h"

namespace {

using selfeval::docx::record;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// The data.tsv format of make_bench_inputs.py.
record read_data(const std::string& path) {
  std::istringstream in(read_file(path));
  record fields;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f = split_tabs(line);
    if (f.size() == 3 && f[0] == "T") {
      fields[f[1]] = f[2];
    } else if (f.size() == 3 && f[0] == "B") {
      fields[f[1]] = f[2] == "1";
    } else if (f.size() == 2 && f[0] == "L") {
      auto& v = fields[f[1]].v;
      if (!std::holds_alternative<std::vector<record>>(v)) v = std::vector<record>{};
      std::get<std::vector<record>>(v).emplace_back();
    } else if (f.size() == 4 && f[0] == "I") {
      std::get<std::vector<record>>(fields.at(f[1]).v).back()[f[2]] = f[3];
    } else if (!line.empty()) {
      throw std::runtime_error("bad data line: " + line);
    }
  }
  return fields;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: docx_bench TEMPLATE.docx DATA.tsv N [OUT.docx]\n";
    return 2;
  }
  const std::string template_path = argv[1];
  const record fields = read_data(argv[2]);
  const int n = std::stoi(argv[3]);
  const std::string out_path = argc > 4 ? argv[4] : "out-selfeval.docx";

  std::size_t size = 0;
  const std::clock_t c0 = std::clock();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    const std::string bytes = read_file(template_path);
    selfeval::base::diagnostics diags;
    const std::string docx = selfeval::docx::fill(bytes, template_path, fields, diags);
    if (diags.has_errors() || docx.empty()) {
      selfeval::base::print_diagnostics(std::cerr, diags);
      return 1;
    }
    std::ofstream(out_path, std::ios::binary)
        .write(docx.data(), static_cast<std::streamsize>(docx.size()));
    size = docx.size();
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // CPU time too: on a busy machine the wall time mostly measures waiting for a core.
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::fprintf(stderr, "selfeval: %d docs, %.3f ms/doc (cpu %.3f), %zu bytes\n", n, ms / n,
               cpu_ms / n, size);
  return 0;
}
