// How the bytes of one send are cut into TCP writes: leading sizes, fixed-size chops, a pause
// between writes. Cutting is lazy so that chopping a huge buffer allocates nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace wsconform::net {

struct WritePlan {
  std::vector<std::size_t> sizes;      // write these many bytes first, one write each
  std::size_t chop = 0;                // then, if nonzero, chunks of this size; else one write
  std::chrono::milliseconds delay{0};  // pause between writes
};

// Yields the size of each write in turn for `total` bytes cut by `plan`. Zero sizes are skipped
// (a zero-byte write puts nothing on the wire); sizes past the end are cut to what is left.
class PieceCutter {
 public:
  PieceCutter(const WritePlan& plan, std::size_t total) : plan_(plan), remaining_(total) {}

  // The next piece's size, or nullopt once every byte has been assigned to a piece.
  std::optional<std::size_t> next();

 private:
  const WritePlan& plan_;
  std::size_t remaining_;
  std::size_t next_size_index_ = 0;
};

}  // namespace wsconform::net
