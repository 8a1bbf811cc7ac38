// Program settings read from the config folder: the font map (fonts.toml), the machine's fonts.
// What differs between regions (附件1's shape, the signature wording…) is in the profiles
// (profile/profile.h). Problems are diagnostics at file:line:column, like the data file's.
#pragma once

#include <array>
#include <string>

#include "base/diagnostics.h"
#include "base/source_loc.h"
#include "data/font_roles.h"

namespace selfeval::data {

// One font file for one typographic role. `index` selects the face of a collection (.ttc).
struct font_file {
  std::string path;        // as resolved: relative entries are joined to the config folder
  int index = -1;          // face in a collection; -1 when the file is a single font
  base::source_loc where;  // the `file` entry in fonts.toml, for errors found later (loading)
};

// fonts.toml: every role (data/font_roles.h) must name a file.
struct font_map {
  std::array<font_file, font_roles.size()> files;  // by index_of(role)

  const font_file& operator[](font_role r) const { return files[index_of(r)]; }
  font_file& operator[](font_role r) { return files[index_of(r)]; }
};

struct settings {
  font_map fonts;
};

// Reads `config_dir`/fonts.toml (required). Appends every problem to `diags` (never stops at
// the first); on errors the returned values are partly defaults and must not be used.
settings load_settings(const std::string& config_dir, base::diagnostics& diags);

}  // namespace selfeval::data
