#include "data/settings.h"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/messages.h"
#include "data/suggest.h"

namespace selfeval::data {
namespace {

namespace fs = std::filesystem;

base::source_loc loc_of(const std::string& file, const toml::source_region& region) {
  return {file, region.begin.line, region.begin.column};
}

template <std::size_t N>
void check_keys(const toml::table& table, const std::array<std::string_view, N>& known,
                const std::string& file, const std::string& where, base::diagnostics& diags) {
  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only close matches
    for (const std::string_view k : known) {
      // A prefix (xiaobiao → xiaobiaosong) counts as close.
      const bool prefix = k.substr(0, name.size()) == name || name.substr(0, k.size()) == k;
      const std::size_t d = prefix ? 1 : edit_distance(name, k);
      if (d < best_distance) {
        best_distance = d;
        best = k;
      }
    }
    std::string names;
    for (const std::string_view k : known) names += (names.empty() ? "" : " ") + std::string(k);
    const std::string suggestion = best.empty()
                                       ? base::tr("unknown-key.fonts-known", {{"names", names}})
                                       : base::tr("unknown-key.fonts-close", {{"name", best}});
    diags.error("unknown-key", loc_of(file, key.source()),
                base::msg("unknown-key.fonts",
                          {{"key", name}, {"where", where}, {"suggestion", suggestion}}));
  }
}

std::optional<toml::table> parse(const std::string& file, base::diagnostics& diags) {
  try {
    return toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    diags.error("toml-syntax", loc_of(file, e.source()),
                base::msg("toml-syntax.fonts", {{"detail", e.description()}}));
    return std::nullopt;
  }
}

constexpr std::array<std::string_view, font_roles.size()> role_keys = [] {
  std::array<std::string_view, font_roles.size()> keys{};
  for (std::size_t i = 0; i < font_roles.size(); ++i) keys[i] = font_roles[i].key;
  return keys;
}();

void read_role(const toml::table& root, const font_role_info& role, const std::string& file,
               const fs::path& base_dir, font_file& out, base::diagnostics& diags) {
  const std::string key(role.key);
  const std::string label = key + " (" + std::string(role.name) + ")";
  const toml::node* node = root.get(key);
  if (node == nullptr) {
    diags.error("font-role-missing", {file, 0, 0}, base::msg{{"role", label}, {"key", key}});
    return;
  }
  const toml::table* table = node->as_table();
  if (table == nullptr) {
    diags.error("wrong-type", loc_of(file, node->source()),
                base::msg("wrong-type.font-role", {{"key", key}}));
    return;
  }
  constexpr std::array<std::string_view, 2> font_keys = {"file", "index"};
  check_keys(*table, font_keys, file, "[" + key + "]", diags);

  const toml::node* file_node = table->get("file");
  out.where = loc_of(file, file_node != nullptr ? file_node->source() : table->source());
  if (file_node == nullptr || !file_node->is_string()) {
    if (file_node == nullptr)
      diags.error("font-file-missing", out.where,
                  base::msg("font-file-missing.no-key", {{"role", label}}));
    else
      diags.error("wrong-type", out.where, base::msg("wrong-type.font-file", {{"role", label}}));
    return;
  }
  const std::string& given = file_node->as_string()->get();
  fs::path path(given);
  if (path.is_relative()) path = base_dir / path;
  out.path = path.lexically_normal().string();

  if (const toml::node* index_node = table->get("index")) {
    const auto* value = index_node->as_integer();
    if (value == nullptr || value->get() < 0 || value->get() > 255) {
      diags.error("wrong-type", loc_of(file, index_node->source()),
                  base::msg("wrong-type.font-index", {{"role", label}}));
    } else {
      out.index = static_cast<int>(value->get());
    }
  }

  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    diags.error("font-file-missing", out.where, base::msg{{"role", label}, {"path", out.path}});
    return;
  }
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool collection = ext == ".ttc" || ext == ".otc";
  if (collection && out.index < 0) {
    out.index = 0;  // the first face, as font tools assume
  } else if (!collection && out.index > 0) {
    diags.error("font-index-invalid", out.where, base::msg{{"path", out.path}});
  }
}

void load_fonts_toml(const std::string& file, settings& out, base::diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    diags.error("config-missing", {file, 0, 0}, base::msg("config-missing.fonts"));
    return;
  }
  const std::optional<toml::table> root = parse(file, diags);
  if (!root) return;
  check_keys(*root, role_keys, file, "fonts.toml", diags);
  const fs::path base_dir = fs::path(file).parent_path();
  for (const font_role_info& role : font_roles) {
    read_role(*root, role, file, base_dir, out.fonts[role.role], diags);
  }
}

}  // namespace

settings load_settings(const std::string& config_dir, base::diagnostics& diags) {
  settings out;
  const fs::path dir(config_dir);
  load_fonts_toml((dir / "fonts.toml").string(), out, diags);
  // layout.toml's two switches moved into the profiles; say so rather than ignore them.
  std::error_code ec;
  if (fs::exists(dir / "layout.toml", ec))
    diags.warning("config-layout-obsolete", {(dir / "layout.toml").string(), 0, 0});
  return out;
}

}  // namespace selfeval::data
