#include "report/html/charts.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>

#include "report/html/svg_chart.hpp"
#include "report/json/fields.hpp"
#include "report/text/escape.hpp"

namespace wsconform::report {

namespace {

std::optional<int> key_number(const std::string& key) {
  int value = 0;
  const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), value);
  if (error != std::errc() || end != key.data() + key.size()) return std::nullopt;
  return value;
}

std::string number_cell(const Json& object, std::string_view key, std::string_view unit) {
  const Json& field = object_field(object, key);
  if (!field.is_number()) return "—";
  const double value = field.get<double>();
  if (std::fabs(value) < 1e15 && value == std::floor(value)) {
    return fmt::format("{}{}", static_cast<long long>(value), unit);
  }
  return fmt::format("{:.1f}{}", value, unit);
}

std::string row(std::string_view label, const std::string& value) {
  return fmt::format("<tr><th>{}</th><td>{}</td></tr>", html_escape(label), value);
}

// Per-bucket counts of a map field ("close_codes", "http_statuses"), one series per key.
void add_keyed_layers(const Json& buckets, std::string_view field, std::string_view prefix,
                      std::vector<ChartSeries>& layers) {
  std::map<std::string, std::size_t> index_of;
  for (const auto& bucket : buckets) {
    const Json& counts = object_field(bucket, field);
    if (!counts.is_object()) continue;
    const double start = number_field(bucket, "start_ms");
    for (const auto& [key, value] : counts.items()) {
      if (!value.is_number()) continue;
      auto [it, added] = index_of.emplace(key, layers.size());
      if (added) {
        layers.push_back({std::string(prefix) + key, std::string(chart_colour(layers.size())), {}});
      }
      layers[it->second].points.emplace_back(start, value.get<double>());
    }
  }
}

ChartSeries bucket_series(const Json& buckets, std::string_view field, std::string name,
                          std::size_t colour) {
  ChartSeries series{std::move(name), std::string(chart_colour(colour)), {}};
  for (const auto& bucket : buckets) {
    series.points.emplace_back(number_field(bucket, "start_ms"), number_field(bucket, field));
  }
  return series;
}

}  // namespace

void burst_codes(const Json& burst, std::set<int>& close_codes, std::set<int>& http_statuses) {
  for (const auto& bucket : array_field(object_field(burst, "timeline"), "buckets")) {
    for (const auto& [field, into] :
         {std::pair{"close_codes", &close_codes}, std::pair{"http_statuses", &http_statuses}}) {
      const Json& counts = object_field(bucket, field);
      if (!counts.is_object()) continue;
      for (const auto& item : counts.items()) {
        if (const auto value = key_number(item.key())) into->insert(*value);
      }
    }
  }
}

std::string burst_html(const Json& burst) {
  if (!burst.is_object()) return {};
  const Json& metrics = object_field(burst, "metrics");
  const Json& handshake = object_field(metrics, "handshake_ms");
  const Json& connections = object_field(burst, "connections");
  std::string out =
      "<section class=\"burst\"><h4>Burst</h4><div class=\"burst-grid\"><table class=\"kv\">";
  out += row("elapsed", number_cell(metrics, "elapsed_ms", " ms"));
  out += row("connects", number_cell(metrics, "connects_per_s", " /s"));
  out += row("messages", number_cell(metrics, "messages_per_s", " /s"));
  out += row("peak open", number_cell(metrics, "peak_open", ""));
  const Json& recover = object_field(metrics, "recover_ms");
  out +=
      row("recovered", recover.is_number() ? fmt::format("after {:.4g} ms", recover.get<double>())
                                           : std::string("<span class=\"bad\">no</span>"));
  out += row("connections", number_cell(connections, "total", ""));
  const Json& by_end = object_field(connections, "by_end");
  if (by_end.is_object()) {
    for (const auto& [end, count] : by_end.items()) {
      if (count.is_number()) {
        out += row("  " + end, fmt::format("{}", count.get<double>()));
      }
    }
  }
  out += "</table>";
  std::vector<ChartBar> percentiles;
  for (const char* name : {"p50", "p90", "p99", "max"}) {
    percentiles.push_back({name, number_field(handshake, name)});
  }
  out +=
      svg_horizontal_bars({"Handshake latency", "time from connect to 101", ""}, percentiles, "ms");
  out += "</div>";

  const Json& timeline = object_field(burst, "timeline");
  const Json& buckets = array_field(timeline, "buckets");
  double bucket_ms = number_field(timeline, "bucket_ms");
  if (bucket_ms <= 0) bucket_ms = 100;
  std::vector<ChartSeries> ends;
  add_keyed_layers(buckets, "close_codes", "close ", ends);
  add_keyed_layers(buckets, "http_statuses", "HTTP ", ends);
  ChartSeries dropped = bucket_series(buckets, "dropped", "dropped", ends.size());
  ends.push_back(std::move(dropped));
  out += svg_stacked_bars(
      {"Close codes, refusals and drops over time", "ms since the burst began", "connections"},
      bucket_ms, ends);
  out += svg_line_chart({"Connections over time", "ms since the burst began", "per bucket"},
                        {bucket_series(buckets, "opened", "opened", 0),
                         bucket_series(buckets, "upgraded", "upgraded", 2),
                         bucket_series(buckets, "echoes", "echoes", 3)});
  return out + "</div></section>";
}

std::string fuzz_html(const Json& fuzz) {
  if (!fuzz.is_object()) return {};
  const Json& campaign = object_field(fuzz, "campaign");
  std::string out =
      "<section id=\"fuzz\" class=\"panel\"><h2>Fuzz campaign</h2><div class=\"burst-grid\"><table "
      "class=\"kv\">";
  out += row("target", html_escape(string_field(campaign, "target")));
  out += row("seed", number_cell(campaign, "seed", ""));
  out += row("duration", number_cell(campaign, "duration_s", " s"));
  out += row("inputs", number_cell(campaign, "inputs", ""));
  out += row("inputs/s", number_cell(campaign, "inputs_per_s", ""));
  out += row("findings", fmt::format("{}", array_field(fuzz, "findings").size()));
  out += "</table></div>";
  ChartSeries rate{"inputs/s", std::string(chart_colour(0)), {}};
  ChartSeries corpus{"corpus", std::string(chart_colour(2)), {}};
  ChartSeries findings{"findings", std::string(chart_colour(1)), {}};
  for (const auto& point : array_field(fuzz, "timeline")) {
    const double t = number_field(point, "t_s");
    rate.points.emplace_back(t, number_field(point, "inputs_per_s"));
    corpus.points.emplace_back(t, number_field(point, "corpus"));
    findings.points.emplace_back(t, number_field(point, "findings"));
  }
  out += "<div class=\"charts\">";
  out += svg_line_chart({"Inputs per second", "s since the campaign began", "inputs/s"}, {rate});
  out += svg_line_chart({"Corpus size", "s since the campaign began", "inputs"}, {corpus});
  out += svg_line_chart({"Findings", "s since the campaign began", "findings"}, {findings});
  out += "</div>";
  const Json& found = array_field(fuzz, "findings");
  if (!found.empty()) {
    out +=
        "<table class=\"grid\"><thead><tr><th>signature</th><th>verdict</th><th>reason</th>"
        "<th>file</th></tr></thead><tbody>";
    for (const auto& finding : found) {
      out += fmt::format(
          "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code>"
          "</td></tr>",
          html_escape(string_field(finding, "signature")),
          html_escape(string_field(finding, "verdict")),
          html_escape(string_field(finding, "reason")), html_escape(string_field(finding, "file")));
    }
    out += "</tbody></table>";
  }
  return out + "</section>";
}

}  // namespace wsconform::report
