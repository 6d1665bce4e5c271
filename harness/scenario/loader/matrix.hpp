// Matrix cases (scenarios/README.md, "Matrix cases"): one case per row of zipped lists, with
// {name} placeholders replaced by the row's values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scenario/loader/context.hpp"

namespace wsconform::scenario {

struct MatrixRow {
  std::vector<std::pair<std::string, const yaml::Value*>> values;  // name -> value in the matrix
};

// The rows of a `matrix`: a map of names (letters, digits, '_' and '-') to non-empty lists of
// the same length, zipped; or a list of rows, each a map naming the same values in the same order.
std::vector<MatrixRow> read_matrix(const LoadContext& context, const yaml::Value& matrix);

// `value` with every {name} of the row replaced, in scalars and map keys. A scalar that is
// exactly {name} becomes the row's value whatever it is (number, boolean, null, list, map), with
// the line it was written on; inside a longer string the value must be a scalar. Placeholders
// the row does not name are left as they are.
yaml::Value substitute(const LoadContext& context, const yaml::Value& value, const MatrixRow& row);

// The {name} placeholders in `text`, braces included, in order ("a-{x}-{y}" gives "{x}", "{y}").
std::vector<std::string> placeholders_in(std::string_view text);

}  // namespace wsconform::scenario
