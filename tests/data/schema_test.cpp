// The schema against each of its uses: the loader (keys, types, required keys), the
// documentation (docs/data-format.md's key tables are generated from it) and the template that
// `selfeval init` writes (config/new-unit.toml). diff is tested in tests/package/diff_test.cpp.
#include "data/schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "data/load.h"
#include "data/validate.h"
#include "schema_document.h"
#include "test_util.h"

namespace selfeval::data {
namespace {

using schema::value_type;
using testing::count_id;
using testing::dump;
using testing::schema_document;

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(SELFEVAL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string leaf_of(const std::string& path) {
  std::string leaf = path.substr(path.rfind('.') + 1);
  if (leaf.ends_with("[]")) leaf.resize(leaf.size() - 2);
  return leaf;
}

TEST(Schema, FindsAKeyWrittenAnyWay) {
  const schema::key& k = schema::at("projects[].items[].name");
  EXPECT_EQ(schema::find("projects.items.name"), &k);
  EXPECT_EQ(schema::find("[projects.items].name"), &k);
  EXPECT_EQ(schema::find("overall_report.sections[].parts[].parts[].title"),
            schema::find("overall_report.sections[].title"));
  EXPECT_EQ(schema::find("overall_report.sections.parts")->type, value_type::table_array);
  EXPECT_EQ(schema::find("budget.initiall"), nullptr);
  EXPECT_THROW(schema::at("budget.initiall"), std::logic_error);
  EXPECT_EQ(schema::at("budget.initial").doc, "年初预算数");
}

TEST(Schema, ChildrenAreTheKeysOfATable) {
  EXPECT_EQ(schema::children("budget.by_use"), (std::vector<std::string_view>{"basic", "project"}));
  EXPECT_EQ(schema::children("[projects.items]"),
            (std::vector<std::string_view>{"name", "amounts", "purpose"}));
  EXPECT_EQ(schema::children("overall_report.sections.parts.parts"),
            schema::children("overall_report.sections"));
  EXPECT_THROW(schema::children("budget.initial.x"), std::logic_error);
}

TEST(Schema, EveryRowIsComplete) {
  for (const schema::key& k : schema::keys()) {
    EXPECT_FALSE(k.doc.empty()) << k.path;
    if (!schema::is_value(k)) continue;
    EXPECT_FALSE(k.example.empty()) << k.path;
    // Every value is printed somewhere, except the format version.
    if (k.path != "schema") {
      EXPECT_NE(k.prints, 0) << k.path;
    }
    if (k.need != schema::presence::optional) {
      EXPECT_TRUE(k.fallback.empty()) << k.path << ": a required or computed key has no default";
    }
  }
}

// The loader accepts every key of the schema, each with its example value.
TEST(SchemaLoader, AcceptsEveryKey) {
  const load_result r = load_text(schema_document(), "all.toml");
  EXPECT_TRUE(r.parsed);
  EXPECT_FALSE(r.diags.has_errors()) << dump(r.diags) << schema_document();
}

// The phrase of the loader's wrong-type message for each type: the loader reads each key as the
// type the schema gives it.
std::string expected_phrase(value_type t) {
  switch (t) {
    case value_type::text:
    case value_type::paragraphs:
      return "应为文字，";
    case value_type::text_list:
      return "应为文字数组";
    case value_type::amount:
      return "应为以万元计的金额";
    case value_type::count:
      return "应为整数";
    case value_type::percent:
      return "应为百分比";
    case value_type::score:
      return "应为分数";
    case value_type::date:
      return "应为日期";
    case value_type::boolean:
      return "应为 true 或 false";
    case value_type::year_columns:
    case value_type::fund_columns:
      return "应为 3 个金额的数组";
    case value_type::table:
      return "应为表";
    case value_type::table_array:
      return "应为数组表";
  }
  return "?";
}

std::string wrong_literal(value_type t) {
  switch (t) {
    case value_type::amount:
    case value_type::count:
    case value_type::percent:
    case value_type::score:
      return "true";
    case value_type::date:
      return "\"2024-05-08\"";
    default:
      return "1";
  }
}

TEST(SchemaLoader, ReadsEveryKeyAsItsSchemaType) {
  for (const schema::key& k : schema::keys()) {
    const std::string doc = schema_document({{k.path, wrong_literal(k.type)}});
    const load_result r = load_text(doc, "wrong.toml");
    bool found = false;
    for (const auto& d : r.diags.items()) {
      found = found || (d.id == "wrong-type" &&
                        d.message.find(expected_phrase(k.type)) != std::string::npos);
    }
    EXPECT_TRUE(found) << k.path << " typed " << wrong_literal(k.type) << ":\n" << dump(r.diags);
    EXPECT_EQ(count_id(r.diags, "unknown-key"), 0) << k.path;
  }
}

TEST(SchemaLoader, MisspelledKeysAreUnknownWithTheSchemaKeyAsSuggestion) {
  for (const schema::key& k : schema::keys()) {
    const std::string leaf = leaf_of(k.path);
    if (leaf.size() < 5) continue;  // too short for a one-letter slip to be suggested
    // A slip in the first letter: "xudget" for "budget", typed beside the key itself.
    const std::string slip = "x" + leaf.substr(1);
    const std::string literal =
        (schema::is_value(k) ? std::string(k.example) : std::string("1")) + "  # probe";
    std::string doc = "\n" + schema_document({{k.path, literal}});
    const std::size_t at = doc.find("\n" + leaf + " = " + literal);
    if (at == std::string::npos) {
      ADD_FAILURE() << k.path << " is not in\n" << doc;
      continue;
    }
    doc.insert(at + 1, slip + " = 1\n");
    const load_result r = load_text(doc, "slip.toml");
    bool suggested = false;
    for (const auto& d : r.diags.items())
      suggested = suggested ||
                  (d.id == "unknown-key" && d.message.find("“" + slip + "”") != std::string::npos &&
                   d.hint == "请核对拼写。是否应为“" + leaf + "”？");
    EXPECT_TRUE(suggested) << k.path << ":\n" << dump(r.diags);
  }
}

TEST(SchemaLoader, RequiredKeysAreMissedAndOptionalOnesAreNot) {
  for (const schema::key& k : schema::keys()) {
    const std::string doc = schema_document({}, {k.path});
    const check_result r = check_text(doc, "missing.toml");
    const std::string leaf = leaf_of(k.path);
    if (k.need == schema::presence::required) {
      const int missed = count_id(r.diags, "missing-key") +
                         (leaf == "weight" ? count_id(r.diags, "missing-weight") : 0) +
                         (leaf == "score" ? count_id(r.diags, "missing-score") : 0);
      EXPECT_GT(missed, 0) << k.path << " left out:\n" << dump(r.diags);
    } else {
      EXPECT_EQ(count_id(r.diags, "missing-key"), 0) << k.path << " left out:\n" << dump(r.diags);
    }
  }
}

// docs/data-format.md: every block between "<!-- keys: PREFIX… -->" and "<!-- /keys -->" is
// the schema's table of those keys. UPDATE_DOCS=1 rewrites the blocks from the schema.
TEST(SchemaDocs, DataFormatKeyTablesAreTheSchema) {
  const std::string file = "docs/data-format.md";
  const std::string text = read_source(file);
  const std::string open = "<!-- keys:", close = "<!-- /keys -->";
  std::string regenerated;
  std::set<std::string> covered;
  std::size_t from = 0;
  int blocks = 0;
  for (std::size_t at; (at = text.find(open, from)) != std::string::npos;) {
    const std::size_t line_end = text.find('\n', at);
    const std::size_t end = text.find(close, line_end);
    ASSERT_NE(end, std::string::npos) << "a keys block is not closed";
    std::string spec = text.substr(at + open.size(), line_end - at - open.size());
    spec = spec.substr(0, spec.rfind("-->"));
    std::vector<std::string> prefixes;
    std::istringstream words(spec);
    for (std::string w; words >> w;) {
      EXPECT_NE(schema::find(w.starts_with('-') ? w.substr(1) : w), nullptr)
          << "docs name a key the schema lacks: " << w;
      prefixes.push_back(w);
    }
    for (const schema::key* k : schema::select(prefixes)) covered.insert(k->path);
    regenerated += text.substr(from, line_end + 1 - from) + schema::markdown_table(prefixes);
    from = end;
    ++blocks;
  }
  regenerated += text.substr(from);
  EXPECT_GT(blocks, 5);
  for (const schema::key& k : schema::keys())
    EXPECT_TRUE(covered.contains(k.path)) << k.path << " is in no key table of " << file;
  if (std::getenv("UPDATE_DOCS") != nullptr) {
    std::ofstream(std::string(SELFEVAL_SOURCE_DIR) + "/" + file, std::ios::binary) << regenerated;
  }
  if (text != regenerated) {
    std::size_t line = 1;
    for (std::size_t i = 0;
         i < std::min(text.size(), regenerated.size()) && text[i] == regenerated[i]; ++i)
      line += text[i] == '\n';
    ADD_FAILURE() << "the key tables of " << file << " differ from data/schema.cpp from line "
                  << line << ": run the test with UPDATE_DOCS=1";
  }
}

// Keys the template of `selfeval init` leaves out on purpose: computed figures (typed, they are
// only checked), what few units have, and the report trees (the default tree is what a new unit
// wants). Every other key is in config/new-unit.toml, written or commented out.
const std::set<std::string> omitted_from_template = {
    "scored",  // a profile's own scored forms: their row ids come from the profile, not from here
    "unit.budget_code",
    "unit.evaluation_method",  // only for a report cover that places it
    "signature.head",
    "signature.signature_image",
    "signature.seal_image",
    "staff.administrative",
    "staff.institutional",
    "staff.retired",
    "staff.departments",
    "staff.control_rate",
    "three_public.cars",
    "three_public.total",
    "public_funds.office",
    "public_funds.utilities_travel",
    "public_funds.meetings_training",
    "buildings.area_control_rate",
    "buildings.investment_control_rate",
    "budget.by_source.government_fund",
    "budget.by_source.special_account",
    "budget.by_source.other",
    "budget.adjustment",
    "budget.execution_rate",
    "budget.execution_score",
    "basic_expenditure",
    "expenditure",
    "projects[].department",
    "projects[].implementer",
    "projects[].items[].purpose",
    "projects[].items_partial",
    "projects[].amounts",
    "projects[].funds.carried_over",
    "projects[].funds.other",
    "projects[].funds.total",
    "projects[].funds.execution_rate",
    "projects[].funds.execution_score",
    "projects[].evaluation.goals",
    "projects[].evaluation.weights",
    "projects[].evaluation.indicators[]",
    "projects[].evaluation.total_weight",
    "projects[].evaluation.total_score",
    "projects[].evaluation.grade",
    "overall.weights",
    "overall.indicators[]",
    "overall.total_weight",
    "overall.total_score",
    "overall.grade",
    "overall_report",
    "project_report",
};

// The keys a TOML text names, written or commented out ("# filled_on = …"), as schema paths.
std::set<std::string> keys_named_in(const std::string& text, std::vector<std::string>& unknown) {
  static const std::regex header(R"(^#?\s*\[\[?([a-z_.]+)\]\]?)");
  static const std::regex assignment(R"(^#?\s*([a-z_][a-z_.]*)\s*=)");
  std::set<std::string> out;
  std::string table;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    std::string plain;
    if (std::regex_search(line, m, header)) {
      table = m[1];
      plain = table;
    } else if (std::regex_search(line, m, assignment)) {
      plain = table.empty() ? std::string(m[1]) : table + "." + std::string(m[1]);
    } else {
      continue;
    }
    if (const schema::key* k = schema::find(plain))
      out.insert(k->path);
    else
      unknown.push_back(plain);
  }
  return out;
}

TEST(SchemaTemplate, NewUnitTemplateNamesEveryKeyOrLeavesItOutOnPurpose) {
  const std::string file = "config/new-unit.toml";
  std::vector<std::string> unknown;
  const std::set<std::string> named = keys_named_in(read_source(file), unknown);
  for (const std::string& u : unknown)
    ADD_FAILURE() << file << " names " << u << ", which is not a key of the data file";
  for (const schema::key& k : schema::keys()) {
    // A table is named when a key inside it is.
    bool in_template = named.contains(k.path);
    for (const std::string& n : named) in_template = in_template || testing::at_or_below(n, k.path);
    bool omitted = false;
    for (const std::string& o : omitted_from_template)
      omitted = omitted || testing::at_or_below(k.path, o);
    if (omitted) {
      EXPECT_FALSE(in_template) << k.path << " is in " << file
                                << ": take it off the list of omitted keys";
    } else {
      EXPECT_TRUE(in_template)
          << k.path << " is missing from " << file
          << ": add it (commented out if need be) or to omitted_from_template, with the reason";
    }
  }
  for (const std::string& o : omitted_from_template)
    EXPECT_NE(schema::find(o), nullptr) << o << " is not a key";
}

// The template is a valid data file once its two required blanks are filled.
TEST(SchemaTemplate, NewUnitTemplateLoadsWithoutUnknownKeys) {
  const load_result r = load_text(read_source("config/new-unit.toml"), "new-unit.toml");
  EXPECT_EQ(count_id(r.diags, "unknown-key"), 0) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "wrong-type"), 0) << dump(r.diags);
}

}  // namespace
}  // namespace selfeval::data
