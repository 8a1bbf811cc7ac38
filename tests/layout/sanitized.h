// Whether the tests run under AddressSanitizer (CI runs every test again under it, at -O0):
// the property tests then draw fewer cases, so that they stay within a few seconds.
#pragma once

namespace selfeval::layout::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif
#else
inline constexpr bool sanitized = false;
#endif

}  // namespace selfeval::layout::testing
