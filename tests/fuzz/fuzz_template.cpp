// libFuzzer target for the whole template engine: arbitrary word/document.xml text is filled
// with a fixed set of fields. It must never crash, and whatever it outputs must scan again
// without a bad-xml error (the engine never writes broken XML or leaves its own markup behind).
// fill itself checks every part it writes with expat and throws "internal error" otherwise:
// uncaught here, so the fuzzer reports it.
// Run with the WordprocessingML tokens of fuzz_template.dict:
//   build-fuzz/tests/fuzz/fuzz_template -dict=tests/fuzz/fuzz_template.dict -max_len=2048 CORPUS
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/diagnostics.h"
#include "docx/template.h"
#include "docx/zip_package.h"

namespace {

using selfeval::docx::record;

const record& fields() {
  static const record f{
      {"a", "x < & y "},
      // Characters XML 1.0 cannot hold: an invalid-character error, never a broken part.
      {"c", std::string("a\bb\0c\xEF\xBF\xBE", 8)},
      {"b", true},
      {"n", false},
      {"p", std::vector<std::string>{"one", " two "}},
      {"l", std::vector<record>{{{"a", "1"}, {"b", false}}, {{"c", "2"}}, {}}},
      {"e", std::vector<record>{}},
  };
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  selfeval::docx::zip_writer w(1);
  w.add("word/document.xml", std::string(reinterpret_cast<const char*>(data), size));
  const std::string docx = w.finish();
  selfeval::base::diagnostics diags;
  const std::string out = selfeval::docx::fill(docx, "f.docx", fields(), diags);
  if (out.empty()) {
    if (!diags.has_errors()) std::abort();  // no output only when something was reported
    return 0;
  }
  if (diags.has_errors()) std::abort();
  selfeval::docx::zip_reader r(out);
  const std::string xml = r.read(0);
  if (xml.find("se:") != std::string::npos &&
      std::string(reinterpret_cast<const char*>(data), size).find("se:") == std::string::npos) {
    std::abort();  // engine markup left behind
  }
  selfeval::base::diagnostics again;
  selfeval::docx::scan(out, "f.docx", again);
  for (const auto& d : again.items()) {
    if (d.id == "bad-xml") std::abort();
  }
  return 0;
}
