// Times the Excel route in process on examples/yuanjiang-2023.toml (issue 15 targets: read ≤ 5 ms,
// write ≤ 10 ms): writing the workbook (libxlsxwriter, forms from the hunan profile) and reading
// it back (zip + XML + the data file's loader and checks). Prints the median, min and max of N
// runs each, and the workbook's size.
//
// Usage: workbook_bench [N]     (run from the source tree, or it changes into it)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "data/validate.h"
#include "profile/profile.h"
#include "workbook/workbook.h"

namespace {

using clock_type = std::chrono::steady_clock;

struct stats {
  double median, low, high;
};

stats of(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.front(), ms.back()};
}

double since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

// CPU time of this process, ms: on a loaded machine the wall time mostly measures the others.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  namespace wb = selfeval::workbook;
  if (chdir(SELFEVAL_SOURCE_DIR) != 0) return 2;
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
  const auto data = selfeval::data::check_file("examples/yuanjiang-2023.toml");
  selfeval::base::diagnostics diags;
  const auto profile = selfeval::profile::load_profile("config/profiles/hunan", diags);
  const auto forms = wb::forms_of(profile, diags);
  if (diags.has_errors() || data.diags.has_errors()) return 1;
  wb::book_request request;
  request.model = &data.data;
  request.figures = &data.computed;
  request.profile = &profile;
  request.forms = forms.sheets;

  std::string bytes = wb::write_workbook(request);  // warm-up
  std::vector<double> write_ms, read_ms, import_ms, write_cpu, read_cpu, import_cpu;
  for (int i = 0; i < n; ++i) {
    auto start = clock_type::now();
    double cpu = cpu_ms();
    bytes = wb::write_workbook(request);
    write_ms.push_back(since(start));
    write_cpu.push_back(cpu_ms() - cpu);

    start = clock_type::now();
    cpu = cpu_ms();
    selfeval::base::diagnostics read_diags;
    const wb::imported book = wb::read_workbook(bytes, "book.xlsx", read_diags);
    read_ms.push_back(since(start));
    read_cpu.push_back(cpu_ms() - cpu);
    const auto checked = selfeval::data::check_text(book.toml.text, "book.xlsx");
    import_ms.push_back(since(start));
    import_cpu.push_back(cpu_ms() - cpu);
    if (read_diags.has_errors() || checked.diags.has_errors()) return 1;
  }
  const auto line = [](const char* what, const std::vector<double>& wall,
                       const std::vector<double>& cpu) {
    const stats w = of(wall), c = of(cpu);
    std::printf("%s, ms: wall median %.2f (%.2f–%.2f), CPU median %.2f (%.2f–%.2f)\n", what,
                w.median, w.low, w.high, c.median, c.low, c.high);
  };
  line("workbook write", write_ms, write_cpu);
  line("workbook read", read_ms, read_cpu);
  line("workbook read + load + checks", import_ms, import_cpu);
  std::printf("workbook size: %zu bytes, %d runs\n", bytes.size(), n);
  return 0;
}
