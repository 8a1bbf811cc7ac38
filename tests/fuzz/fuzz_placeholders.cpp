// libFuzzer target for the placeholder lexer: arbitrary paragraph pieces in; the invariants
// every caller relies on (ordered, non-overlapping tags that map back to the pieces) checked.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "docx/placeholder_lexer.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // '\x01' separates the pieces (w:t texts) of one paragraph.
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || input[i] == '\x01') {
      pieces.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  const auto res = selfeval::docx::lex_placeholders(pieces);

  std::string joined;
  for (auto p : pieces) joined.append(p);
  check(res.joined == joined);

  auto text_at = [&](selfeval::docx::piece_pos pos) -> char {
    check(pos.piece < pieces.size());
    check(pos.offset < pieces[pos.piece].size());
    return pieces[pos.piece][pos.offset];
  };
  std::size_t previous_end = 0;
  for (const auto& tag : res.tags) {
    check(tag.begin >= previous_end);
    check(tag.begin + 4 <= tag.end && tag.end <= joined.size());
    check(joined.compare(tag.begin, 2, "{{") == 0);
    check(joined.compare(tag.end - 2, 2, "}}") == 0);
    check(!tag.name.empty());
    check(tag.name.find_first_of(" \t{}") == std::string::npos);
    check(joined.substr(tag.begin, tag.end - tag.begin).find(tag.name) != std::string::npos);
    check(text_at(tag.first) == '{');
    check(text_at(tag.last) == '}');
    // Piece positions agree with joined offsets.
    std::size_t before = 0;
    for (std::size_t i = 0; i < tag.first.piece; ++i) before += pieces[i].size();
    check(before + tag.first.offset == tag.begin);
    before = 0;
    for (std::size_t i = 0; i < tag.last.piece; ++i) before += pieces[i].size();
    check(before + tag.last.offset == tag.end - 1);
    check(!tag.alone || res.tags.size() == 1);
    previous_end = tag.end;
  }
  for (const auto& problem : res.problems) {
    check(problem.begin < joined.size());
    check(selfeval::base::find_message(problem.what.key) != nullptr);
    text_at(problem.at);
  }
  return 0;
}
