// Include this before any Asio header. Asio 1.22 picks aligned_alloc/free or operator new/delete
// for its handler memory from a libstdc++ macro (_GLIBCXX_HAVE_ALIGNED_ALLOC) that exists only once
// some standard header has been included. Translation units that include Asio first choose the
// other pair, and one binary then frees with the wrong function (ASan: alloc-dealloc-mismatch).
// A standard header first makes every unit choose the same.
#pragma once

#include <cstddef>
