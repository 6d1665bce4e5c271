#!/bin/bash -eu
# Builds wsconform's libFuzzer targets for ClusterFuzzLite / OSS-Fuzz (or any libFuzzer-style
# infrastructure): compiles with $CXX and $CXXFLAGS, links with $LIB_FUZZING_ENGINE, and puts
# each fuzz_<name> in $OUT with fuzz_<name>_seed_corpus.zip, fuzz_<name>.dict and
# fuzz_<name>.options beside it. No CMake: only the wire layer and the target's own sources.
#
# Inputs (the infrastructure sets the first four): CXX, CXXFLAGS, LIB_FUZZING_ENGINE, OUT;
# SRC (default: the parent of the repository), FMT_INCLUDE (default $SRC/fmt/include),
# WEBSOCKETPP_INCLUDE (default $SRC/websocketpp; /usr/include also works), JOBS (default nproc).
# A local check with clang: CXX=clang++ CXXFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out FMT_INCLUDE=/usr/include \
#   WEBSOCKETPP_INCLUDE=/usr/include .clusterfuzzlite/build.sh

set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
SRC=${SRC:-$(dirname "$repo")}
FMT_INCLUDE=${FMT_INCLUDE:-$SRC/fmt/include}
WEBSOCKETPP_INCLUDE=${WEBSOCKETPP_INCLUDE:-$SRC/websocketpp}
JOBS=${JOBS:-$(nproc)}
work=${WORK:-/tmp}/wsconform-fuzz-build
mkdir -p "$work" "$OUT"

common=(-I"$repo/harness" -DFMT_HEADER_ONLY)
[ "$FMT_INCLUDE" = /usr/include ] || common+=(-isystem "$FMT_INCLUDE")
object_of() { echo "$work/$(echo "${1#"$repo"/}" | tr '/' '_').o"; }
# compile SOURCE STANDARD [extra flags...]
compile() {
  local source=$1 standard=$2
  shift 2
  $CXX $CXXFLAGS "-std=$standard" "${common[@]}" "$@" -c "$source" -o "$(object_of "$source")"
}

# The wire layer, once for every target, JOBS compilers at a time.
wire_objects=()
for source in "$repo"/harness/wire/*.cpp; do
  wire_objects+=("$(object_of "$source")")
  compile "$source" c++20 &
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
done
for pid in $(jobs -p); do wait "$pid"; done  # each compiler's status, so a failure stops here
model=$(object_of "$repo/harness/fuzz/rfc_model.cpp")
compile "$repo/harness/fuzz/rfc_model.cpp" c++20
# websocketpp 0.8.2 does not build as C++20 everywhere: its one translation unit is C++17.
wspp=$(object_of "$repo/harness/fuzz/wspp_stream.cpp")
wspp_flags=()
# A system directory passed again would break the standard library's #include_next.
[ "$WEBSOCKETPP_INCLUDE" = /usr/include ] || wspp_flags=(-isystem "$WEBSOCKETPP_INCLUDE")
compile "$repo/harness/fuzz/wspp_stream.cpp" c++17 "${wspp_flags[@]}"

for source in "$repo"/harness/fuzz/*_fuzz.cpp; do
  name=$(basename "$source" _fuzz.cpp)
  extra=()
  case "$name" in
    wspp_frames | frame_differential) extra=("$model" "$wspp") ;;
  esac
  compile "$source" c++20
  $CXX $CXXFLAGS "$(object_of "$source")" "${extra[@]}" "${wire_objects[@]}" \
    $LIB_FUZZING_ENGINE -lcrypto -lpthread -o "$OUT/fuzz_$name"
  # Seeds, dictionary and options beside the target, as the infrastructure expects them.
  rm -f "$OUT/fuzz_${name}_seed_corpus.zip"
  (cd "$repo/corpora/$name" && zip -q -r "$OUT/fuzz_${name}_seed_corpus.zip" .)
  cp -L "$repo/corpora/$name.dict" "$OUT/fuzz_$name.dict"
  cp "$repo/corpora/$name.options" "$OUT/fuzz_$name.options"
done
