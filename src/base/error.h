// The one exception type, for failures of the environment (I/O, fonts, libharu, zip),
// never for problems in the user's data: those are diagnostics.
#pragma once

#include <stdexcept>
#include <string>

namespace selfeval::base {

class environment_error : public std::runtime_error {
 public:
  explicit environment_error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace selfeval::base
