// The overload layer's entry point: one overload burst against a live target, recorded.
#pragma once

#include <atomic>

#include "scenario/model/burst.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::overload {

// Runs one burst against `target` (ws:// only: wss:// is recorded as an error, not supported
// yet) on the calling thread, and returns what happened. Never throws. Bounded in count and time
// by `spec` and the kMax* bounds in burst.hpp (whatever it asks for); stops early when `*stop`
// becomes true (cut_short). Raises the soft file-descriptor limit to the hard one, and caps the
// concurrency to what the limit leaves (saying so in record.notes). After the burst, when
// spec.recover_within > 0 and the run was not stopped, probes for recovery.
scenario::BurstRecord run_burst(const scenario::Target& target, const scenario::BurstSpec& spec,
                                const std::atomic<bool>* stop = nullptr);

}  // namespace wsconform::overload
