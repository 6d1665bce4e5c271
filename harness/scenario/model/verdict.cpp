#include "scenario/model/verdict.hpp"

namespace wsconform::scenario {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::non_strict:
      return "non-strict";
    case Verdict::fail:
      return "fail";
    case Verdict::informational:
      return "informational";
    case Verdict::unimplemented:
      return "unimplemented";
    case Verdict::error:
      return "error";
  }
  return "unknown";
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::must:
      return "MUST";
    case Level::should:
      return "SHOULD";
    case Level::may:
      return "MAY";
    case Level::informational:
      return "informational";
  }
  return "unknown";
}

}  // namespace wsconform::scenario
