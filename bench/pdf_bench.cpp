// Times the PDF backend on a one-page 附件2-like table (the same content as the ReportLab peer,
// ../shared/bench/peers/reportlab_table.py): ms per document, PDF size, peak RSS.
//
// Usage: pdf_bench [N] [--out FILE] [--config DIR] [--one-font] [--compare-code-points]
//   --one-font             every role set in the 宋体 font, as the peer sets everything in one
//   --compare-code-points  also time libharu visiting all 65,536 codes per font, and fonts
//                          addressed by Unicode code point (no renumbering)
// The page is laid out once by a small grid routine here (the layout engine is not measured);
// each of the N iterations renders it to PDF bytes in memory.

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/utf8.h"
#include "data/settings.h"
#include "pdf/fonts.h"
#include "pdf/render.h"

namespace {

namespace layout = selfeval::layout;
namespace pdf = selfeval::pdf;
using layout::font_role;

constexpr double mm = 72.0 / 25.4;

struct grid_cell {
  int row, col, row_span, col_span;
  std::string text;
  bool left = false;      // left-aligned (else centred)
  bool vertical = false;  // one character per line
  font_role role = font_role::song;
};

// Breaks `text` into lines no wider than `width` (per code point, as CJK allows).
std::vector<std::string> wrap(const pdf::font_measure& m, font_role role, double size,
                              const std::string& text, double width, bool vertical) {
  std::vector<std::string> lines;
  std::string line;
  for (const char32_t cp : selfeval::base::decode_utf8(text)) {
    const std::string ch = selfeval::base::encode_utf8(cp);
    if (!line.empty() && (vertical || m.width(role, size, line + ch) > width)) {
      lines.push_back(line);
      line.clear();
    }
    line += ch;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

layout::document make_table_page(const pdf::font_measure& m) {
  const double size = 9, leading = 12, pad = 2;
  const std::vector<double> widths_mm = {8, 17, 20, 36, 19, 19, 12, 12, 18, 19};
  std::vector<grid_cell> cells;
  int r = 0;
  const auto add = [&](int row, int col, int rs, int cs, std::string text, bool left = false,
                       font_role role = font_role::song) {
    cells.push_back({row, col, rs, cs, std::move(text), left, false, role});
  };
  add(r, 0, 1, 3, "部门（单位）名称", false, font_role::hei);
  add(r, 3, 1, 7, "沅江市总工会", true);
  ++r;
  add(r, 0, 5, 3, "年度预算申请（万元）", false, font_role::hei);
  const char* heads[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
  for (int c = 0; c < 6; ++c) add(r, 4 + c, 1, 1, heads[c], false, font_role::hei);
  ++r;
  const char* budget[][7] = {{"年度资金总额", "373.59", "420.50", "419.00", "10", "99.64%", "9.96"},
                             {"其中：基本支出", "258.59", "274.50", "274.00", "——", "99.82%", "——"},
                             {"项目支出", "115.00", "146.00", "145.00", "——", "99.32%", "——"},
                             {"其他资金", "0.00", "0.00", "0.00", "——", "——", "——"}};
  for (const auto& b : budget) {
    add(r, 3, 1, 1, b[0], true);
    for (int c = 1; c < 7; ++c) add(r, 3 + c, 1, 1, b[c]);
    ++r;
  }
  add(r, 0, 2, 3, "年度总体目标", false, font_role::hei);
  add(r, 3, 1, 3, "预期目标", false, font_role::hei);
  add(r, 6, 1, 4, "实际完成情况", false, font_role::hei);
  ++r;
  add(r, 3, 1, 3,
      "1.开展全年全市工会活动不少于1次，帮扶困难职工不少于300人，职工技能培训不少于500人次；"
      "2.帮扶资金发放准确率、及时率均达到100%，工会会员实名制入库率不低于95%；3.提高工会组织"
      "的社会影响力，改善困难职工生活水平，职工群众满意度不低于90%。",
      true);
  add(r, 6, 1, 4,
      "1.全年组织开展全市性工会活动5次，帮扶困难职工326人，培训职工560人次；2.帮扶资金发放准确"
      "率、及时率均为100%，工会会员实名制入库率97%；3.工会组织的社会影响力明显提高，困难职工生活"
      "水平有所改善，职工群众满意度达到95%。",
      true);
  ++r;
  const int first_indicator_row = r;
  const char* ih[] = {"一级指标",   "二级指标", "三级指标", "年度指标值",
                      "实际完成值", "分值",     "得分",     "偏差原因分析及改进措施"};
  for (int c = 0; c < 7; ++c) add(r, 1 + c, 1, 1, ih[c], false, font_role::hei);
  add(r, 8, 1, 2, ih[7], false, font_role::hei);
  ++r;
  struct ind {
    const char *l1, *l2, *l3, *target, *actual, *weight, *score, *note;
  };
  const ind inds[] = {
      {"产出指标", "数量指标", "全年全市工会活动", "≥1次", "5次", "5", "5", ""},
      {"产出指标", "数量指标", "困难职工帮扶人数", "≥300人", "326人", "5", "5", ""},
      {"产出指标", "数量指标", "职工技能培训人次", "≥500人次", "560人次", "5", "5", ""},
      {"产出指标", "质量指标", "帮扶资金发放准确率", "100%", "100%", "5", "5", ""},
      {"产出指标", "质量指标", "工会会员实名制入库率", "≥95%", "97%", "5", "5", ""},
      {"产出指标", "时效指标", "帮扶资金发放及时率", "100%", "100%", "5", "5", ""},
      {"产出指标", "成本指标", "部门整体支出控制在预算范围内", "≤420.5万元", "419万元", "5", "5",
       ""},
      {"效益指标", "社会效益指标", "提高了工会组织的社会影响力", "明显提高", "明显提高", "10", "10",
       ""},
      {"效益指标", "社会效益指标", "困难职工生活水平改善情况", "有所改善", "有所改善", "10", "9",
       "部分困难职工家庭收入来源单一，解困脱困成效有待巩固，下一步将加强常态化帮扶"},
      {"效益指标", "经济效益指标", "带动职工技能提升和增收", "有效带动", "有效带动", "5", "5", ""},
      {"效益指标", "可持续影响指标", "工会服务职工长效机制", "长期有效", "长期有效", "10", "10",
       ""},
      {"满意度指标", "服务对象满意度指标", "职工群众满意度", "≥90%", "95%", "10", "10", ""},
      {"满意度指标", "服务对象满意度指标", "基层工会满意度", "≥90%", "93%", "10", "10", ""}};
  const int n = static_cast<int>(std::size(inds));
  for (int i = 0; i < n; ++i) {
    const ind& x = inds[i];
    // Merge runs of equal 一级 / 二级 labels into row spans.
    if (i == 0 || std::string(inds[i - 1].l1) != x.l1) {
      int span = 1;
      while (i + span < n && std::string(inds[i + span].l1) == x.l1) ++span;
      add(r + i, 1, span, 1, x.l1);
    }
    if (i == 0 || std::string(inds[i - 1].l2) != x.l2 || std::string(inds[i - 1].l1) != x.l1) {
      int span = 1;
      while (i + span < n && std::string(inds[i + span].l2) == x.l2) ++span;
      add(r + i, 2, span, 1, x.l2);
    }
    add(r + i, 3, 1, 1, x.l3, true);
    add(r + i, 4, 1, 1, x.target);
    add(r + i, 5, 1, 1, x.actual);
    add(r + i, 6, 1, 1, x.weight);
    add(r + i, 7, 1, 1, x.score);
    add(r + i, 8, 1, 2, *x.note ? x.note : "——", *x.note != 0);
  }
  cells.push_back({first_indicator_row, 0, n + 1, 1, "绩效指标", false, true, font_role::hei});
  r += n;
  add(r, 0, 1, 6, "总分", false, font_role::hei);
  add(r, 6, 1, 1, "100");
  add(r, 7, 1, 1, "98.96");
  add(r, 8, 1, 2, "评价等级：优");
  ++r;
  add(r, 0, 1, 3, "说明", false, font_role::hei);
  add(r, 3, 1, 7,
      "1.本表金额单位为万元，得分保留两位小数；2.预算执行率得分=预算执行率×分值；3.偏差原因分析"
      "栏填写未完成指标的原因及改进措施。",
      true);
  ++r;
  const int rows = r;

  std::vector<double> x(widths_mm.size() + 1, 15 * mm);
  for (std::size_t c = 0; c < widths_mm.size(); ++c) x[c + 1] = x[c] + widths_mm[c] * mm;
  std::vector<std::vector<std::string>> lines(cells.size());
  std::vector<double> heights(static_cast<std::size_t>(rows), leading + 2 * pad);
  for (int pass = 0; pass < 2; ++pass) {  // single-row cells first, then spans top up
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const grid_cell& c = cells[i];
      if ((c.row_span == 1) != (pass == 0)) continue;
      const double w = x[static_cast<std::size_t>(c.col + c.col_span)] -
                       x[static_cast<std::size_t>(c.col)] - 2 * pad;
      lines[i] = wrap(m, c.role, size, c.text, w, c.vertical);
      const double need = static_cast<double>(lines[i].size()) * leading + 2 * pad;
      double have = 0;
      for (int k = 0; k < c.row_span; ++k) have += heights[static_cast<std::size_t>(c.row + k)];
      if (need > have) heights[static_cast<std::size_t>(c.row + c.row_span - 1)] += need - have;
    }
  }
  std::vector<double> y(static_cast<std::size_t>(rows) + 1, 841.89 - 15 * mm - 70);
  for (int k = 0; k < rows; ++k) y[k + 1] = y[k] - heights[static_cast<std::size_t>(k)];

  layout::page page;
  const auto rule = [&](double x1, double y1, double x2, double y2, double width) {
    layout::line_item l;
    l.x1 = x1;
    l.y1 = y1;
    l.x2 = x2;
    l.y2 = y2;
    l.width = width;
    page.items.emplace_back(l);
  };
  const auto text = [&](double tx, double ty, font_role role, double sz, std::string s,
                        bool bold = false) {
    layout::text_item t;
    t.bold = bold;
    t.x = tx;
    t.y = ty;
    t.role = role;
    t.size = sz;
    t.text = std::move(s);
    page.items.emplace_back(std::move(t));
  };
  text(15 * mm, 841.89 - 15 * mm - 12, font_role::hei, 12, "附件2");
  const std::string title = "部门整体支出绩效自评表";
  text((595.276 - m.width(font_role::xiaobiaosong, 18, title)) / 2, 841.89 - 15 * mm - 42,
       font_role::xiaobiaosong, 18, title);
  const std::string sub = "（2023年度）";
  text((595.276 - m.width(font_role::song, 11, sub)) / 2, 841.89 - 15 * mm - 60, font_role::song,
       11, sub);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const grid_cell& c = cells[i];
    const double x0 = x[static_cast<std::size_t>(c.col)];
    const double x1 = x[static_cast<std::size_t>(c.col + c.col_span)];
    const double y0 = y[static_cast<std::size_t>(c.row)];
    const double y1 = y[static_cast<std::size_t>(c.row + c.row_span)];
    const double block = static_cast<double>(lines[i].size()) * leading;
    double baseline = (y0 + y1) / 2 + block / 2 - leading + (leading - size) / 2 + 1.5;
    // Headings are set as compose.cpp sets them: the body face in synthetic bold.
    const bool heading = c.role == font_role::hei;
    const font_role face = heading ? font_role::song : c.role;
    for (const std::string& l : lines[i]) {
      const double tx = c.left ? x0 + pad : (x0 + x1 - m.width(face, size, l)) / 2;
      text(tx, baseline, face, size, l, heading);
      baseline -= leading;
    }
  }
  // Rules: every cell's right and bottom edge, plus the table's top and left edges.
  rule(x.front(), y.front(), x.back(), y.front(), 1.0);
  rule(x.front(), y.front(), x.front(), y.back(), 1.0);
  for (const grid_cell& c : cells) {
    const double x0 = x[static_cast<std::size_t>(c.col)];
    const double x1 = x[static_cast<std::size_t>(c.col + c.col_span)];
    const double y0 = y[static_cast<std::size_t>(c.row)];
    const double y1 = y[static_cast<std::size_t>(c.row + c.row_span)];
    const bool right_edge = c.col + c.col_span == static_cast<int>(widths_mm.size());
    const bool bottom_edge = c.row + c.row_span == rows;
    rule(x1, y0, x1, y1, right_edge ? 1.0 : 0.5);
    rule(x0, y1, x1, y1, bottom_edge ? 1.0 : 0.5);
  }
  text(15 * mm, y.back() - 20, font_role::song, 10.5,
       "填表人：王芳　　填表日期：2024年3月15日　　联系电话：0737-1234567　　单位负责人签字：");

  layout::document doc;
  doc.title = "部门整体支出绩效自评表";
  doc.author = "沅江市总工会";
  doc.year = 2024;
  doc.month = 3;
  doc.day = 15;
  doc.pages.push_back(std::move(page));
  return doc;
}

struct timing {
  double mean_ms = 0, median_ms = 0, min_ms = 0;
  double cpu_ms = 0;  // process CPU time per document: steadier than wall time on a busy machine
  std::size_t bytes = 0;
};

timing run(const layout::document& doc, const pdf::font_set& fonts, int n,
           const pdf::render_options& options) {
  for (int i = 0; i < 3; ++i) pdf::render_pdf(doc, fonts, {}, options);  // warm caches
  std::vector<double> ms;
  timing t;
  timespec cpu_start{}, cpu_stop{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const std::string bytes = pdf::render_pdf(doc, fonts, {}, options);
    const auto stop = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    t.bytes = bytes.size();
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_stop);
  t.cpu_ms = (static_cast<double>(cpu_stop.tv_sec - cpu_start.tv_sec) * 1e3 +
              static_cast<double>(cpu_stop.tv_nsec - cpu_start.tv_nsec) / 1e6) /
             static_cast<double>(n);
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (const double v : ms) sum += v;
  t.mean_ms = sum / static_cast<double>(n);
  t.median_ms = ms[ms.size() / 2];
  t.min_ms = ms.front();
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 200;
  std::string out, config = std::string(SELFEVAL_SOURCE_DIR) + "/config";
  bool compare = false, one_font = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "--config" && i + 1 < argc) {
      config = argv[++i];
    } else if (a == "--one-font") {
      one_font = true;
    } else if (a == "--compare-code-points") {
      compare = true;
    } else if (std::atoi(a.c_str()) > 0) {
      n = std::atoi(a.c_str());
    } else {
      std::fprintf(stderr,
                   "usage: pdf_bench [N] [--out FILE] [--config DIR] [--compare-code-points]\n");
      return 2;
    }
  }
  selfeval::base::diagnostics diags;
  auto settings = selfeval::data::load_settings(config, diags);
  if (diags.has_errors()) {
    selfeval::base::print_diagnostics(std::cerr, diags);
    return 1;
  }
  if (one_font) {
    auto& f = settings.fonts;
    f.files.fill(f[selfeval::data::font_role::song]);
  }
  const auto load_start = std::chrono::steady_clock::now();
  const pdf::font_set fonts = pdf::load_fonts(settings);
  const double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start)
          .count();
  const pdf::font_measure measure(fonts);
  const layout::document doc = make_table_page(measure);
  if (!out.empty()) {
    std::ofstream(out, std::ios::binary) << pdf::render_pdf(doc, fonts);
  }

  std::printf("fonts: %zu faces loaded once in %.1f ms\n", fonts.faces().size(), load_ms);
  const timing dense = run(doc, fonts, n, {});
  std::printf("selfeval: %d docs, %.2f ms/doc (median %.2f, min %.2f, cpu %.2f), pdf %zu bytes\n",
              n, dense.mean_ms, dense.median_ms, dense.min_ms, dense.cpu_ms, dense.bytes);
  if (compare) {
    // The other three ways of handing fonts to libharu, for the record.
    const int m = std::max(10, n / 5);
    struct variant {
      bool dense, narrow;
      const char* label;
    };
    const variant variants[] = {
        {false, true, "code points (cmap of many segments), encoder narrowed"},
        {true, false, "dense codes, libharu visiting all 65,536 codes per font"},
        {false, false, "code points, all 65,536 codes (plain libharu)"}};
    for (const variant& v : variants) {
      pdf::render_options options;
      options.dense_codes = v.dense;
      options.narrow_encoder = v.narrow;
      const timing t = run(doc, fonts, m, options);
      std::printf("selfeval, %s: %d docs, %.2f ms/doc (median %.2f, cpu %.2f), pdf %zu bytes\n",
                  v.label, m, t.mean_ms, t.median_ms, t.cpu_ms, t.bytes);
    }
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS: %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
