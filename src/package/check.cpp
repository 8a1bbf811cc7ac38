#include "package/check.h"

#include <exception>
#include <memory>
#include <utility>

namespace selfeval::package {

checked_unit check_unit(const std::string& data_path, const renderer& render) {
  return check_unit(read_data(data_path), render);
}

checked_unit check_unit(std::shared_ptr<data_read> read, const renderer& render) {
  loaded_unit loaded = load_unit(std::move(read), render.profiles.get());
  checked_unit out;
  const bool clean = loaded.result.status == unit_status::ok;
  if (render && clean) {
    loaded.data.diagnostics_only = true;  // what build would report, without its bytes
    try {
      (void)render(loaded.data, loaded.result.diags);
      if (loaded.result.diags.has_errors()) loaded.result.status = unit_status::input_errors;
    } catch (const std::exception& e) {
      loaded.result.status = unit_status::io_error;
      loaded.result.error = e.what();
    }
  }
  // Data with errors is still drawn in memory, so a character no font can draw is reported
  // together with the data's own errors (build does the same).
  if (!clean) add_rendering_errors(loaded, render);
  loaded.data.diagnostics_only = false;
  out.result = std::move(loaded.result);
  out.data = std::move(loaded.data);
  return out;
}

}  // namespace selfeval::package
