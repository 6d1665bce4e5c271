#include "scenario/loader/defaults.hpp"

namespace wsconform::scenario {

namespace {

// Appends the entries of `from` whose keys `into` lacks.
void add_missing(yaml::Value& into, const yaml::Value& from) {
  for (const yaml::Entry& entry : from.entries) {
    if (into.find(entry.key) == nullptr) into.entries.push_back(entry);
  }
}

}  // namespace

yaml::Value merge_defaults(const yaml::Value& case_map, const yaml::Value* defaults) {
  yaml::Value merged = case_map;
  if (defaults == nullptr || !defaults->is_map() || !merged.is_map()) return merged;
  for (yaml::Entry& entry : merged.entries) {
    const yaml::Value* fallback = defaults->find(entry.key);
    if (fallback != nullptr && fallback->is_map() && entry.value.is_map()) {
      add_missing(entry.value, *fallback);
    }
  }
  add_missing(merged, *defaults);
  return merged;
}

}  // namespace wsconform::scenario
