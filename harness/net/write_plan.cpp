#include "net/write_plan.hpp"

#include <algorithm>

namespace wsconform::net {

std::optional<std::size_t> PieceCutter::next() {
  while (remaining_ > 0 && next_size_index_ < plan_.sizes.size()) {
    const std::size_t wanted = plan_.sizes[next_size_index_++];
    if (wanted == 0) continue;
    const std::size_t piece = std::min(wanted, remaining_);
    remaining_ -= piece;
    return piece;
  }
  if (remaining_ == 0) return std::nullopt;
  const std::size_t piece = plan_.chop == 0 ? remaining_ : std::min(plan_.chop, remaining_);
  remaining_ -= piece;
  return piece;
}

}  // namespace wsconform::net
