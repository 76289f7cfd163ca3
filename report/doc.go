// Package report writes bubblelab's results as self-contained HTML pages
// that a person can open offline: one file, no network, no scripts, charts
// as inline SVG drawn by package report/chart, tables for the exact
// numbers, and a caption under every chart that says what it shows.
//
// The pages are:
//
//   - a run (WriteRun, RunReport): where AI revenue comes from, the shovel
//     gap, the AI market, households, GDP, compute and its stranded value,
//     export controls, round trips by firm, defaults, the deal network with
//     its cycles, the event log and the parameters used;
//   - a comparison of two runs side by side with difference charts
//     (WriteCompare);
//   - the article's claims beside the evidence, each with a computed
//     verdict (Claims, WriteClaims);
//   - a Monte Carlo sweep (WriteSweep): burst dates, fan charts, loss
//     quantiles, sensitivity;
//   - bubble detection on a price series (WriteDetect): the series with
//     shaded episodes and the indicators;
//   - a deal network (WriteLoops) and a default cascade on it (WriteStress).
//
// Every page is built from sections, each produced by one small function
// from the data it needs; a section whose data a run does not have is left
// out rather than drawn empty. Output is deterministic: the same inputs give
// the same bytes (no clock, no map order, no random ids). Pages are valid
// HTML5 with headings, table captions, labelled figures and verdicts that
// are written in words as well as coloured, so they read without colour.
package report
