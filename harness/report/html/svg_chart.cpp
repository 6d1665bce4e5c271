#include "report/html/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "report/text/escape.hpp"

namespace wsconform::report {

namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 240;
constexpr double kLeft = 64;
constexpr double kRight = 16;
constexpr double kTop = 28;
constexpr double kBottom = 58;  // x axis labels and the legend
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;

constexpr std::array<std::string_view, 8> kPalette = {"#2563eb", "#dc2626", "#16a34a", "#d97706",
                                                      "#7c3aed", "#0891b2", "#db2777", "#4b5563"};

// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`.
double nice_ceiling(double value) {
  if (!(value > 0) || !std::isfinite(value)) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  for (const double step : {1.0, 2.0, 5.0, 10.0}) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

std::string number(double value) {
  if (std::fabs(value) >= 10000) return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

struct Scale {
  double x_min = 0, x_max = 1, y_max = 1;
  double x(double value) const {
    return kLeft + (x_max > x_min ? (value - x_min) / (x_max - x_min) : 0.5) * kPlotWidth;
  }
  double y(double value) const { return kTop + kPlotHeight - value / y_max * kPlotHeight; }
};

std::string open_svg(const ChartAxes& axes) {
  return fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">"
      "<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#111827\">{}</text>",
      kWidth, kHeight, kWidth, kHeight, html_escape(axes.title), kLeft, html_escape(axes.title));
}

std::string axes_svg(const ChartAxes& axes, const Scale& scale) {
  std::string out;
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = scale.y_max * tick / 4;
    const double y = scale.y(value);
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#e5e7eb\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\" fill=\"#4b5563\">{}"
        "</text>",
        kLeft, y, kLeft + kPlotWidth, y, kLeft - 4, y + 3, number(value));
  }
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = scale.x_min + (scale.x_max - scale.x_min) * tick / 4;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#4b5563\">{}"
        "</text>",
        scale.x(value), kTop + kPlotHeight + 13, number(value));
  }
  out += fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9ca3af\"/>"
      "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#374151\">{}</text>"
      "<text x=\"12\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#374151\" "
      "transform=\"rotate(-90 12 {})\">{}</text>",
      kLeft, kTop + kPlotHeight, kLeft + kPlotWidth, kTop + kPlotHeight, kLeft + kPlotWidth / 2,
      kTop + kPlotHeight + 26, html_escape(axes.x_label), kTop + kPlotHeight / 2,
      kTop + kPlotHeight / 2, html_escape(axes.y_label));
  return out;
}

std::string legend_svg(const std::vector<ChartSeries>& series) {
  std::string out;
  double x = kLeft;
  const double y = kHeight - 12;
  for (const auto& entry : series) {
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" fill=\"#111827\">{}</text>",
        x, y - 9, html_escape(entry.colour), x + 14, y, html_escape(entry.name));
    x += 24 + 6.5 * static_cast<double>(entry.name.size());
  }
  return out;
}

Scale scale_of(const std::vector<ChartSeries>& series, double extra_x = 0) {
  Scale scale;
  bool any = false;
  double y_max = 0;
  for (const auto& entry : series) {
    for (const auto& [x, y] : entry.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      scale.x_min = any ? std::min(scale.x_min, x) : x;
      scale.x_max = any ? std::max(scale.x_max, x) : x;
      y_max = std::max(y_max, y);
      any = true;
    }
  }
  scale.x_max += extra_x;
  if (!any) scale = Scale{};
  scale.y_max = nice_ceiling(y_max);
  return scale;
}

std::string empty_note(const Scale& scale) {
  return fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#6b7280\">no "
      "data</text>",
      scale.x((scale.x_min + scale.x_max) / 2), kTop + kPlotHeight / 2);
}

bool has_points(const std::vector<ChartSeries>& series) {
  return std::any_of(series.begin(), series.end(),
                     [](const ChartSeries& entry) { return !entry.points.empty(); });
}

}  // namespace

std::string_view chart_colour(std::size_t index) {
  return kPalette[index % kPalette.size()];
}

std::string svg_line_chart(const ChartAxes& axes, const std::vector<ChartSeries>& series) {
  const Scale scale = scale_of(series);
  std::string out = open_svg(axes) + axes_svg(axes, scale);
  if (!has_points(series)) out += empty_note(scale);
  for (const auto& entry : series) {
    std::string points;
    for (const auto& [x, y] : entry.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      points += fmt::format("{:.1f},{:.1f} ", scale.x(x), scale.y(y));
    }
    if (entry.points.size() == 1) {
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>",
                         scale.x(entry.points[0].first), scale.y(entry.points[0].second),
                         html_escape(entry.colour));
    } else if (!points.empty()) {
      points.pop_back();
      out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                         points, html_escape(entry.colour));
    }
  }
  return out + legend_svg(series) + "</svg>";
}

std::string svg_stacked_bars(const ChartAxes& axes, double bucket_width,
                             const std::vector<ChartSeries>& layers) {
  // Totals per x, for the y scale.
  std::map<double, double> totals;
  for (const auto& layer : layers) {
    for (const auto& [x, y] : layer.points) {
      if (std::isfinite(x) && std::isfinite(y))
        totals[x] += std::max(0.0, y);  // every x, for the range
    }
  }
  std::vector<ChartSeries> total_series{{"", "", {totals.begin(), totals.end()}}};
  const Scale scale = scale_of(total_series, bucket_width);
  std::string out = open_svg(axes) + axes_svg(axes, scale);
  if (std::none_of(totals.begin(), totals.end(),
                   [](const auto& total) { return total.second > 0; })) {
    out += empty_note(scale);
  }
  const double bar_width =
      std::max(1.0, scale.x(scale.x_min + bucket_width) - scale.x(scale.x_min) - 1);
  std::map<double, double> stacked;
  for (const auto& layer : layers) {
    for (const auto& [x, y] : layer.points) {
      if (!std::isfinite(x) || !std::isfinite(y) || y <= 0) continue;
      const double base = stacked[x];
      stacked[x] = base + y;
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{}: {} at {}</title></rect>",
          scale.x(x), scale.y(base + y), bar_width, scale.y(base) - scale.y(base + y),
          html_escape(layer.colour), html_escape(layer.name), number(y), number(x));
    }
  }
  return out + legend_svg(layers) + "</svg>";
}

std::string svg_horizontal_bars(const ChartAxes& axes, const std::vector<ChartBar>& bars,
                                std::string_view unit) {
  double max = 0;
  for (const auto& bar : bars) {
    if (std::isfinite(bar.value)) max = std::max(max, bar.value);
  }
  const double top = nice_ceiling(max);
  const double row = 26;
  const double height = kTop + row * static_cast<double>(bars.size()) + 24;
  std::string out = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">"
      "<text x=\"{}\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#111827\">{}</text>",
      kWidth, height, kWidth, height, html_escape(axes.title), kLeft, html_escape(axes.title));
  for (std::size_t index = 0; index < bars.size(); ++index) {
    const ChartBar& bar = bars[index];
    const double value = std::isfinite(bar.value) ? std::max(0.0, bar.value) : 0;
    const double y = kTop + row * static_cast<double>(index);
    const double width = value / top * (kPlotWidth - 80);
    out += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" fill=\"#374151\">{}"
        "</text><rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"#111827\">{} {}</text>",
        kLeft - 6, y + 13, html_escape(bar.label), kLeft, y, width, chart_colour(index),
        kLeft + width + 6, y + 13, number(value), html_escape(unit));
  }
  out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" fill=\"#4b5563\">{}</text>",
                     kLeft, height - 6, html_escape(axes.x_label));
  return out + "</svg>";
}

}  // namespace wsconform::report
