// The catalogue: every key has both languages with the same placeholders, the Chinese text is
// Chinese, keys are unique, and every key the sources use is catalogued.
#include "base/messages.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "base/diagnostics.h"

using namespace selfeval::base;

namespace {

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  static const std::regex re(R"(\{([A-Za-z_][A-Za-z0-9_]*)\})");
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
    names.insert((*it)[1]);
  return names;
}

bool has_cjk(std::string_view text) {
  // Any 3- or 4-byte UTF-8 sequence starting at U+2E80 or above (CJK, full-width punctuation).
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xE3) return true;
    if (b == 0xE2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xBA)
      return true;
  }
  return false;
}

class language_guard {
 public:
  explicit language_guard(language l) : saved_(current_language()) { set_language(l); }
  ~language_guard() { set_language(saved_); }

 private:
  language saved_;
};

}  // namespace

TEST(Messages, EveryEntryHasBothLanguagesWithTheSamePlaceholders) {
  ASSERT_FALSE(catalogue().empty());
  for (const message_entry& e : catalogue()) {
    SCOPED_TRACE(std::string(e.key));
    EXPECT_FALSE(e.zh.empty());
    EXPECT_FALSE(e.en.empty());
    EXPECT_EQ(e.zh_hint.empty(), e.en_hint.empty()) << "a hint in one language only";
    // English may add plural suffixes ({s_errors}: "" or "s"); otherwise the same arguments.
    std::set<std::string> en = placeholders(e.en);
    std::erase_if(en, [](const std::string& n) { return n.rfind("s_", 0) == 0; });
    EXPECT_EQ(placeholders(e.zh), en);
    EXPECT_EQ(placeholders(e.zh_hint), placeholders(e.en_hint));
  }
}

TEST(Messages, ChineseTextIsChinese) {
  for (const message_entry& e : catalogue()) {
    SCOPED_TRACE(std::string(e.key));
    // A message made only of placeholders and punctuation is allowed in both languages.
    const std::string bare = fill(e.zh, {});
    if (std::regex_match(bare, std::regex(R"re([\s{}A-Za-z0-9_:./\-\[\]()"'=,]*)re"))) continue;
    EXPECT_TRUE(has_cjk(e.zh)) << e.zh;
    if (!e.zh_hint.empty()) {
      EXPECT_TRUE(has_cjk(e.zh_hint)) << e.zh_hint;
    }
  }
}

TEST(Messages, KeysAreUniqueAndWellFormed) {
  std::set<std::string_view> seen;
  for (const message_entry& e : catalogue()) {
    EXPECT_TRUE(seen.insert(e.key).second) << "duplicate key " << e.key;
    EXPECT_TRUE(std::regex_match(std::string(e.key), std::regex(R"([a-z0-9][a-z0-9.\-]*)")))
        << e.key;
  }
}

// Calls fn(file name, first group) for each match of `use` in the sources under src/; returns
// how many there were.
template <class Fn>
std::size_t for_each_use_in_sources(const std::regex& use, Fn fn) {
  namespace fs = std::filesystem;
  std::size_t found = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(SELFEVAL_SOURCE_DIR) / "src")) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (auto it = std::sregex_iterator(s.begin(), s.end(), use); it != std::sregex_iterator();
         ++it) {
      ++found;
      fn(entry.path().filename().string(), (*it)[1].str());
    }
  }
  return found;
}

// Scans src/ for the keys the code names: diagnostics' ids (.error("id", / .warning("id", /
// make_diagnostic(level, "id", and the helpers refusal( / refuse(e, that take an id),
// variants (msg("key", …) / msg{"key"…}) and plain texts (tr("key" / tr_hint("key").
TEST(Messages, EveryKeyUsedInTheSourcesIsCatalogued) {
  static const std::regex use(
      R"re((?:(?:\berror|\.warning|\btr|\btr_hint|\bmsg|\brefusal)\s*[({]|\b(?:refuse\s*\(\s*e|make_diagnostic\s*\(\s*[\w:]+)\s*,)\s*"([a-z0-9][a-z0-9.\-]*)")re");
  const std::size_t found =
      for_each_use_in_sources(use, [](const std::string& file, const std::string& key) {
        EXPECT_NE(find_message(key), nullptr)
            << file << " uses \"" << key << "\", which the catalogue lacks";
      });
  EXPECT_GT(found, 5u);
}

// Every diagnostic says what to do: each id the sources report under has a hint in both
// languages (a variant without its own hint falls back to its id's, see make_diagnostic).
TEST(Messages, EveryDiagnosticIdHasAHint) {
  static const std::regex id_use(
      R"re((?:(?:\berror|\.warning|\brefusal)\s*\(|\b(?:refuse\s*\(\s*e|make_diagnostic\s*\(\s*[\w:]+)\s*,)\s*"([a-z0-9][a-z0-9\-]*)")re");
  const std::size_t found =
      for_each_use_in_sources(id_use, [](const std::string& file, const std::string& id) {
        const message_entry* e = find_message(id);
        if (e == nullptr) return;  // EveryKeyUsedInTheSourcesIsCatalogued reports it
        EXPECT_FALSE(e->zh_hint.empty() || e->en_hint.empty())
            << file << " reports \"" << id << "\", which has no hint";
      });
  EXPECT_GT(found, 100u);
}

TEST(Messages, AVariantWithoutAHintTakesItsIdsHint) {
  const language_guard zh(language::zh);
  const diagnostic d =
      make_diagnostic(severity::error, "io-error", {"a.toml", 0, 0}, msg("io-error.no-size"));
  EXPECT_EQ(d.hint, tr_hint("io-error"));
  EXPECT_FALSE(d.hint.empty());
}

TEST(Messages, FillsNamedArgumentsAndKeepsUnknownOnes) {
  EXPECT_EQ(fill("合计 {total} 与 {sum} 不符", {{"total", "1.00"}, {"sum", 2}}),
            "合计 1.00 与 2 不符");
  EXPECT_EQ(fill("{missing} {", {}), "{missing} {");
}

TEST(Messages, DiagnosticsSpeakTheCurrentLanguage) {
  {
    const language_guard zh(language::zh);
    diagnostics list;
    list.add({severity::error, "x", {"a.toml", 2, 1}, "message", "what to do"});
    list.add({severity::warning, "y", {"a.toml", 3, 1}, "other"});
    std::ostringstream out;
    print_diagnostics(out, list);
    EXPECT_EQ(out.str(),
              "a.toml:2:1: 错误[x]：message\n  提示：what to do\n"
              "a.toml:3:1: 警告[y]：other\n"
              "发现 1 个错误、1 个警告\n");
  }
  {
    const language_guard en(language::en);
    diagnostics list;
    list.add({severity::error, "x", {"a.toml", 2, 1}, "message", "what to do"});
    list.add({severity::error, "z", {"a.toml", 4, 1}, "again"});
    std::ostringstream out;
    print_diagnostics(out, list);
    EXPECT_EQ(out.str(),
              "a.toml:2:1: error[x]: message\n  hint: what to do\n"
              "a.toml:4:1: error[z]: again\n"
              "found 2 errors\n");
    EXPECT_EQ(summary_line(diagnostics{}), "no problems found");
  }
}

TEST(Messages, LanguageComesFromTheEnvironmentUnlessGiven) {
  language l = language::zh;
  EXPECT_TRUE(parse_language("EN", l));
  EXPECT_EQ(l, language::en);
  EXPECT_TRUE(parse_language("zh", l));
  EXPECT_EQ(l, language::zh);
  EXPECT_FALSE(parse_language("fr", l));
}
