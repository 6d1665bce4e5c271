// Invariant checks for the fuzz targets: a broken invariant prints what failed and aborts, which
// libFuzzer (and the replay main) report as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace wsconform::fuzz {

[[noreturn]] inline void invariant_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
  std::abort();
}

}  // namespace wsconform::fuzz

// FUZZ_CHECK(cond): the one way a target states an invariant.
#define FUZZ_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::wsconform::fuzz::invariant_failed(#cond, __FILE__, __LINE__))
