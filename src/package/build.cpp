#include "package/build.h"

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <system_error>
#include <utility>

#include "base/error.h"
#include "base/messages.h"
#include "base/parallel.h"
#include "base/read_file.h"
#include "data/load.h"
#include "data/validate.h"
#include "package/manifest.h"
#include "pdf/image.h"
#include "workbook/workbook.h"

namespace selfeval::package {

namespace fs = std::filesystem;

namespace {

void load_image(const data::text& key, const char* toml_key, const char* name,
                const fs::path& base_dir, unit_data& unit, base::diagnostics& diags) {
  if (!key.given || key.value.empty()) return;
  const fs::path path = base_dir / key.value;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    diags.error("image-not-found", key.loc,
                base::msg{{"key", toml_key}, {"value", key.value}, {"path", path.string()}});
    return;
  }
  if (!fs::is_regular_file(status)) {
    diags.error("image-unreadable", key.loc,
                base::msg("image-unreadable.not-file", {{"key", toml_key}, {"value", key.value}}));
    return;
  }
  const pdf::image_limits& limits = pdf::default_image_limits;
  // One byte past the limit is enough to tell that the file is too large.
  auto bytes = base::read_file_up_to(path, limits.max_bytes);
  if (!bytes) {
    diags.error("image-unreadable", key.loc, base::msg{{"key", toml_key}, {"value", key.value}});
    return;
  }
  // Decoded here, when the unit is loaded: a bad image is this unit's error, before any
  // rendering, and never reaches libharu.
  auto checked = pdf::validate_image(*bytes, limits);
  if (const auto* problem = std::get_if<pdf::image_problem>(&checked)) {
    // The problem's text comes from the catalogue (pdf/image.cpp); the key and file go first.
    diags.add({base::severity::error, problem->id, key.loc,
               base::tr("package.image-problem",
                        {{"key", toml_key}, {"value", key.value}, {"problem", problem->message}}),
               problem->hint});
    return;
  }
  unit.images[name] = std::move(*bytes);
}

// A refused output folder is reported as diagnostics at the files concerned.
void record_failure(unit_result& r, const std::exception& e) {
  r.status = unit_status::io_error;
  if (const auto* refused = dynamic_cast<const output_refused*>(&e)) {
    for (const base::diagnostic& d : refused->problems()) r.diags.add(d);
  } else {
    r.error = e.what();
  }
}

}  // namespace

void load_images(unit_data& unit, base::diagnostics& diags) {
  const fs::path base_dir = fs::path(unit.path).parent_path();
  load_image(unit.model.signature.signature_image, "signature.signature_image",
             signature_image_name, base_dir, unit, diags);
  load_image(unit.model.signature.seal_image, "signature.seal_image", seal_image_name, base_dir,
             unit, diags);
}

struct data_read {
  loaded_unit u;
  bool done = false;  // nothing more to load: unreadable, or a workbook with errors
  bool is_book = false;
  workbook::workbook_file book;
  base::diagnostics book_diags;  // the workbook's own warnings
  bool parsed = false;
};

std::shared_ptr<data_read> read_data(const std::string& data_path) {
  auto r = std::make_shared<data_read>();
  loaded_unit& u = r->u;
  u.result.data_path = data_path;
  u.data.path = data_path;
  // A workbook (the Excel route) is read as the data file it stands for; its problems, and
  // those the checks find, are located at its cells.
  r->is_book = workbook::is_workbook_path(data_path);
  std::optional<std::string> bytes;
  if (r->is_book) {
    r->book = workbook::read_workbook_file(data_path, u.result.diags);
    if (!r->book.unreadable) bytes = std::move(r->book.bytes);
  } else {
    bytes = base::read_file_up_to(data_path, data::max_file_bytes);
  }
  if (!bytes) {
    u.result.status = unit_status::io_error;
    u.result.error = base::tr("package.cannot-read", {{"file", data_path}});
    r->done = true;
    return r;
  }
  u.data.bytes = std::move(*bytes);
  if (u.result.diags.has_errors()) {
    u.result.status = unit_status::input_errors;
    r->done = true;
    return r;
  }
  r->book_diags = u.result.diags;
  const std::string& source = r->is_book ? r->book.book.toml.text : u.data.bytes;
  data::check_result checked = data::check_text(source, data_path);
  if (checked.io_failed) {
    u.result.status = unit_status::io_error;
    u.result.error = base::tr("package.cannot-read", {{"file", data_path}});
  }
  u.data.model = std::move(checked.data);
  u.data.figures = std::move(checked.computed);
  u.result.diags = std::move(checked.diags);
  r->parsed = checked.parsed;
  return r;
}

loaded_unit load_unit(std::shared_ptr<data_read> read, const profile_set* profiles) {
  loaded_unit& u = read->u;
  if (read->done) return std::move(u);
  const std::string& data_path = u.data.path;
  const std::string& source = read->is_book ? read->book.book.toml.text : u.data.bytes;
  if (profiles != nullptr && read->parsed) {
    base::diagnostics profile_diags;
    u.data.profile = profiles->choose(u.data.model, profile_diags);
    // The data names its profile, so the figures and checks are first made by the provincial
    // rules; a profile with other weights, grade bands or thresholds has them made again.
    if (u.data.profile && !(u.data.profile->indicators.rules == data::default_rules())) {
      data::check_result checked =
          data::check_text(source, data_path, u.data.profile->indicators.rules);
      u.data.model = std::move(checked.data);
      u.data.figures = std::move(checked.computed);
      u.result.diags = std::move(checked.diags);
    }
    for (const base::diagnostic& d : profile_diags.items()) u.result.diags.add(d);
    if (u.data.profile)
      u.result.plan = plan_deliverables(*u.data.profile, u.data.model, u.data.figures);
  }
  u.result.unit = u.data.model.unit.name.value;
  u.result.year = u.data.model.year.value;
  load_images(u.data, u.result.diags);
  if (read->is_book) {
    workbook::workbook_file& book = read->book;
    for (const base::diagnostic& d : read->book_diags.items()) u.result.diags.add(d);
    workbook::check_figures(book.book, u.data.model, u.data.figures, data_path, u.result.diags,
                            u.data.profile.get());
    workbook::relocate(u.result.diags, book.book.toml, data_path);
    u.data.toml_text = book.book.toml.text;  // where place_of finds a character typed in a cell
    u.data.relocate =
        [toml = std::make_shared<const workbook::toml_text>(std::move(book.book.toml)),
         data_path](base::diagnostics& diags) { workbook::relocate(diags, *toml, data_path); };
  }
  if (u.result.status == unit_status::ok && u.result.diags.has_errors()) {
    u.result.status = unit_status::input_errors;
  }
  return std::move(u);
}

loaded_unit load_unit(const std::string& data_path, const profile_set* profiles) {
  return load_unit(read_data(data_path), profiles);
}

early_read::early_read(std::string data_path) : path_(std::move(data_path)) {
  std::error_code ec;
  if (!fs::is_regular_file(path_, ec)) return;
  try {
    read_ = std::async(std::launch::async, read_data, path_);
  } catch (const std::system_error&) {  // no thread: get() reads it
  }
}

std::shared_ptr<data_read> early_read::get() {
  return read_.valid() ? read_.get() : read_data(path_);
}

void add_rendering_errors(loaded_unit& unit, const renderer& render) {
  const bool readable = unit.data.model.source != nullptr && unit.data.profile != nullptr;
  if (!render || !readable || unit.result.status != unit_status::input_errors) return;
  // Nothing is written for data with errors: the diagnostics without the bytes.
  const bool diagnostics_only = std::exchange(unit.data.diagnostics_only, true);
  try {
    (void)render(unit.data, unit.result.diags);
  } catch (const std::exception&) {
    // A failure to render data with errors follows from them; the errors are reported.
  }
  unit.data.diagnostics_only = diagnostics_only;
}

namespace {

// The files of a unit's package, manifest included and sorted; nullopt (status input_errors)
// when rendering found errors in the data.
std::optional<std::vector<file>> package_files(loaded_unit& unit, const renderer& render) {
  std::vector<file> files = render(unit.data, unit.result.diags);
  if (unit.result.diags.has_errors()) {
    unit.result.status = unit_status::input_errors;
    return std::nullopt;
  }
  files.erase(std::remove_if(files.begin(), files.end(),
                             [](const file& f) { return f.name == manifest_name; }),
              files.end());
  make_names_unique(files);
  const std::string data_name = safe_file_name(fs::path(unit.data.path).filename().string());
  const manifest m =
      make_manifest(unit.data.model, data_name, unit.data.bytes, files, unit.data.profile.get());
  files.push_back({manifest_name, to_json(m)});
  std::sort(files.begin(), files.end(),
            [](const file& a, const file& b) { return a.name < b.name; });
  return files;
}

}  // namespace

void write_unit(loaded_unit& unit, const fs::path& out, const renderer& render,
                const write_options& options) {
  unit.data.xlsx_tables = options.xlsx_tables;
  const auto files = package_files(unit, render);
  if (!files) return;
  write_options with_inputs = options;
  with_inputs.inputs.push_back(unit.data.path);  // never replace the folder holding the data
  write_package(out, *files, with_inputs);
  unit.result.out = out;
  unit.result.files = files->size();
}

unit_result build_unit(const std::string& data_path, const fs::path& out, const renderer& render,
                       const write_options& options) {
  return build_unit(read_data(data_path), out, render, options);
}

unit_result build_unit(std::shared_ptr<data_read> read, const fs::path& out, const renderer& render,
                       const write_options& options) {
  loaded_unit u = load_unit(std::move(read), render.profiles.get());
  add_rendering_errors(u, render);
  if (u.result.status != unit_status::ok) return std::move(u.result);
  try {
    write_unit(u, out, render, options);  // sets input_errors when rendering finds some
  } catch (const std::exception& e) {
    record_failure(u.result, e);
  }
  return std::move(u.result);
}

std::vector<std::string> collect_data_files(const std::vector<std::string>& arguments) {
  std::vector<std::string> files;
  for (const std::string& arg : arguments) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(arg, ec)) {
        if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) {
          found.push_back(entry.path().string());
        }
      }
      if (ec)
        throw base::environment_error(
            base::tr("package.cannot-list", {{"path", arg}, {"why", ec.message()}}));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(arg, ec)) {
      files.push_back(arg);
    } else {
      throw base::environment_error(base::tr("package.no-such-path", {{"path", arg}}));
    }
  }
  return files;
}

std::vector<unit_result> build_batch(const std::vector<std::string>& data_paths,
                                     const fs::path& out, const renderer& render,
                                     const batch_options& options) {
  const std::size_t n = data_paths.size();
  std::vector<unit_result> results(n);
  std::mutex lock;
  std::size_t done = 0;
  auto finished = [&](const unit_result& r) {
    std::lock_guard guard(lock);
    ++done;
    if (options.progress) options.progress(r, done, n);
  };

  // Package folders are given out in input order: a unit's folder is decided once every earlier
  // unit has been loaded and has published its folder name (empty when it has errors), so the
  // first file of a unit and year wins whatever the workers' timing. Only these names are kept
  // for the whole batch; each unit's data is freed as soon as it is written.
  std::mutex names_lock;
  std::condition_variable names_ready;
  std::vector<std::optional<std::string>> folder_of(n);
  std::size_t named = 0;  // folder_of[0, named) are all published
  std::map<std::string, std::size_t> owner;

  // Each package is staged complete beside its place without an fsync per file; one syncfs
  // then makes them all durable before any is renamed into place (thousands of fsyncs would
  // cost more than the rendering).
  std::error_code ec;
  fs::create_directories(out, ec);
  std::vector<std::optional<staged_package>> staged(n);
  write_options stage_options = options.write;
  stage_options.sync = false;
  stage_options.clean_leftovers = false;
  if (!ec) recover_all_leftovers(out);

  base::for_each_index(n, options.jobs, [&](std::size_t i) {
    loaded_unit u;
    try {
      u = load_unit(data_paths[i], render.profiles.get());
    } catch (const std::exception& e) {
      // The unit must still publish its (empty) name below, or later units would wait forever.
      u.result.data_path = data_paths[i];
      u.result.status = unit_status::io_error;
      u.result.error = e.what();
    }
    unit_result& r = u.result;
    {
      std::unique_lock guard(names_lock);
      folder_of[i] = r.status == unit_status::ok ? unit_folder_name(r.year, r.unit) : "";
      for (; named < n && folder_of[named]; ++named) {
        if (!folder_of[named]->empty()) owner.emplace(*folder_of[named], named);
      }
      names_ready.notify_all();
      // Indices are handed out in order, so every earlier unit is being loaded by a worker
      // that publishes its name before it waits: this wait always ends.
      names_ready.wait(guard, [&] { return named > i; });
      if (r.status == unit_status::ok) {
        const std::size_t first = owner.at(*folder_of[i]);
        if (first == i) {
          r.out = out / *folder_of[i];
        } else {
          r.status = unit_status::input_errors;
          r.diags.error(
              "duplicate-unit", u.data.model.unit.name.loc,
              base::msg{{"unit", r.unit}, {"year", r.year}, {"other", data_paths[first]}});
        }
      }
    }
    add_rendering_errors(u, render);
    if (r.status == unit_status::ok) {
      try {
        if (ec) {
          throw base::environment_error(
              base::tr("package.cannot-create", {{"path", out.string()}, {"why", ec.message()}}));
        }
        u.data.xlsx_tables = options.write.xlsx_tables;
        if (const auto files = package_files(u, render)) {
          write_options unit_options = stage_options;
          unit_options.inputs.push_back(u.data.path);  // never replace a folder holding it
          staged[i] = stage_package(r.out, *files, unit_options);
          r.files = files->size();
        }
      } catch (const std::exception& e) {
        // One unit's failure (even an unexpected one) must not end the other units' builds.
        record_failure(r, e);
      }
      if (r.status != unit_status::ok) r.out.clear();
    }
    results[i] = std::move(r);
    finished(results[i]);
  });  // the unit's data and files are freed here, before the worker takes the next unit

  bool synced = !options.write.sync;
  try {
    if (!synced && !ec) sync_file_system(out);
    synced = true;
  } catch (const base::environment_error& e) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!staged[i]) continue;
      discard_package(*staged[i]);
      results[i].status = unit_status::io_error;
      results[i].error = e.what();
      results[i].out.clear();
    }
  }
  for (std::size_t i = 0; i < n && synced; ++i) {
    if (!staged[i]) continue;
    try {
      commit_package(*staged[i], false);
    } catch (const std::exception& e) {
      record_failure(results[i], e);
      results[i].out.clear();
    }
  }
  if (synced && options.write.sync && !ec) {
    try {
      sync_file_system(out);  // the renames
    } catch (const base::environment_error&) {
      // The packages are complete and in place; only their durability across a power cut
      // is not confirmed, which the next build repairs.
    }
  }

  return results;
}

}  // namespace selfeval::package
