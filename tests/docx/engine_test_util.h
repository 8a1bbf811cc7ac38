// Helpers for the template engine tests: a minimal .docx around a body, and its parts read back.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "docx/template.h"
#include "docx/zip_package.h"

namespace selfeval::docx::engine_test {

inline constexpr std::string_view declaration =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
inline constexpr std::string_view document_open =
    R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
inline constexpr std::string_view document_close = "</w:body></w:document>";

inline std::string content_types() {
  return std::string(declaration) +
         R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
         R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
         R"(<Default Extension="xml" ContentType="application/xml"/>)"
         R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
         R"(</Types>)";
}

inline std::string root_rels() {
  return std::string(declaration) +
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
         R"(</Relationships>)";
}

// A .docx whose word/document.xml holds `body`, plus any extra parts (name, content).
inline std::string make_docx(std::string_view body,
                             const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  zip_writer w;
  w.add("[Content_Types].xml", content_types());
  w.add("_rels/.rels", root_rels());
  w.add("word/document.xml", std::string(declaration) + std::string(document_open) +
                                 std::string(body) + std::string(document_close));
  for (const auto& [name, content] : extra) w.add(name, content);
  return w.finish();
}

inline std::string read_part(const std::string& docx, std::string_view name) {
  zip_reader r(docx);
  auto i = r.find(name);
  return i ? r.read(*i) : std::string("<missing part>");
}

// The body of word/document.xml, as serialized by the engine.
inline std::string body_of(const std::string& docx) {
  std::string xml = read_part(docx, "word/document.xml");
  auto open = xml.find("<w:body>");
  auto close = xml.rfind("</w:body>");
  if (open == std::string::npos || close == std::string::npos) return "<no body>: " + xml;
  return xml.substr(open + 8, close - open - 8);
}

// Fills a one-part template; the body of the result (empty string when it failed).
inline std::string fill_body(std::string_view body, const record& fields,
                             base::diagnostics& diags) {
  std::string out = fill(make_docx(body), "t.docx", fields, diags);
  return out.empty() ? std::string() : body_of(out);
}

// "ID@LINE:COL" for each diagnostic, sorted: what the error tests compare.
inline std::vector<std::string> ids_at(const base::diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.sorted()) {
    out.push_back(d.id + "@" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column));
  }
  return out;
}

// Shorthands for body XML.
inline std::string p(std::string_view runs) {
  return "<w:p>" + std::string(runs) + "</w:p>";
}
inline std::string r(std::string_view text) {
  return "<w:r><w:t>" + std::string(text) + "</w:t></w:r>";
}

}  // namespace selfeval::docx::engine_test
