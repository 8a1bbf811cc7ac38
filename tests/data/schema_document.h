// A data file written from the schema: every key with its example value, so tests can walk the
// whole vocabulary (the loader accepts it, diff sees each key change, …) without a list of their
// own that could fall behind the schema.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "data/schema.h"

namespace selfeval::data::testing {

// A TOML table being written: its values, then its sub-tables and arrays of one table each.
struct toml_writer_node {
  bool array = false;
  std::vector<std::pair<std::string, std::string>> values;  // key, TOML literal
  std::vector<std::pair<std::string, toml_writer_node>> tables;

  toml_writer_node& table(const std::string& name, bool is_array) {
    for (auto& [n, t] : tables)
      if (n == name) return t;
    tables.emplace_back(name, toml_writer_node{});
    tables.back().second.array = is_array;
    return tables.back().second;
  }

  // `path` as in the schema ("projects[].items[].name").
  void put(const std::string& path, const std::string& literal) {
    toml_writer_node* at = this;
    std::size_t from = 0;
    for (std::size_t dot; (dot = path.find('.', from)) != std::string::npos; from = dot + 1) {
      std::string segment = path.substr(from, dot - from);
      const bool is_array = segment.ends_with("[]");
      if (is_array) segment.resize(segment.size() - 2);
      at = &at->table(segment, is_array);
    }
    std::string leaf = path.substr(from);
    if (leaf.ends_with("[]")) leaf.resize(leaf.size() - 2);
    at->values.emplace_back(leaf, literal);
  }

  void write(std::string& out, const std::string& header) const {
    for (const auto& [k, v] : values) out += k + " = " + v + "\n";
    for (const auto& [name, t] : tables) {
      const std::string h = header.empty() ? name : header + "." + name;
      out += t.array ? "\n[[" + h + "]]\n" : "\n[" + h + "]\n";
      t.write(out, h);
    }
  }
};

inline bool at_or_below(const std::string& path, const std::string& prefix) {
  return path == prefix ||
         (path.starts_with(prefix) && (path[prefix.size()] == '.' || path[prefix.size()] == '['));
}

// Every value key with its example, except the keys at or below a path in `omit`; a path in
// `replace` gets that literal instead (a table's path: the literal replaces the whole table).
// One report section of each report gets a part, so `parts` is walked too.
inline std::string schema_document(const std::map<std::string, std::string>& replace = {},
                                   const std::set<std::string>& omit = {}) {
  toml_writer_node root;
  std::vector<std::string> replaced_tables;
  for (const schema::key& k : schema::keys()) {
    bool skip = false;
    for (const std::string& o : omit) skip = skip || at_or_below(k.path, o);
    for (const std::string& t : replaced_tables) skip = skip || at_or_below(k.path, t);
    if (skip) continue;
    if (const auto it = replace.find(k.path); it != replace.end()) {
      std::string path = k.path;
      if (path.ends_with("[]")) path.resize(path.size() - 2);
      root.put(path, it->second);
      if (!schema::is_value(k)) replaced_tables.push_back(k.path);
      continue;
    }
    if (schema::is_value(k)) root.put(k.path, std::string(k.example));
    if (k.path.ends_with("sections[].parts") && !omit.contains(k.path))
      root.put(k.path + "[].title", "\"小节\"");
  }
  std::string out;
  root.write(out, "");
  return out;
}

}  // namespace selfeval::data::testing
