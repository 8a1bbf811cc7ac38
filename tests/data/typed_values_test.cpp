#include "data/typed_values.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <variant>

#include "data/format.h"
#include "data/schema.h"
#include "data/validate.h"
#include "data/values.h"
#include "schema_document.h"

namespace selfeval::data {
namespace {

std::vector<const schema::key*> value_keys() {
  std::vector<const schema::key*> out;
  for (const schema::key& k : schema::keys())
    if (schema::is_value(k)) out.push_back(&k);
  return out;
}

// A key added to the schema without a walk to its field, or walked twice, fails here.
TEST(TypedValues, EveryValueKeyOfTheSchemaIsWalkedExactlyOnce) {
  std::map<std::string, int> walked;
  for (const std::string& path : walked_keys()) ++walked[path];
  for (const schema::key* k : value_keys()) {
    EXPECT_EQ(walked[k->path], 1) << k->path;
    walked.erase(k->path);
  }
  for (const auto& [path, n] : walked) ADD_FAILURE() << path << " is walked but is no value key";
}

// Places (indexed) of the values a model types.
std::set<std::string> typed_places(const model& m,
                                   std::map<std::string, const schema::key*>* keys) {
  std::set<std::string> out;
  for_each_typed_value(m, [&](const typed_value& v) {
    if (!typed(v.ref)) return;
    out.insert(v.place.indexed());
    if (keys != nullptr) (*keys)[v.place.indexed()] = &v.key;
  });
  return out;
}

// Each key reads the field the loader fills for it: leaving the key out of a data file that types
// every key unsets the walked value of that key, and of no other key.
TEST(TypedValues, EachKeyReadsTheFieldTheLoaderFills) {
  const check_result all = check_text(testing::schema_document(), "all.toml");
  ASSERT_TRUE(all.parsed);
  std::map<std::string, const schema::key*> key_at;
  const std::set<std::string> everything = typed_places(all.data, &key_at);
  for (const schema::key* k : value_keys()) {
    bool reached = false;
    for (const auto& [place, key] : key_at) reached = reached || key == k;
    EXPECT_TRUE(reached) << k->path << " is typed in the document but the walk finds no value";
  }
  for (const schema::key* k : value_keys()) {
    const check_result less = check_text(testing::schema_document({}, {k->path}), "less.toml");
    ASSERT_TRUE(less.parsed) << k->path;
    const std::set<std::string> left = typed_places(less.data, nullptr);
    int unset = 0;
    for (const std::string& place : everything) {
      if (left.contains(place)) continue;
      if (key_at[place] == k)
        ++unset;
      else
        ADD_FAILURE() << "leaving out " << k->path << " unset " << place;
    }
    EXPECT_GE(unset, 1) << "leaving out " << k->path << " unset nothing the walk reads";
  }
}

// The name data/values gives a walked value, or empty; `scope` receives its indexes.
std::string value_name_of(const typed_value& v, value_scope& scope) {
  std::string path = v.key.path;
  for (const place_step& s : v.place.steps) {
    if (!s.index) continue;
    if (s.key == "projects") scope.project = *s.index;
    if (s.key == "items") scope.item = *s.index;
    if (s.key == "indicators") scope.indicator = *s.index;
  }
  auto replace_prefix = [&](std::string_view from, std::string_view to) {
    if (!path.starts_with(from)) return false;
    path = std::string(to) + path.substr(from.size());
    return true;
  };
  if (replace_prefix("projects[].evaluation.indicators[].", "indicator.")) {
    scope.project_evaluation = true;
  } else if (!replace_prefix("overall.indicators[].", "indicator.") &&
             !replace_prefix("projects[].items[].", "item.")) {
    replace_prefix("projects[].", "project.");
  }
  return path;
}

// The walked value printed as data/values prints the same field.
std::string printed(const typed_value& v) {
  return std::visit(
      [&](const auto& f) -> std::string {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, const text*>) {
          return f->value;
        } else if constexpr (std::is_same_v<T, const field<decimal>*>) {
          if (f->unknown) return std::string(unknown_mark);
          if (v.key.type == schema::value_type::score) return score_text(f->value);
          return v.key.unit == "㎡" ? plain_text(*f) : money_text(*f);
        } else if constexpr (std::is_same_v<T, indicator_score_ref>) {
          return f.typed->unknown ? std::string(unknown_mark) : score_text(f.typed->value);
        } else if constexpr (std::is_same_v<T, const count*>) {
          return count_text(*f);
        } else if constexpr (std::is_same_v<T, const field<date>*>) {
          return date_text(f->value);
        } else if constexpr (std::is_same_v<T, const field<bool>*>) {
          return f->value ? "是" : "";
        } else {
          return "(not a single value)";
        }
      },
      v.ref);
}

// For every example, each typed value that data/values also names prints the same there.
TEST(TypedValues, AgreeWithTheFormsVocabularyForEachExample) {
  int examples = 0;
  for (const auto& file :
       std::filesystem::directory_iterator(std::string(SELFEVAL_SOURCE_DIR) + "/examples")) {
    if (file.path().extension() != ".toml") continue;
    ++examples;
    const check_result r = check_file(file.path().string());
    ASSERT_TRUE(r.parsed) << file.path();
    int compared = 0;
    for_each_typed_value(r.data, [&](const typed_value& v) {
      // A computed key prints its computation there; "auto" prints the computed score.
      if (!typed(v.ref) || v.key.need == schema::presence::computed) return;
      if (const auto* s = std::get_if<indicator_score_ref>(&v.ref); s && s->is_auto) return;
      value_scope scope;
      const std::string name = value_name_of(v, scope);
      std::vector<std::pair<std::string, std::string>> expected;  // value name, text
      if (const auto* c = std::get_if<const year_columns*>(&v.ref)) {
        expected = {{name + ".prior_final", printed({v.key, v.place, &(*c)->prior_final})},
                    {name + ".budget", printed({v.key, v.place, &(*c)->budget})},
                    {name + ".final", printed({v.key, v.place, &(*c)->final})}};
      } else if (const auto* f = std::get_if<const fund_columns*>(&v.ref)) {
        expected = {{name + ".initial", printed({v.key, v.place, &(*f)->initial})},
                    {name + ".full_year", printed({v.key, v.place, &(*f)->full_year})},
                    {name + ".executed", printed({v.key, v.place, &(*f)->executed})}};
      } else {
        expected = {{name, printed(v)}};
      }
      for (const auto& [value_name, text] : expected) {
        const auto got = value_of(value_name, r.data, r.computed, scope);
        if (!got) continue;  // a key the forms do not print by name
        ++compared;
        EXPECT_EQ(got->text, text)
            << file.path().filename() << " " << v.place.labelled() << " (" << value_name << ")";
      }
    });
    EXPECT_GE(compared, 30) << file.path().filename();
  }
  EXPECT_GE(examples, 6);
}

TEST(TypedValues, PlacesNameElementsByIndexAndByStableName) {
  model m;
  m.projects.resize(3);
  m.projects[0].name = {"业务工作经费", {}, true};
  m.projects[1].name = {"业务工作经费", {}, true};
  std::vector<std::string> indexed, labelled;
  for_each_typed_value(m, [&](const typed_value& v) {
    if (v.key.path != "projects[].name") return;
    indexed.push_back(v.place.indexed());
    labelled.push_back(v.place.labelled());
  });
  EXPECT_EQ(indexed,
            (std::vector<std::string>{"projects[0].name", "projects[1].name", "projects[2].name"}));
  EXPECT_EQ(labelled,
            (std::vector<std::string>{"projects[业务工作经费].name",
                                      "projects[业务工作经费#2].name", "projects[#3].name"}));
}

TEST(TypedValues, ElementLabelsAreUniqueEvenWhenATypedNameLooksMade) {
  EXPECT_EQ(element_labels({"甲", "甲", "甲#2"}),
            (std::vector<std::string>{"甲", "甲#2", "甲#2#2"}));
  EXPECT_EQ(element_labels({"甲#2", "甲", "甲"}), (std::vector<std::string>{"甲#2", "甲", "甲#3"}));
  EXPECT_EQ(element_labels({"", "#1", ""}), (std::vector<std::string>{"#1", "#1#2", "#3#2"}));
}

TEST(TypedValues, UnitValueOutsideTheArraysOnly) {
  model m;
  m.budget.basic = {decimal::parse("274").value(), {}, true};
  const auto v = unit_value(m, "budget.by_use.basic");
  ASSERT_TRUE(std::holds_alternative<const field<decimal>*>(v));
  EXPECT_EQ(std::get<const field<decimal>*>(v), &m.budget.basic);
  EXPECT_THROW((void)unit_value(m, "projects[].name"), std::logic_error);
  EXPECT_THROW((void)unit_value(m, "budget.basic"), std::logic_error);
}

TEST(TypedValues, EvaluatedProjectsAreThoseWithAnEvaluation) {
  model m;
  m.projects.resize(3);
  m.projects[1].evaluation.given = true;
  EXPECT_EQ(evaluated_projects(m), std::vector<std::size_t>{1});
  m.projects[1].evaluation.given = false;
  EXPECT_TRUE(evaluated_projects(m).empty());
}

}  // namespace
}  // namespace selfeval::data
