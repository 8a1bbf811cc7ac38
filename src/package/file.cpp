#include "package/file.h"

#include <cstdint>
#include <set>

#include "base/sha256.h"
#include "base/utf8.h"

namespace selfeval::package {

namespace {

bool unsafe_code_point(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return true;       // C0 controls, DEL
  if (cp >= 0x80 && cp <= 0x9F) return true;      // C1 controls
  if (cp == 0x2028 || cp == 0x2029) return true;  // line/paragraph separators
  if (cp >= 0x200B && cp <= 0x200F) return true;  // zero-width and direction marks
  if (cp >= 0x202A && cp <= 0x202E) return true;  // bidi embeddings: can disguise ".pdf"
  if (cp >= 0x2066 && cp <= 0x2069) return true;  // bidi isolates
  if (cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF)) return true;
  if (cp >= 0xD800 && cp <= 0xDFFF) return true;
  switch (cp) {
    case '/':
    case '\\':
    case ':':
    case '*':
    case '?':
    case '"':
    case '<':
    case '>':
    case '|':
      return true;
    default:
      return false;
  }
}

bool trimmable(char32_t cp) {
  return cp == ' ' || cp == '.' || cp == 0x3000;
}

// Where the extension (".pdf", ".docx") starts: the last '.' followed by 1 to 8 ASCII letters or
// digits; cps.size() when there is none.
std::size_t extension_start(const std::vector<char32_t>& cps, std::size_t begin, std::size_t end) {
  for (std::size_t i = end, length = 0; i > begin; --i, ++length) {
    const char32_t cp = cps[i - 1];
    if (cp == '.') return length >= 1 && length <= 8 && i - 1 > begin ? i - 1 : end;
    const bool alnum =
        (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (!alnum || length >= 8) return end;
  }
  return end;
}

// Appends cps[from, to) to `out` while it stays within `max_bytes`; stops before a code point that
// does not fit whole, so the cut never splits a character.
void append_within(std::string& out, const std::vector<char32_t>& cps, std::size_t from,
                   std::size_t to, std::size_t max_bytes) {
  for (std::size_t i = from; i < to; ++i) {
    std::string piece = base::encode_utf8(cps[i]);
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
  }
}

}  // namespace

std::string safe_file_name(std::string_view text, std::size_t max_bytes) {
  // Invalid bytes are replaced one at a time so the valid rest of the name survives.
  std::vector<char32_t> cps;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto bad = base::find_invalid_utf8(text.substr(pos));
    const std::size_t good_end = bad ? pos + *bad : text.size();
    for (char32_t cp : base::decode_utf8(text.substr(pos, good_end - pos))) cps.push_back(cp);
    if (!bad) break;
    cps.push_back('_');
    pos = good_end + 1;
  }
  for (char32_t& cp : cps) {
    if (unsafe_code_point(cp)) cp = '_';
  }
  std::size_t begin = 0, end = cps.size();
  while (begin < end && trimmable(cps[begin])) ++begin;
  while (end > begin && trimmable(cps[end - 1])) --end;
  std::string out;
  append_within(out, cps, begin, end, SIZE_MAX);
  if (out.size() > max_bytes) {
    // Too long: the stem is cut and marked "…" plus a short hash of the whole text, so two long
    // names that differ only after the cut stay different, and the extension is kept.
    const std::size_t ext = extension_start(cps, begin, end);
    std::string tail = "…" + base::sha256_hex(text).substr(0, 8);
    for (std::size_t i = ext; i < end; ++i) tail += static_cast<char>(cps[i]);
    out.clear();
    if (tail.size() + 1 <= max_bytes) {
      append_within(out, cps, begin, ext, max_bytes - tail.size());
      while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
      out += tail;
    } else {
      append_within(out, cps, begin, end, max_bytes);  // no room for a mark: a plain cut
    }
  }
  // Cutting may leave a trailing dot or space again.
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  if (out.empty()) out = "_";
  return out;
}

bool is_safe_file_name(std::string_view name) {
  return !name.empty() && name.size() <= max_file_name_bytes &&
         safe_file_name(name, name.size()) == name;
}

void make_names_unique(std::vector<file>& files) {
  std::set<std::string> seen;
  for (file& f : files) {
    if (seen.insert(f.name).second) continue;
    const auto dot = f.name.rfind('.');
    const std::string stem = dot == std::string::npos ? f.name : f.name.substr(0, dot);
    const std::string ext = dot == std::string::npos ? "" : f.name.substr(dot);
    for (int n = 2;; ++n) {
      std::string candidate = stem + "（" + std::to_string(n) + "）" + ext;
      if (seen.insert(candidate).second) {
        f.name = std::move(candidate);
        break;
      }
    }
  }
}

std::string unit_folder_name(long long year, std::string_view unit_name) {
  return safe_file_name(std::to_string(year) + "-" + std::string(unit_name));
}

std::string table1_file_name() {
  return "附件1-部门整体支出绩效评价基础数据表.pdf";
}
std::string table2_file_name() {
  return "附件2-部门整体支出绩效自评表.pdf";
}
std::string table3_file_name(const std::string& project_name) {
  return safe_file_name("附件3-项目支出绩效自评表-" + project_name + ".pdf");
}

}  // namespace selfeval::package
