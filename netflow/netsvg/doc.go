// Package netsvg draws a deal network and its circular flow as a
// self-contained SVG picture: no scripts, no external fonts or images, only
// generic font families, so the file opens offline in any browser.
//
// Layout is deterministic: nodes sit on a circle, grouped by role (model
// labs, chip vendors, hyperscalers, ...) and sorted by name within a group.
// Each edge is a curved arrow whose width grows with the square root of its
// amount. The circular part of an edge (from netflow.MaxCirculation) is drawn
// over it as a dashed, darker stroke whose width grows with the circular
// amount, so it can be told apart without colour; the rest of the edge is the
// directional part. Every edge and node carries a <title> tooltip with its
// amounts and deal IDs.
package netsvg
