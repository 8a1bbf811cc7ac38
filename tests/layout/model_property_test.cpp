// Property tests over seeded random data models, through data::derive and the composition of
// 附件1–3, the program's path: names of 1–60 characters, 1–40 indicators per block, texts up to
// 1,000 characters, amounts up to 10⁹ with 0–4 decimals and a unit, CJK and ASCII mixed. On
// every page of every document: each text item inside its cell (no rule crosses it) and inside
// the body, no two items overlapping, every input paragraph present line after line in order,
// no number split across lines, the column headings on every continuation page of the
// indicator block, at least three rows above 总分 on a last page, and the signature blanks.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "data/derive.h"
#include "fake_measure.h"
#include "fixture_model.h"
#include "forms/compose.h"
#include "sanitized.h"

namespace selfeval::layout {
namespace {

// 附件1–3 are composed by the form engine (forms/compose.h) onto this layer's documents.
using namespace forms;

using testing::fake_measure;

constexpr double eps = 0.01;

struct generator {
  std::mt19937 rng;
  std::vector<std::string> numbers;  // every number written, as it must appear whole

  explicit generator(std::uint32_t seed) : rng(seed) {}

  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool chance(int percent) { return between(0, 99) < percent; }

  std::string number() {
    static const char* prefixes[] = {"", "", "", "≥", "≤", "-", "约"};
    static const char* units[] = {"", "万元", "人", "%", "㎡", "次", "元"};
    std::string digits = std::to_string(between(0, 9));
    const int magnitude = between(0, 9);  // up to 10⁹
    for (int i = 0; i < magnitude; ++i) digits += std::to_string(between(0, 9));
    if (digits.size() > 1 && digits[0] == '0') digits[0] = '1';
    const int decimals = between(0, 4);
    if (decimals > 0) {
      digits += ".";
      for (int i = 0; i < decimals; ++i) digits += std::to_string(between(0, 9));
    }
    std::string n = digits + units[between(0, 6)];
    numbers.push_back(n);
    return prefixes[between(0, 6)] + n;
  }

  // Text of `length` code points or so: hanzi, punctuation, ASCII words, numbers.
  std::string text(int length, bool paragraphs) {
    static const std::vector<std::string> pieces = {
        "工",   "会",  "经", "费", "绩", "效", "指", "标", "完", "成", "职", "服", "务", "满",
        "意",   "度",  "，", "。", "、", "；", "：", "（", "）", "“",  "”",  "《", "》", "abc",
        "GB/T", "PDF", " ",  "的", "年", "度", "项", "目", "资", "金", "预", "算"};
    std::string s;
    int n = 0;
    while (n < length) {
      if (chance(8)) {
        // A space first, so the number never runs on from a digit before it.
        s += "提" + number();
        n += 6;
      } else {
        s += pieces[static_cast<std::size_t>(between(0, static_cast<int>(pieces.size()) - 1))];
        ++n;
      }
      if (paragraphs && chance(2)) s += "\n";
    }
    return s;
  }

  // 1–60 characters, mostly short.
  std::string name() { return text(chance(90) ? between(1, 12) : between(13, 60), false); }
  // Up to 1,000 characters, mostly short.
  std::string long_text() {
    const int r = between(0, 99);
    return text(r < 75 ? between(0, 30) : r < 98 ? between(30, 200) : between(200, 1000), true);
  }
};

data::model random_model(generator& g) {
  data::model m = testing::seed_model();
  m.unit.name = testing::txt(g.name());
  m.frugality = testing::txt(g.long_text());
  if (g.chance(50)) m.signature.filler = testing::txt(g.name());
  if (g.chance(30))
    m.signature.phone = testing::txt("0737-" + std::to_string(g.between(1, 9999999)));
  auto random_evaluation = [&](data::evaluation_info& e) {
    e.goals_expected = testing::txt(g.long_text());
    e.goals_actual = testing::txt(g.long_text());
    e.indicators.clear();
    const std::pair<const char*, std::vector<const char*>> blocks[] = {
        {"产出指标", {"数量指标", "质量指标", "时效指标", "成本指标"}},
        {"效益指标", {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
        {"满意度指标", {"服务对象满意度指标"}}};
    for (const auto& [level1, level2s] : blocks) {
      const int n = g.chance(95) ? g.between(1, 4) : g.between(5, 40);
      for (int i = 0; i < n; ++i) {
        const char* level2 =
            level2s[static_cast<std::size_t>(g.between(0, static_cast<int>(level2s.size()) - 1))];
        data::indicator ind = testing::ind(level1, level2, g.name(), "", "", g.between(1, 10), 0);
        ind.target = testing::txt(g.chance(50) ? g.number() : g.name());
        ind.actual = testing::txt(g.chance(50) ? g.number() : g.name());
        ind.self_score.value = base::decimal::from_int(g.between(0, 1));
        if (g.chance(30)) ind.deviation = testing::txt(g.long_text());
        e.indicators.push_back(std::move(ind));
      }
    }
  };
  random_evaluation(m.overall);
  auto& p = m.projects.front();
  p.name = testing::txt(g.name());
  for (auto& item : p.items) item.name = testing::txt(g.chance(10) ? p.name.value : g.name());
  random_evaluation(p.evaluation);
  m.projects[1].name = testing::txt(g.name());
  return m;
}

std::string stripped(const std::string& s) {
  std::string out;
  for (char32_t c : base::decode_utf8(s))
    if (c != U' ' && c != U'　' && c != U'\n' && c != U'\t' && c != U'\r')
      out += base::encode_utf8(c);
  return out;
}

struct box {
  double x0, x1, y0, y1;
  const text_item* t;
};

struct checker {
  fake_measure m;
  page_setup s;
  std::string where;

  box box_of(const text_item& t) const {
    return {t.x, t.x + m.width(t.role, t.size, t.text), t.y - 0.12 * t.size, t.y + 0.88 * t.size,
            &t};
  }

  void page_geometry(const page& p, std::size_t index) const {
    std::vector<box> boxes;
    std::vector<const line_item*> rules;
    for (const auto& it : p.items) {
      if (const auto* t = std::get_if<text_item>(&it)) boxes.push_back(box_of(*t));
      if (const auto* l = std::get_if<line_item>(&it)) rules.push_back(l);
    }
    for (const auto& b : boxes) {
      const bool folio = b.t->text == "— " + std::to_string(index + 1) + " —";
      if (!folio) {
        EXPECT_GE(b.x0, s.left - eps) << where << b.t->text;
        EXPECT_LE(b.x1, s.width - s.right + eps) << where << b.t->text;
        EXPECT_GE(b.y0, s.bottom - eps) << where << b.t->text;
        EXPECT_LE(b.y1, s.height - s.top + eps) << where << b.t->text;
      }
      // Inside its cell: no rule crosses the text.
      for (const auto* l : rules) {
        if (l->x1 == l->x2) {
          const double ya = std::min(l->y1, l->y2), yb = std::max(l->y1, l->y2);
          const bool crosses =
              l->x1 > b.x0 + eps && l->x1 < b.x1 - eps && ya < b.y1 - eps && yb > b.y0 + eps;
          EXPECT_FALSE(crosses) << where << " page " << index + 1 << ": a rule crosses "
                                << b.t->text;
        } else {
          const double xa = std::min(l->x1, l->x2), xb = std::max(l->x1, l->x2);
          const bool crosses =
              l->y1 > b.y0 + eps && l->y1 < b.y1 - eps && xa < b.x1 - eps && xb > b.x0 + eps;
          EXPECT_FALSE(crosses) << where << " page " << index + 1 << ": a rule crosses "
                                << b.t->text;
        }
      }
    }
    // No two items overlap.
    std::sort(boxes.begin(), boxes.end(), [](const box& a, const box& b) { return a.y0 < b.y0; });
    for (std::size_t i = 0; i < boxes.size(); ++i)
      for (std::size_t j = i + 1; j < boxes.size() && boxes[j].y0 < boxes[i].y1 - eps; ++j) {
        const bool overlap = boxes[i].x0 < boxes[j].x1 - eps && boxes[j].x0 < boxes[i].x1 - eps;
        EXPECT_FALSE(overlap) << where << " page " << index + 1 << ": " << boxes[i].t->text << " / "
                              << boxes[j].t->text;
      }
  }

  // Whether p[done…] is made of items from `from` on, in order, other items between them (a
  // short item may match by chance: then the next one that matches is tried).
  static bool follows(const std::vector<std::string>& items, const std::string& p, std::size_t from,
                      std::size_t done, int& budget) {
    if (done >= p.size()) return true;
    const std::string_view rest = std::string_view(p).substr(done);
    for (std::size_t j = from; j < items.size() && --budget > 0; ++j) {
      if (items[j].empty() || items[j][0] != rest[0]) continue;
      if (std::string_view(items[j]).starts_with(rest)) return true;
      if (rest.starts_with(items[j]) && follows(items, p, j + 1, done + items[j].size(), budget))
        return true;
    }
    return false;
  }

  // The lines of each input paragraph follow one another in the document's items (items of
  // other cells may come between, as on a new page: repeated headings).
  void in_order(const std::vector<std::string>& items, const std::string& paragraph) const {
    const std::string p = stripped(paragraph);
    if (p.empty()) return;
    for (std::size_t i = 0; i < items.size(); ++i) {
      // The first line may carry a prefix the form adds ("1." before a goal, "1、" before a
      // group), the last one a suffix ("（…）" after a project's name).
      for (std::size_t at = 0; at < std::min<std::size_t>(5, items[i].size()); ++at) {
        const std::string_view first = std::string_view(items[i]).substr(at);
        if (first[0] != p[0]) continue;
        if (first.starts_with(p)) return;
        if (!std::string_view(p).starts_with(first)) continue;
        int budget = 200000;
        if (follows(items, p, i + 1, first.size(), budget)) return;
      }
    }
    ADD_FAILURE() << where << ": input not found in order: " << paragraph;
  }

  // Every input paragraph in order; every number written that this document shows whole in
  // one item.
  void inputs(const document& d, const std::vector<std::string>& texts,
              const std::vector<std::string>& numbers) const {
    std::vector<std::string> items;
    std::string joined;  // the items, one a line: a number found here lies within one item
    for (const auto& p : d.pages)
      for (const auto& it : p.items)
        if (const auto* t = std::get_if<text_item>(&it)) {
          items.push_back(stripped(t->text));
          joined += items.back() + "\n";
        }
    std::string input;
    for (const auto& t : texts) {
      input += stripped(t) + "|";
      std::size_t start = 0;
      while (start <= t.size()) {
        const std::size_t end = std::min(t.find('\n', start), t.size());
        in_order(items, t.substr(start, end - start));
        start = end + 1;
      }
    }
    for (const auto& n : numbers) {
      if (input.find(n) == std::string::npos) continue;  // not in this document
      EXPECT_NE(joined.find(n), std::string::npos) << where << ": number split across lines: " << n;
    }
  }

  void signature(const document& d) const {
    const std::pair<const char*, double> blanks[] = {
        {"填表人：", 35}, {"联系电话：", 35}, {"单位负责人签字：", 45}};
    for (const auto& [label, mm] : blanks) {
      const text_item* field = nullptr;
      const page* on = nullptr;
      for (const auto& p : d.pages)
        for (const auto& it : p.items)
          if (const auto* t = std::get_if<text_item>(&it); t && t->text.starts_with(label)) {
            field = t;
            on = &p;
          }
      ASSERT_NE(field, nullptr) << where << label;
      const double end = box_of(*field).x1;
      double next = s.width - s.right;
      for (const auto& it : on->items)
        if (const auto* t = std::get_if<text_item>(&it);
            t && t != field && std::abs(t->y - field->y) < 1 && t->x > field->x)
          next = std::min(next, t->x);
      EXPECT_GE(next - end, mm * points_per_mm - eps) << where << label;
    }
  }

  // 附件2/3: the column headings at the top of every continuation page of the indicator
  // block, and at least three indicator rows with 总分 on the table's last page.
  void continuation(const flow_result& r, const table& t) const {
    int headings = -1;
    for (const auto& c : t.cells)
      if (c.text == "一级指标") headings = c.row;
    ASSERT_GE(headings, 0);
    const auto& segs = r.tables.front();
    for (std::size_t i = 1; i < segs.size(); ++i) {
      if (segs[i].first_row <= headings) continue;
      const auto& rep = segs[i].repeated_rows;
      EXPECT_NE(std::find(rep.begin(), rep.end(), headings), rep.end())
          << where << " page " << i + 1;
      bool shown = false;
      for (const auto& it : r.doc.pages[static_cast<std::size_t>(segs[i].page)].items)
        if (const auto* tx = std::get_if<text_item>(&it)) shown = shown || tx->text == "一级指标";
      EXPECT_TRUE(shown) << where << " page " << i + 1;
    }
    if (segs.size() > 1 && !segs.back().continued) {
      // Fewer rows only when the row before would not have fitted on the last page (its
      // text reaches down to `used`), when the page before holds one row only, or the end of
      // a row taller than a page, which cannot move.
      const page& last = r.doc.pages[static_cast<std::size_t>(segs.back().page)];
      double lowest = s.height;
      for (const auto& it : last.items)
        if (const auto* tx = std::get_if<text_item>(&it); tx && !tx->text.starts_with("— "))
          lowest = std::min(lowest, tx->y - 0.12 * tx->size);
      const double used = s.height - s.top - lowest;
      const auto& before = segs[segs.size() - 2];
      const bool full = used + before.heights.back() > s.body_height() - 20;
      const bool lone = before.end_row - before.first_row < 2;  // a page keeps one row
      if (!full && !before.continued && !lone) {
        std::string segments;  // rows and height of each page, for the message
        for (const auto& sg : segs)
          segments += " [" + std::to_string(sg.first_row) + "," + std::to_string(sg.end_row) + " " +
                      std::to_string(sg.bottom - sg.top) + (sg.split ? " split" : "") + "]";
        EXPECT_GE(segs.back().end_row - segs.back().first_row, 4)
            << where << segments << " used " << used << " prev " << before.heights.back();
      }
    }
  }
};

std::vector<std::string> evaluation_texts(const data::evaluation_info& e) {
  std::vector<std::string> out{e.goals_expected.value, e.goals_actual.value};
  for (const auto& i : e.indicators)
    for (const auto* t : {&i.name, &i.target, &i.actual, &i.deviation}) out.push_back(t->value);
  return out;
}

TEST(ModelProperties, RandomModelsTypesetSoundly) {
  // Most models small, a few with 40 indicators a block and 1,000-character texts: 250 models,
  // 750 documents, about 1,650 pages (12 models under ASan, slower twentyfold).
  constexpr std::uint32_t models = testing::sanitized ? 12 : 250;
  checker c;
  int pages = 0, continued = 0, shrunk_free = 0;
  for (std::uint32_t seed = 1; seed <= models; ++seed) {
    generator g(seed);
    const data::model m = random_model(g);
    const data::figures f = data::derive(m);
    c.where = "seed " + std::to_string(seed) + ": ";
    const table_options o;

    std::vector<std::string> t1{m.frugality.value};
    for (const auto& p : m.projects) {
      t1.push_back(p.name.value);
      for (const auto& item : p.items) t1.push_back(item.name.value);
    }
    const document d1 = compose_table1(m, f, c.m, o);
    std::vector<std::string> t2 = evaluation_texts(m.overall);
    t2.push_back(m.unit.name.value);
    const auto b2 = table2_blocks(m, f, c.m, o);
    const flow_result r2 = lay_out(b2, c.m, o.page);
    std::vector<std::string> t3 = evaluation_texts(m.projects.front().evaluation);
    t3.push_back(m.projects.front().name.value);
    const auto b3 = table3_blocks(m, f, 0, c.m, o);
    const flow_result r3 = lay_out(b3, c.m, o.page);

    const std::pair<const document*, const std::vector<std::string>*> docs[] = {
        {&d1, &t1}, {&r2.doc, &t2}, {&r3.doc, &t3}};
    for (const auto& [d, texts] : docs) {
      for (std::size_t p = 0; p < d->pages.size(); ++p) c.page_geometry(d->pages[p], p);
      c.inputs(*d, *texts, g.numbers);
      c.signature(*d);
      pages += static_cast<int>(d->pages.size());
    }
    c.continuation(r2, std::get<table>(b2[2]));
    c.continuation(r3, std::get<table>(b3[2]));
    continued += static_cast<int>(r2.tables.front().size() + r3.tables.front().size()) - 2;
    ++shrunk_free;
    if (::testing::Test::HasFailure()) return;  // one broken model is enough to read
  }
  std::printf("%d models, %d pages, %d continuation pages\n", shrunk_free, pages, continued);
  EXPECT_GT(continued, static_cast<int>(models));  // the generator must exercise continuation pages
}

}  // namespace
}  // namespace selfeval::layout
