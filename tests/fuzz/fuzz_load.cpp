// libFuzzer target: any bytes through the loader, the computed figures and the checks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/derive.h"
#include "data/load.h"
#include "data/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  selfeval::data::load_result r = selfeval::data::load_text(std::move(text), "fuzz.toml");
  const selfeval::data::figures f = selfeval::data::derive(r.data);
  selfeval::data::validate(r.data, f, r.diags);
  for (const auto& d : r.diags.sorted()) (void)selfeval::base::format_diagnostic(d);
  return 0;
}
