// pdf::merge_documents: the merge itself is done by the module selfeval-pdf-merge.so
// (merge_module.cpp, with qpdf), opened here on the first merge and kept for the life of the
// process. The program does not link qpdf: Debian's libqpdf brings GnuTLS and 10 more shared
// libraries that every start (check, diff, --pdf none, every test) would load for nothing.
#include "pdf/merge.h"

#include <dlfcn.h>
#include <link.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "base/error.h"
#include "base/messages.h"
#include "base/utf8.h"
#include "pdf/merge_module.h"
#include "pdf/render.h"

namespace selfeval::pdf {

namespace {

// The module's file name, as CMake builds it (next to the program).
constexpr const char* module_file = SELFEVAL_PDF_MERGE_MODULE_FILE;
// The environment variable that names the module's file instead (docs/report-pdf.md).
constexpr const char* module_variable = "SELFEVAL_PDF_MERGE_MODULE";

struct loaded_module {
  merge_module::begin_function begin = nullptr;
  merge_module::add_function add = nullptr;
  merge_module::finish_function finish = nullptr;
  merge_module::release_function release = nullptr;
  merge_module::end_function end = nullptr;
  std::string error;  // why it could not be loaded, in the catalogue's words
};

std::string dl_error() {
  const char* why = dlerror();
  return why != nullptr ? why : "";
}

std::string with_hint(std::string message, const std::string& hint) {
  return message + "\n  " + base::tr("diagnostic.hint") + hint;
}

std::string module_unusable(const std::string& path, const std::string& why) {
  const base::args values{{"module", path}, {"why", why}};
  return with_hint(base::tr("pdf.merge.module-unusable", values),
                   base::tr_hint("pdf.merge.module-unusable", values));
}

// The folders the dynamic linker searches for the program's own libraries, in its order:
// LD_LIBRARY_PATH, the program's RUNPATH ($ORIGIN: the program's folder; the build folder for
// tests), the system's library folders. dlopen with a bare name would search the RUNPATH of its
// caller, which under a sanitizer is the sanitizer's dlopen interceptor, not the program: each
// folder is tried with a full path instead.
std::vector<std::string> library_folders() {
  std::vector<std::string> folders;
  void* program = dlopen(nullptr, RTLD_LAZY);
  if (program == nullptr) return folders;
  Dl_serinfo size{};
  if (dlinfo(program, RTLD_DI_SERINFOSIZE, &size) == 0) {
    std::vector<std::max_align_t> buffer(size.dls_size / sizeof(std::max_align_t) + 1);
    auto* info = reinterpret_cast<Dl_serinfo*>(buffer.data());
    // Sizes the buffer's header first, as dlinfo(3) asks.
    if (dlinfo(program, RTLD_DI_SERINFOSIZE, info) == 0 &&
        dlinfo(program, RTLD_DI_SERINFO, info) == 0) {
      for (unsigned i = 0; i < info->dls_cnt; ++i) {
        const std::string folder = info->dls_serpath[i].dls_name;
        if (!folder.empty()) folders.push_back(folder);  // empty: the working folder, never
      }
    }
  }
  dlclose(program);
  return folders;
}

loaded_module open_module() {
  loaded_module m;
  // Local symbols: qpdf's names stay the module's. Bound now: a module that does not fit the
  // installed libqpdf is refused here, not halfway through a merge.
  const int mode = RTLD_NOW | RTLD_LOCAL;
  void* handle = nullptr;
  std::string path;  // as the messages name the module
  std::string why;   // the dynamic linker's reason when it could not be opened
  const auto open = [&](const char* file) {
    handle = dlopen(file, mode);
    if (handle == nullptr) why = dl_error();
  };
  if (const char* chosen = std::getenv(module_variable); chosen != nullptr && *chosen != '\0') {
    open(chosen);
    path = base::tr("pdf.merge.module-chosen", {{"path", chosen}, {"variable", module_variable}});
  } else {
    const std::vector<std::string> folders = library_folders();
    for (const std::string& folder : folders) {
      std::error_code ec;
      const std::filesystem::path candidate = std::filesystem::path(folder) / module_file;
      if (!std::filesystem::is_regular_file(candidate, ec)) continue;
      path = candidate.string();
      open(path.c_str());
      break;  // the first one found is the one the linker would take
    }
    if (path.empty()) {
      // Last, the linker's cache (the folders of ldconfig), by the bare name.
      path = module_file;
      open(module_file);
      if (handle == nullptr) {
        const std::string searched = base::join(folders, base::tr("list-separator"));
        const base::args values{{"module", module_file}, {"folders", searched}, {"why", why}};
        m.error = with_hint(base::tr("pdf.merge.module-not-found", values),
                            base::tr_hint("pdf.merge.module-not-found", values));
        return m;
      }
    }
  }
  if (handle == nullptr) {
    m.error = module_unusable(path, why);
    return m;
  }
  // dlsym returns an object pointer; POSIX guarantees it converts to the function's pointer.
  const auto find = [&](auto& function, const char* name) {
    function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(handle, name));
    return function != nullptr;
  };
  if (!find(m.begin, merge_module::begin_symbol) || !find(m.add, merge_module::add_symbol) ||
      !find(m.finish, merge_module::finish_symbol) ||
      !find(m.release, merge_module::release_symbol) || !find(m.end, merge_module::end_symbol)) {
    m.error = module_unusable(path, dl_error());
    m.begin = nullptr;
    dlclose(handle);
  }
  // Otherwise never closed: qpdf's static objects live until the process ends.
  return m;
}

// Opened once, by the first merge (batches merge on several threads at once).
const loaded_module& module() {
  static const loaded_module loaded = open_module();
  return loaded;
}

merge_module::bytes bytes_of(std::string_view text) {
  return {text.data(), text.size()};
}

// Gives the module's result back to it, however the caller leaves.
class result_guard {
 public:
  explicit result_guard(merge_module::release_function release) : release_(release) {}
  ~result_guard() { release_(&result); }
  result_guard(const result_guard&) = delete;
  result_guard& operator=(const result_guard&) = delete;
  merge_module::result result{};

 private:
  merge_module::release_function release_;
};

}  // namespace

struct merger::state {
  std::mutex lock;
  const loaded_module* module = nullptr;  // once an add or finish has loaded it
  merge_module::session* session = nullptr;

  // Loads the module and begins the session, under `lock`; false when either cannot be.
  bool ready() {
    if (module == nullptr) module = &pdf::module();
    if (module->begin == nullptr) return false;
    if (session == nullptr) session = module->begin();
    return session != nullptr;
  }
  ~state() {
    if (session != nullptr) module->end(session);
  }
};

merger::merger() : state_(std::make_unique<state>()) {}
merger::~merger() = default;

void merger::prepare() noexcept {
  try {
    const std::lock_guard guard(state_->lock);
    (void)state_->ready();  // finish() says why it could not be
  } catch (...) {
  }
}

void merger::add(std::size_t key, std::string_view pdf, const std::string& name) noexcept {
  try {
    const std::lock_guard guard(state_->lock);
    if (!state_->ready()) return;  // finish() says why
    state_->module->add(state_->session, key, bytes_of(pdf), bytes_of(name));
  } catch (...) {  // out of memory: finish() reads the part
  }
}

std::string merger::finish(const std::vector<part>& parts,
                           const std::vector<layout::outline_entry>& outline,
                           const merge_metadata& info) {
  const std::lock_guard guard(state_->lock);
  if (!state_->ready()) {
    const loaded_module& m = *state_->module;
    throw base::environment_error(m.begin == nullptr
                                      ? m.error
                                      : with_hint(base::tr("pdf.merge.out-of-memory"),
                                                  base::tr_hint("pdf.merge.out-of-memory")));
  }
  const loaded_module& m = *state_->module;

  std::vector<std::string> names;
  std::vector<std::size_t> keys;
  std::vector<merge_module::bytes> part_bytes, name_bytes;
  for (std::size_t i = 0; i < parts.size(); ++i)
    names.push_back(base::tr("pdf.merge.part", {{"n", i + 1}}));
  for (std::size_t i = 0; i < parts.size(); ++i) {
    keys.push_back(parts[i].key);
    part_bytes.push_back(bytes_of(parts[i].pdf));
    name_bytes.push_back(bytes_of(names[i]));
  }
  // Cut as render_pdf cuts its parts' (metadata_text); kept alive until the merge is done.
  std::vector<std::string> titles;
  titles.reserve(outline.size());
  for (const layout::outline_entry& e : outline) titles.push_back(metadata_text(e.title));
  std::vector<merge_module::bookmark> bookmarks;
  for (std::size_t i = 0; i < outline.size(); ++i)
    bookmarks.push_back({bytes_of(titles[i]), outline[i].level, outline[i].page, outline[i].top});
  const std::string title = metadata_text(info.title), author = metadata_text(info.author),
                    subject = metadata_text(info.subject);
  merge_module::request in{};
  in.part_keys = keys.data();
  in.parts = part_bytes.data();
  in.part_names = name_bytes.data();
  in.part_count = parts.size();
  in.outline = bookmarks.data();
  in.outline_count = bookmarks.size();
  in.title = bytes_of(title);
  in.author = bytes_of(author);
  in.subject = bytes_of(subject);
  in.year = info.year;
  in.month = info.month;
  in.day = info.day;

  result_guard out(m.release);
  m.finish(state_->session, &in, &out.result);
  const merge_module::result& r = out.result;
  const std::string message = r.message != nullptr ? r.message : "";
  switch (r.status) {
    case merge_module::merged:
      return std::string(r.output.data, r.output.size);
    case merge_module::damaged_part:
      throw base::environment_error(base::tr(
          "pdf.merge.damaged-part",
          {{"part", r.index < names.size() ? names[r.index] : base::tr("pdf.merge.result")},
           {"what", message}}));
    case merge_module::bookmark_past_end:
      if (r.index < outline.size())
        throw base::environment_error(base::tr("pdf.merge.bookmark-past-end",
                                               {{"title", titles[r.index]}, {"pages", r.pages}}));
      break;
    default:
      break;
  }
  // qpdf's own failures (std::logic_error, std::runtime_error): never in qpdf's words alone.
  throw base::environment_error(base::tr("pdf.merge.failed", {{"what", message}}));
}

std::string merge_documents(const std::vector<std::string_view>& parts,
                            const std::vector<layout::outline_entry>& outline,
                            const merge_metadata& info) {
  merger m;
  std::vector<merger::part> in;
  for (std::size_t i = 0; i < parts.size(); ++i) in.push_back({i, parts[i]});
  return m.finish(in, outline, info);
}

}  // namespace selfeval::pdf
