// The message catalogue: every text the program shows a user (diagnostics, hints, progress
// lines, --help, environment errors), in Simplified Chinese and English, looked up by a stable
// key. Chinese is the default; English with `--lang en` or an English LANG.
//
// Entries live in src/base/catalogue/*.inc, one file per layer, as
//   {"key", "中文消息", "中文提示", "English message", "English hint"},
// with named placeholders "{name}" filled from the caller's arguments. A diagnostic's key is its
// id unless the caller names a variant ("wrong-type.array").
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace selfeval::base {

enum class language { zh, en };

// The language of every text made from now on. Set once at start-up, before any work.
void set_language(language lang);
language current_language();

// English when the first set of LC_ALL, LC_MESSAGES, LANG names an English locale ("en_US.UTF-8",
// "en"); Chinese otherwise (unset, "C", "zh_CN.UTF-8" …): the users are Chinese clerks.
language language_from_environment();

// "zh" / "en" (case-insensitive), or false for anything else.
bool parse_language(std::string_view text, language& out);

// One named argument of a message: "{name}" in the text becomes `value`.
struct arg {
  std::string_view name;
  std::string value;
  arg(std::string_view n, std::string v) : name(n), value(std::move(v)) {}
  arg(std::string_view n, std::string_view v) : name(n), value(v) {}
  arg(std::string_view n, const char* v) : name(n), value(v) {}
  arg(std::string_view n, long long v) : name(n), value(std::to_string(v)) {}
  arg(std::string_view n, unsigned long long v) : name(n), value(std::to_string(v)) {}
  arg(std::string_view n, int v) : name(n), value(std::to_string(v)) {}
  arg(std::string_view n, unsigned v) : name(n), value(std::to_string(v)) {}
  arg(std::string_view n, long v) : name(n), value(std::to_string(v)) {}
  arg(std::string_view n, unsigned long v) : name(n), value(std::to_string(v)) {}
};
using args = std::vector<arg>;

// A message to look up: the catalogue key (empty: the diagnostic's id) and its arguments.
struct msg {
  std::string_view key;
  args values;
  msg() = default;
  msg(std::initializer_list<arg> a) : values(a) {}
  msg(std::string_view k, std::initializer_list<arg> a = {}) : key(k), values(a) {}
  msg(std::string_view k, args a) : key(k), values(std::move(a)) {}
};

// One catalogue entry.
struct message_entry {
  std::string_view key;
  std::string_view zh;
  std::string_view zh_hint;
  std::string_view en;
  std::string_view en_hint;
};

// Every entry, in file order (for the tests that check both languages).
const std::vector<message_entry>& catalogue();
// The entry with `key`, or nullptr.
const message_entry* find_message(std::string_view key);

// The message text of `key` in the current language with the arguments filled in. An unknown
// key gives the key itself followed by the arguments (a test keeps every used key catalogued).
std::string tr(std::string_view key, const args& values = {});
// The hint of `key` in the current language (empty when the entry has none).
std::string tr_hint(std::string_view key, const args& values = {});

// "{name}" → value for each argument; an unknown "{name}" is kept as written so a missing
// argument shows rather than crashes. Hand-written rather than fmt's dynamic formatting, which
// throws on a missing argument: a message must never be able to stop the program.
std::string fill(std::string_view text, const args& values);

}  // namespace selfeval::base
