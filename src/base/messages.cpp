#include "base/messages.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <unordered_map>

namespace selfeval::base {

namespace {

std::atomic<language> current{language::zh};

// The catalogue, one file per layer. Each file is a list of message_entry initialisers. In the
// order of the layers, not sorted (clang-format would sort the includes).
// clang-format off
const message_entry entries[] = {
#include "base/catalogue/base.inc"
#include "base/catalogue/cli.inc"
#include "base/catalogue/data.inc"
#include "base/catalogue/docx.inc"
#include "base/catalogue/forms.inc"
#include "base/catalogue/layout.inc"
#include "base/catalogue/package.inc"
#include "base/catalogue/pdf.inc"
#include "base/catalogue/profile.inc"
#include "base/catalogue/reports.inc"
#include "base/catalogue/workbook.inc"
};
// clang-format on

const std::unordered_map<std::string_view, const message_entry*>& index() {
  static const auto map = [] {
    std::unordered_map<std::string_view, const message_entry*> m;
    for (const message_entry& e : entries) m.emplace(e.key, &e);  // first entry wins
    return m;
  }();
  return map;
}

bool starts_with_english(const char* value) {
  return (value[0] == 'e' || value[0] == 'E') && (value[1] == 'n' || value[1] == 'N') &&
         (value[2] == '\0' || value[2] == '_' || value[2] == '-' || value[2] == '.');
}

}  // namespace

void set_language(language lang) {
  current.store(lang);
}

language current_language() {
  return current.load();
}

language language_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    return starts_with_english(value) ? language::en : language::zh;
  }
  return language::zh;
}

bool parse_language(std::string_view text, language& out) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower == "zh" || lower == "zh-cn" || lower == "zh_cn" || lower == "cn") {
    out = language::zh;
    return true;
  }
  if (lower == "en") {
    out = language::en;
    return true;
  }
  return false;
}

const std::vector<message_entry>& catalogue() {
  static const std::vector<message_entry> all(std::begin(entries), std::end(entries));
  return all;
}

const message_entry* find_message(std::string_view key) {
  const auto& map = index();
  const auto it = map.find(key);
  return it == map.end() ? nullptr : it->second;
}

std::string fill(std::string_view text, const args& values) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, close - i - 1);
        const auto it = std::find_if(values.begin(), values.end(),
                                     [&](const arg& a) { return a.name == name; });
        if (it != values.end()) {
          out += it->value;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string tr(std::string_view key, const args& values) {
  const message_entry* e = find_message(key);
  if (e == nullptr) {
    std::string out(key);
    for (const arg& a : values) {
      out += ' ';
      out += a.name;
      out += '=';
      out += a.value;
    }
    return out;
  }
  return fill(current_language() == language::zh ? e->zh : e->en, values);
}

std::string tr_hint(std::string_view key, const args& values) {
  const message_entry* e = find_message(key);
  if (e == nullptr) return {};
  return fill(current_language() == language::zh ? e->zh_hint : e->en_hint, values);
}

}  // namespace selfeval::base
