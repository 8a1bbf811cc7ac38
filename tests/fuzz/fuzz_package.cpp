// libFuzzer target for the zip layer of the template engine: arbitrary bytes as a .docx
// template through docx::scan and docx::fill (limits, entry names, declared sizes, every XML
// part through expat). Invariants: no crash; the only exception is "not a zip"
// (environment_error from zip_reader); a fill that succeeds reported no error and gives a zip
// whose parts read back.
// Seeds: docx-templates/ and tests/fixtures/hostile/templates/.
//   build-fuzz/tests/fuzz/fuzz_package -max_len=65536 CORPUS SEEDS
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "base/error.h"
#include "docx/template.h"
#include "docx/zip_package.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace docx = selfeval::docx;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Small limits: a fuzzer-made bomb is refused in microseconds.
  docx::template_limits limits;
  limits.max_unpacked_bytes = 4 << 20;
  limits.max_xml_part_bytes = 1 << 20;
  limits.ratio_applies_above = 64 << 10;
  try {
    selfeval::base::diagnostics scanned;
    docx::scan(bytes, "f.docx", scanned, limits);
    selfeval::base::diagnostics diags;
    const docx::record fields{{"unit", "x"}, {"body", std::vector<docx::record>{{{"p", true}}}}};
    const std::string out = docx::fill(bytes, "f.docx", fields, diags, limits);
    if (out.empty()) return 0;
    if (diags.has_errors()) std::abort();
    docx::zip_reader again(out);
    for (std::size_t i = 0; i < again.size(); ++i) again.read(i);
  } catch (const selfeval::base::environment_error& e) {
    const std::string what = e.what();
    if (what.starts_with("internal error")) std::abort();  // the engine wrote a broken part
  }
  return 0;
}
