#include "scenario/model/fault_hooks.hpp"

namespace wsconform::scenario {

bool TriggerSet::offers(std::string_view trigger) const {
  if (trigger == kTriggerHandlerException) return handler_exception_message.has_value();
  if (trigger == kTriggerHandshakeFailure) return handshake_failure_path.has_value();
  if (trigger == kTriggerRestart) return restart.has_value();
  if (trigger == kTriggerCapacity) return capacity.has_value();
  if (trigger == kTriggerCrash) return crash;
  if (trigger == kTriggerBackend || trigger == kTriggerBackendDown ||
      trigger == kTriggerBackendUp || trigger == kTriggerBackendRequest)
    return backend_message.has_value();
  return false;
}

}  // namespace wsconform::scenario
