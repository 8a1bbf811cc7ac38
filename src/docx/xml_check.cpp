#include "docx/xml_check.h"

#include <expat.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "base/messages.h"
#include "base/utf8.h"

namespace selfeval::docx {

namespace {

struct parse_state {
  XML_Parser parser = nullptr;
  std::size_t depth = 0;
  std::size_t max_depth = 0;
  std::optional<xml_problem> stopped;  // a problem found by a handler, not by expat

  void stop(std::string message) {
    if (stopped) return;
    stopped = xml_problem{
        static_cast<std::size_t>(std::max<XML_Index>(0, XML_GetCurrentByteIndex(parser))),
        std::move(message)};
    XML_StopParser(parser, XML_FALSE);
  }
};

void XMLCALL on_start(void* user, const XML_Char* /*name*/, const XML_Char** /*attrs*/) {
  auto* s = static_cast<parse_state*>(user);
  if (++s->depth > s->max_depth) {
    s->stop(base::tr("docx.xml.too-deep", {{"depth", s->max_depth}}));
  }
}

void XMLCALL on_end(void* user, const XML_Char* /*name*/) {
  --static_cast<parse_state*>(user)->depth;
}

void XMLCALL on_doctype(void* user, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                        const XML_Char* /*pubid*/, int /*has_internal_subset*/) {
  static_cast<parse_state*>(user)->stop(base::tr("docx.xml.doctype"));
}

struct parser_deleter {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

bool is_xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace

std::optional<xml_problem> check_xml(std::string_view xml, std::size_t max_depth) {
  // "UTF-8" overrides the declared encoding: Word parts are UTF-8, and so are ours.
  std::unique_ptr<XML_ParserStruct, parser_deleter> parser(XML_ParserCreate("UTF-8"));
  if (!parser) return xml_problem{0, base::tr("docx.xml.out-of-memory")};
  parse_state state;
  state.parser = parser.get();
  state.max_depth = max_depth;
  XML_SetUserData(parser.get(), &state);
  // Without a depth to hold, expat needs no element callbacks (faster on a 40 MB part).
  if (max_depth != unlimited_depth) XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  // Fed in pieces: XML_Parse takes an int length.
  constexpr std::size_t piece = std::size_t{1} << 20;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(piece, xml.size() - at);
    const bool last = at + n == xml.size();
    if (XML_Parse(parser.get(), xml.data() + at, static_cast<int>(n), last ? 1 : 0) !=
        XML_STATUS_OK) {
      if (state.stopped) return state.stopped;
      return xml_problem{
          static_cast<std::size_t>(std::max<XML_Index>(0, XML_GetCurrentByteIndex(parser.get()))),
          XML_ErrorString(XML_GetErrorCode(parser.get()))};
    }
    at += n;
  } while (at < xml.size());
  return state.stopped;
}

namespace {

// The texts that passed check_xml, by hash of (text, depth); at most max_bytes in all (then
// forgotten and learnt again), so a long batch with ever new templates stays bounded.
class passed_texts {
 public:
  bool contains(std::string_view xml, std::size_t depth) {
    const std::lock_guard guard(lock_);
    const auto it = by_key_.find(key(xml, depth));
    if (it == by_key_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const entry& e) { return e.depth == depth && e.text == xml; });
  }
  void add(std::string_view xml, std::size_t depth) {
    if (xml.size() > max_bytes / 4) return;
    const std::lock_guard guard(lock_);
    if (bytes_ + xml.size() > max_bytes) {
      by_key_.clear();
      bytes_ = 0;
    }
    by_key_[key(xml, depth)].push_back({std::string(xml), depth});
    bytes_ += xml.size();
  }

 private:
  static constexpr std::size_t max_bytes = std::size_t{32} << 20;
  struct entry {
    std::string text;
    std::size_t depth = 0;
  };
  static std::size_t key(std::string_view xml, std::size_t depth) {
    return std::hash<std::string_view>{}(xml) ^ (depth * 0x9E3779B97F4A7C15ULL);
  }
  std::mutex lock_;
  std::unordered_map<std::size_t, std::vector<entry>> by_key_;
  std::size_t bytes_ = 0;
};

}  // namespace

std::optional<xml_problem> check_xml_once(std::string_view xml, std::size_t max_depth) {
  static passed_texts passed;
  if (passed.contains(xml, max_depth)) return std::nullopt;
  auto problem = check_xml(xml, max_depth);
  if (!problem) passed.add(xml, max_depth);
  return problem;
}

std::optional<bad_char> first_non_xml_char(std::string_view text) {
  if (const auto bad = base::find_invalid_utf8(text)) {
    return bad_char{*bad, static_cast<unsigned char>(text[*bad])};
  }
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = len == 1 ? lead : len == 2 ? lead & 0x1Fu : len == 3 ? lead & 0x0Fu : lead & 0x07u;
    for (std::size_t k = 1; k < len; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    if (!is_xml_char(c)) return bad_char{i, c};
    i += len;
  }
  return std::nullopt;
}

}  // namespace selfeval::docx
