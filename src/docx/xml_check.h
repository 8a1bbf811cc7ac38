// Strict XML 1.0 well-formedness (expat), for every XML part of a template and of a filled .docx.
// pugixml, which the engine edits with, is lenient: it accepts `&#1;`, `&#8;` and an undefined
// entity, which Word and expat refuse. The only file that includes expat.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace selfeval::docx {

struct xml_problem {
  std::size_t offset = 0;  // byte offset in the part where the problem was found
  std::string message;
};

// Nothing when `xml` is well-formed UTF-8 XML 1.0 (every character an XML Char), has no DOCTYPE
// (Word parts never have one; it would let entity expansion in) and nests elements at most
// `max_depth` deep. Linear in the size of the part; never recursive.
inline constexpr std::size_t unlimited_depth = static_cast<std::size_t>(-1);
std::optional<xml_problem> check_xml(std::string_view xml, std::size_t max_depth);

// check_xml, remembering (per process, bounded) the texts that passed: a template filled for every
// unit of a batch has its parts checked once, not at every fill (Word's styles.xml alone is some
// 350 KB of expat work). A text is known only by its exact bytes, never by a hash alone.
std::optional<xml_problem> check_xml_once(std::string_view xml, std::size_t max_depth);

// The first character of `text` that XML 1.0 cannot hold (a control character other than tab,
// line feed and carriage return, U+FFFE, U+FFFF, a surrogate, or a byte that is not UTF-8):
// its byte offset and code point (the byte's value for bad UTF-8).
struct bad_char {
  std::size_t offset = 0;
  char32_t code = 0;
};
std::optional<bad_char> first_non_xml_char(std::string_view text);

}  // namespace selfeval::docx
