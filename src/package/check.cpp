#include "package/check.h"

#include <exception>

namespace selfeval::package {

checked_unit check_unit(const std::string& data_path, const render_function& render) {
  loaded_unit loaded = load_unit(data_path);
  checked_unit out;
  out.plan = plan_deliverables(loaded.data.model, loaded.data.figures);
  // Rendering runs exactly when `build` would run it: on data without errors.
  if (loaded.result.status == unit_status::ok && render) {
    try {
      (void)render(loaded.data, loaded.result.diags);
      if (loaded.result.diags.has_errors()) loaded.result.status = unit_status::input_errors;
    } catch (const std::exception& e) {
      loaded.result.status = unit_status::io_error;
      loaded.result.error = e.what();
    }
  }
  out.result = std::move(loaded.result);
  out.data = std::move(loaded.data);
  return out;
}

}  // namespace selfeval::package
