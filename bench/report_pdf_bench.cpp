// Times 附件4 rendered natively as PDF (issue 14): report fields from the data file, GB/T 9704
// layout (report_pdf), libharu with per-document font subsets (pdf). Prints ms per document and
// writes the last PDF. With N = 1 the process is the one-shot cost (fonts mapped, data read and
// checked, one report drawn) that bench/report-pdf sets against `soffice --convert-to pdf`.
//
// Usage: report_pdf_bench DATA.toml N [--out FILE] [--config DIR] [--report overall|project]

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#include "base/diagnostics.h"
#include "data/settings.h"
#include "package/build.h"
#include "pdf/fonts.h"
#include "pdf/render.h"
#include "report_pdf/report_pages.h"
#include "reports/report.h"
#include "reports/wording.h"

int main(int argc, char** argv) {
  namespace se = selfeval;
  if (argc < 3) {
    std::cerr << "usage: report_pdf_bench DATA.toml N [--out FILE] [--config DIR] "
                 "[--report overall|project]\n";
    return 2;
  }
  const std::string data_path = argv[1];
  const int n = std::stoi(argv[2]);
  std::string out_path = "report-selfeval.pdf";
  std::string config = SELFEVAL_SOURCE_DIR "/config";
  auto kind = se::reports::report_kind::overall;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string opt = argv[i];
    if (opt == "--out") out_path = argv[i + 1];
    if (opt == "--config") config = argv[i + 1];
    if (opt == "--report" && std::string(argv[i + 1]) == "project")
      kind = se::reports::report_kind::project;
  }

  const std::clock_t c0 = std::clock();
  const auto t0 = std::chrono::steady_clock::now();
  se::base::diagnostics diags;
  const se::data::settings settings = se::data::load_settings(config, diags);
  const se::pdf::font_set fonts = se::pdf::load_fonts(settings);
  const se::pdf::font_measure measure(fonts);
  const se::reports::wording wording =
      se::reports::load_wording(config + "/profiles/hunan/wording.toml", diags);
  se::package::loaded_unit unit = se::package::load_unit(data_path);
  if (diags.has_errors() || unit.result.diags.has_errors()) {
    se::base::print_diagnostics(std::cerr, diags);
    se::base::print_diagnostics(std::cerr, unit.result.diags);
    return 1;
  }
  const double setup_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  std::string pdf;
  const auto t1 = std::chrono::steady_clock::now();
  const std::clock_t c1 = std::clock();
  for (int i = 0; i < n; ++i) {
    se::base::diagnostics report_diags;
    const se::reports::record fields =
        se::reports::report_fields(kind, unit.data.model, unit.data.figures, wording, report_diags);
    const se::layout::document doc = se::report_pdf::lay_out_report(
        kind == se::reports::report_kind::overall ? "附件4" : "附件5", fields, measure);
    pdf = se::pdf::render_pdf(doc, fonts);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  // CPU time too: on a busy machine the wall time mostly measures waiting for a core.
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - c1) / CLOCKS_PER_SEC;
  const double total_cpu_ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::ofstream(out_path, std::ios::binary)
      .write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  std::fprintf(stderr,
               "selfeval: %d docs, %.3f ms/doc (cpu %.3f), setup %.1f ms, total cpu %.1f ms, "
               "%zu bytes\n",
               n, ms / n, cpu_ms / n, setup_ms, total_cpu_ms, pdf.size());
  return 0;
}
