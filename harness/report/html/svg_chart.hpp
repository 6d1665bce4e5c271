// Small inline SVG charts for report.html: lines over time, stacked bars over time, and
// horizontal bars. No script, no style attributes (the page's Content-Security-Policy forbids
// them): presentation attributes only. Every label is HTML-escaped here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wsconform::report {

struct ChartSeries {
  std::string name;
  std::string colour;                             // "#1f77b4"
  std::vector<std::pair<double, double>> points;  // (x, y); for bars, y per x of the chart
};

struct ChartAxes {
  std::string title;
  std::string x_label;
  std::string y_label;
};

// Lines through each series' points; a single point is drawn as a dot.
std::string svg_line_chart(const ChartAxes& axes, const std::vector<ChartSeries>& series);

// One bar per x (the bucket's start), its layers stacked in series order. `bucket_width` is in
// x units. Series points give (x, count); a missing x counts as 0.
std::string svg_stacked_bars(const ChartAxes& axes, double bucket_width,
                             const std::vector<ChartSeries>& layers);

struct ChartBar {
  std::string label;
  double value = 0;
};
// Horizontal bars, one per entry, labelled with the value and `unit`.
std::string svg_horizontal_bars(const ChartAxes& axes, const std::vector<ChartBar>& bars,
                                std::string_view unit);

// A colour for the nth series (a fixed palette that cycles).
std::string_view chart_colour(std::size_t index);

}  // namespace wsconform::report
