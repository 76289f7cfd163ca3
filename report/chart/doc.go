// Package chart draws the charts of bubblelab reports as self-contained,
// accessible and reproducible SVG, using only the standard library.
//
// # Chart kinds
//
// Each kind is a plain struct: set its fields, add data, and call SVG or
// WriteSVG.
//
//   - [Line]: several series against a numeric or date x axis, with an
//     optional second y axis on the right and an optional log scale.
//   - [Area]: stacked areas whose top edge is the total.
//   - [Bar]: grouped or stacked bars, upright or horizontal, negative
//     values allowed.
//   - [Histogram]: the distribution of numbers or dates.
//   - [Fan]: nested quantile bands around a median; [FanBands] computes
//     them from simulated paths.
//   - [Scatter]: markers, with optional per-point labels.
//   - [Grid]: small multiples of any of the above in one <svg>.
//
// Line, Area, Histogram and Fan charts can shade intervals of the x axis
// ([Span], e.g. bubble episodes) and mark single dates or values with a
// labelled vertical line ([Event]). Their labels are set in rows above the
// plot, so they neither overlap each other nor hide data.
//
// # Data
//
// A [Series] holds either numeric X values or dates T, plus the values Y.
// A NaN in Y leaves a gap (lines break, stacks skip that x); ±Inf is an
// error, as are mismatched lengths, values that a log scale cannot show,
// and mixing dates and numbers on one axis. Charts check everything before
// writing, so on error nothing is written.
//
// # Axes
//
// Value axes get ticks at round numbers (1, 2 or 5 times a power of ten)
// and, unless a [Range] fixes them, extend to the nearest ticks beyond
// the data. Log axes tick at powers of ten, or at 1-2-5 or 1..9 multiples
// when the range is narrow. Date axes tick at calendar boundaries (years,
// half-years, quarters, months, weeks, days or hours, depending on the
// span) and are computed in UTC, so output does not depend on the local
// time zone. A [Unit] writes tick labels and tooltips with a prefix and
// suffix ("$12bn", "25%"), optionally scaling the data first. Tick labels
// of the horizontal axis are kept apart: numeric and date axes use fewer
// ticks, and long category labels are rotated and, if still too dense,
// thinned.
//
// # Accessibility
//
// Every chart is an <svg role="img"> labelled by its <title> and a <desc>
// that holds the caption, any extra Desc text and a generated summary:
// the series, the data range of each axis and the marked spans and
// events. Points, bars, bands, spans and events carry <title> elements,
// which browsers show as native tooltips with the series name and value.
// Series never differ by colour alone: lines get distinct dash patterns,
// scatter series distinct marker shapes, and areas and bars distinct
// hatching. Colours come from the Okabe–Ito palette, which stays
// distinguishable with the common colour vision deficiencies.
//
// # Output
//
// WriteSVG writes one <svg> element with no XML declaration, ready to
// inline in HTML; [WriteStandalone] adds the declaration for a .svg file.
// All text is escaped, so names and labels cannot inject markup. Output is
// deterministic: the same chart always gives the same bytes, because
// coordinates are written with two decimals and nothing depends on map
// order, time or environment. Element ids (the clip path, fill patterns,
// title and description) start with the chart's ID field or, when it is
// empty, with a hash of the chart's content, so several charts can be
// inlined in one page without id clashes. Give charts explicit IDs when
// the same chart may appear twice on a page.
//
// # Long series
//
// A line with more points than its plot has pixel columns is decimated:
// for each pixel column only the first, last, lowest and highest points
// are kept. The drawn line covers the same pixels, but a 25,000-point
// daily series costs tens of kilobytes instead of hundreds. Tooltips are
// spread evenly, about one per 8 pixels. Set KeepAllPoints to write every
// point.
package chart
