// Building packages: check one data file, render its deliverables, write them atomically with a
// manifest; and the same for many files in parallel (one sub-folder per unit).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "package/deliverables.h"
#include "package/writer.h"

namespace selfeval::package {

enum class unit_status { ok, input_errors, io_error };

struct unit_result {
  std::string data_path;
  std::string unit;  // unit.name, when the file could be read
  long long year = 0;
  unit_status status = unit_status::ok;
  base::diagnostics diags;    // errors and warnings of the data file (and its images)
  std::string error;          // the environment failure, for io_error
  std::filesystem::path out;  // the package folder (when written)
  std::size_t files = 0;      // files written, manifest included
  // The deliverables the data supports, and why any is left out.
  std::vector<planned_deliverable> plan;
};

// Loads and checks one data file, its images included, and chooses its profile (none when
// `profiles` is null): the first half of a build. Never throws for problems of the file: they
// are in result.diags / result.error.
struct loaded_unit {
  unit_result result;
  unit_data data;
};
loaded_unit load_unit(const std::string& data_path, const profile_set* profiles = nullptr);

// The half of load_unit that needs no profile: the data file (or workbook) read and checked
// with the default rules. `build` runs it on another thread while the profiles and fonts load;
// load_unit finishes it. Never throws for problems of the file, as load_unit.
struct data_read;
std::shared_ptr<data_read> read_data(const std::string& data_path);
loaded_unit load_unit(std::shared_ptr<data_read> read, const profile_set* profiles);

// read_data started on another thread, for a caller with other work meanwhile (the profiles and
// fonts to load); get() waits for it. Only a regular file is read early (a pipe could keep a run
// that fails meanwhile waiting for it); any other, or without a thread, is read by get().
class early_read {
 public:
  explicit early_read(std::string data_path);
  std::shared_ptr<data_read> get();

 private:
  std::string path_;
  std::future<std::shared_ptr<data_read>> read_;
};

// For a unit whose data has errors but could be read: renders it in memory, diagnostics only
// (unit_data::diagnostics_only: no PDF bytes), to collect the errors rendering finds (glyphs,
// scored forms, report trees), so build, like check, reports every problem at once instead of
// some only after the others are fixed. Writes nothing.
void add_rendering_errors(loaded_unit& unit, const renderer& render);

// Checks signature.signature_image / seal_image (paths relative to the data file): they must
// exist, be readable and decode as PNG within pdf::default_image_limits (pdf/image.h).
// Diagnostics at the key; bytes into unit.images.
void load_images(unit_data& unit, base::diagnostics& diags);

// Renders and writes an already loaded unit (no errors) into `out`, manifest included. When
// rendering finds errors in the data they are added to the result (status input_errors) and
// nothing is written.
void write_unit(loaded_unit& unit, const std::filesystem::path& out, const renderer& render,
                const write_options& options = {});

// check + render + write for one data file into `out` (the package folder itself). Writes
// nothing when the data has errors.
unit_result build_unit(const std::string& data_path, const std::filesystem::path& out,
                       const renderer& render, const write_options& options = {});
// The same for a data file already read (read_data).
unit_result build_unit(std::shared_ptr<data_read> read, const std::filesystem::path& out,
                       const renderer& render, const write_options& options = {});

// The data files of a batch: each argument is a .toml file or a folder whose *.toml files
// (not recursive) are taken, sorted by name. Throws environment_error for a missing path.
std::vector<std::string> collect_data_files(const std::vector<std::string>& arguments);

struct batch_options {
  unsigned jobs = 1;
  write_options write;
  // Called (under a lock, in completion order) when a unit is finished.
  std::function<void(const unit_result&, std::size_t done, std::size_t total)> progress;
};

// Builds every data file into out/<year>-<unit>/ in parallel, going on past failures. Two files
// of the same unit and year: the first (in input order) is built, the later ones fail. Results
// are in input order.
std::vector<unit_result> build_batch(const std::vector<std::string>& data_paths,
                                     const std::filesystem::path& out, const renderer& render,
                                     const batch_options& options);

}  // namespace selfeval::package
