// The vocabulary of the data file: one row per key the TOML data file may hold, with its type,
// unit, default, meaning and the deliverables that print it. The loader takes the keys it accepts
// from here, `diff` the keys it compares and what must be printed and signed again, `check
// --summary` the names of the figures it shows, and docs/data-format.md its key tables (a test
// regenerates them). A key added to the data file is added here first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace selfeval::data::schema {

// What a key holds, as the loader reads it.
enum class value_type {
  text,          // a one-line string (names, targets, phone)
  paragraphs,    // a string of one paragraph a line
  text_list,     // an array of one-line strings
  amount,        // an exact decimal number (万元 unless the unit says otherwise), or "——"
  count,         // a whole number of people or items, or "——"
  percent,       // "99.64%" or 99.64
  score,         // a 分值 or 自评得分, or "——"
  date,          // a TOML date, 2024-05-08
  boolean,       // true or false
  year_columns,  // [上年决算数, 本年预算数, 本年决算数], "" for a blank cell
  fund_columns,  // [年初预算数, 全年预算数, 全年执行数]
  table,         // [a.b]: a table of the keys below it
  table_array,   // [[a.b]]: an array of tables of the keys below it ("a.b[].key")
};

// Whether a key must be typed.
enum class presence {
  optional,  // absent: its fallback (a blank cell, a left-out sentence, a default)
  required,  // absent: an error (missing-key; for 分值 / 自评得分 missing-weight / missing-score)
  computed,  // a computed figure: leave it out; typed anyway, it is checked against the computation
};

// The deliverables of the provincial package, as a bit set. In a key under `projects[]`,
// table3 is the 附件3 of that project (if it is evaluated); elsewhere every 附件3.
enum deliverable : std::uint8_t {
  table1 = 1U << 0U,          // 附件1 部门整体支出绩效评价基础数据表
  table2 = 1U << 1U,          // 附件2 部门整体支出绩效自评表
  table3 = 1U << 2U,          // 附件3 项目支出绩效自评表, one per evaluated 一级项目
  overall_report = 1U << 3U,  // 附件4 整体支出绩效自评报告
  project_report = 1U << 4U,  // 附件5 项目支出绩效自评报告
};
using deliverables = std::uint8_t;
inline constexpr deliverables all_deliverables = 0x1F;
inline constexpr deliverable deliverable_order[] = {table1, table2, table3, overall_report,
                                                    project_report};
// "附件1" … "附件5".
std::string_view label_of(deliverable d);
// "附件1, 附件4", or "—" for none.
std::string labels_of(deliverables set);

struct key {
  // The dotted path as typed in TOML, an array of tables written `name[]`:
  // "budget.by_source.general_public", "projects[].items[].name". A report node's `parts` have
  // the keys of the node itself (sections[].parts[].title is found as sections[].title).
  std::string path;
  value_type type;
  std::string_view unit;      // "万元", "㎡", "人", "%", "分"; empty for texts, dates, tables
  presence need;              //
  std::string_view fallback;  // what an absent optional key means; empty: blank / left out
  std::string_view doc;       // the meaning as the clerk knows it: "年初预算数"
  deliverables prints;        // which deliverables print it (or a figure computed from it)
  std::string_view note;      // where exactly, checks, how to type it (English, for the docs)
  std::string_view example;   // a valid TOML value (empty for tables)
};

// Every key, in the order of docs/data-format.md and of the loader's reading.
const std::vector<key>& keys();

// The row of a path; array elements may be written `[]`, `[name]` or left out
// ("projects.items.name"), and any depth of report parts reads as the node ("…sections[].parts[]
// .parts[].title" is "…sections[].title"). nullptr when the data file has no such key.
const key* find(std::string_view path);
// As find, but a path that is not a key is a programming error (std::logic_error).
const key& at(std::string_view path);

// The names of the keys directly inside a table ("" for the top level, "budget",
// "projects[]", "overall_report.sections[]"), in order: what the loader accepts there.
const std::vector<std::string_view>& children(std::string_view table_path);

// Whether a key holds a value (not a table of further keys).
bool is_value(const key& k);

std::string_view type_name(value_type t);  // "amount", "year columns", …

// The keys a documentation block lists, in the order of `spec`: a path selects the key and the
// keys below it; "-path" then leaves that key and the keys below it out.
std::vector<const key*> select(const std::vector<std::string>& spec);

// A Markdown table of select(spec): | key | type | required | default | printed in | meaning |.
std::string markdown_table(const std::vector<std::string>& spec);

}  // namespace selfeval::data::schema
