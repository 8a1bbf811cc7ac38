// libFuzzer target: any bytes as a region's profile.toml, through the loader and its checks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "profile/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  selfeval::base::diagnostics diags;
  const selfeval::profile::profile p =
      selfeval::profile::parse_profile(std::move(text), "fuzz-profile", diags);
  selfeval::profile::pattern_values values{"2023", "单位", "项目"};
  for (const auto& d : p.deliverables) (void)selfeval::profile::expand(d.file, values);
  for (const auto& d : diags.sorted()) (void)selfeval::base::format_diagnostic(d);
  return 0;
}
