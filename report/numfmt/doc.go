// Package numfmt writes the numbers of bubblelab's reports, charts and web
// app in one house style, so that a figure reads the same in a headline, a
// table cell, a tick label and a tooltip:
//
//   - a true minus sign (U+2212), never a hyphen, and never "−0";
//   - thousands separators from 1,000 on;
//   - sensible decimals: three significant digits for amounts, one decimal
//     for percentages, whole numbers for counts;
//   - amounts in USD billions switch to trillions from $1,000bn ("$12.1tn");
//   - plurals that agree with their count ("1 event", "2 events").
//
// The interactive charts format numbers in the browser with a port of
// these rules (report/assets/bubblelab.js); a browser test checks that the
// two agree on a table of values.
package numfmt
