#include "report/json/fault.hpp"

#include "report/json/observed.hpp"
#include "report/json/timeline.hpp"
#include "report/text/utf8_text.hpp"

namespace wsconform::report {
namespace {

using End = scenario::BurstConnection::End;

constexpr End kEnds[] = {End::none,      End::closed,          End::dropped,
                         End::refused,   End::connect_failed,  End::handshake_failed,
                         End::violation, End::close_unanswered};

double milliseconds(std::chrono::milliseconds value) {
  return static_cast<double>(value.count());
}

Json spec_json(const scenario::BurstSpec& spec) {
  return {
      {"connections", spec.connections},
      {"concurrency", spec.concurrency},
      {"connect_rate", spec.connect_rate},
      {"handshake", spec.handshake},
      {"messages", spec.messages},
      {"message_size", spec.message_size},
      {"message_rate", spec.message_rate},
      {"hold_ms", milliseconds(spec.hold)},
      {"duration_ms", milliseconds(spec.duration)},
      {"recover_within_ms", milliseconds(spec.recover_within)},
  };
}

Json metrics_json(const scenario::BurstMetrics& metrics) {
  return {
      {"elapsed_ms", metrics.elapsed_ms},
      {"connects_per_s", metrics.connects_per_s},
      {"handshake_ms",
       {{"p50", metrics.handshake_p50_ms},
        {"p90", metrics.handshake_p90_ms},
        {"p99", metrics.handshake_p99_ms},
        {"max", metrics.handshake_max_ms}}},
      {"messages_per_s", metrics.messages_per_s},
      {"peak_open", metrics.peak_open},
      {"peak_upgraded", metrics.peak_upgraded},
      {"recovery_checked", metrics.recovery_checked},
      {"recover_ms", metrics.recover_ms ? Json(*metrics.recover_ms) : Json(nullptr)},
  };
}

template <typename Key>
Json tally_json(const std::map<Key, std::uint32_t>& tally) {
  Json out = Json::object();
  for (const auto& [key, count] : tally) out[std::to_string(key)] = count;
  return out;
}

Json burst_timeline_json(const scenario::BurstRecord& record) {
  Json buckets = Json::array();
  for (const scenario::BurstBucket& bucket : record.timeline) {
    buckets.push_back({
        {"start_ms", bucket.start_ms},
        {"opened", bucket.opened},
        {"upgraded", bucket.upgraded},
        {"echoes", bucket.echoes},
        {"http_statuses", tally_json(bucket.http_statuses)},
        {"close_codes", tally_json(bucket.close_codes)},
        {"dropped", bucket.dropped},
    });
  }
  return {{"bucket_ms", record.bucket_ms}, {"buckets", buckets}};
}

Json connections_json(const scenario::BurstRecord& record) {
  const scenario::BurstTally counts = scenario::tally(record);
  Json by_end = Json::object();
  for (const End end : kEnds)
    by_end[std::string(scenario::burst_end_name(end))] = counts.count(end);
  Json refusals = Json::object();
  for (const auto& [status, count] : counts.refusals) refusals[std::to_string(status)] = count;
  Json shed_codes = Json::object();
  for (const auto& [code, count] : counts.shed) shed_codes[std::to_string(code)] = count;
  return {
      {"total", record.connections.size()},
      {"by_end", by_end},
      {"refusals", refusals},
      {"with_retry_after", counts.refusals_with_retry_after},
      {"shed_codes", shed_codes},
      {"messages_sent", counts.messages_sent},
      {"echoes", counts.echoes},
      {"echo_mismatches", counts.echo_mismatches},
  };
}

}  // namespace

Json burst_json(const scenario::BurstRecord& record) {
  Json notes = Json::array();
  for (const std::string& note : record.notes) notes.push_back(replace_invalid_utf8(note));
  return {
      {"spec", spec_json(record.spec)},
      {"metrics", metrics_json(record.metrics)},
      {"timeline", burst_timeline_json(record)},
      {"connections", connections_json(record)},
      {"cut_short", record.cut_short},
      {"notes", notes},
      {"error", record.error.empty() ? Json(nullptr) : Json(replace_invalid_utf8(record.error))},
  };
}

Json peers_json(const scenario::Case* c, const std::vector<scenario::PeerRecord>& peers) {
  Json out = Json::array();
  for (const scenario::PeerRecord& peer : peers) {
    const bool named = c != nullptr && peer.group < c->peers.size();
    out.push_back({
        {"group",
         named ? replace_invalid_utf8(c->peers[peer.group].name) : std::to_string(peer.group)},
        {"when",
         !named ? Json(nullptr)
                : Json(c->peers[peer.group].when == scenario::PeerGroup::When::before ? "before"
                                                                                      : "after")},
        {"index", peer.index},
        {"attempts", peer.attempts},
        {"upgraded_after_ms", peer.upgraded_after_us < 0
                                  ? Json(nullptr)
                                  : Json(static_cast<double>(peer.upgraded_after_us) / 1000.0)},
        {"observed", observed_json(peer.transcript)},
        {"events", report::timeline_json(peer.transcript.events)},
    });
  }
  return out;
}

}  // namespace wsconform::report
