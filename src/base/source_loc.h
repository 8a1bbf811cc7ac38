// A place in an input file, as editors and compilers print it: "file:line:column".
#pragma once

#include <cstdint>
#include <string>

namespace selfeval::base {

// Line and column start at 1; column counts code points (as toml++ does), 0 means "whole file".
struct source_loc {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  friend bool operator==(const source_loc&, const source_loc&) = default;
};

// "file:line:col", or "file:line" / "file" when the finer parts are unknown.
std::string to_string(const source_loc& loc);

// Orders by file, then line, then column: the order diagnostics are printed in.
bool loc_less(const source_loc& a, const source_loc& b);

}  // namespace selfeval::base
