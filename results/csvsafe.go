package results

import (
	"encoding/csv"
	"io"
	"strconv"
)

// CSVWriter is a csv.Writer whose text cells cannot run as spreadsheet
// formulas. A firm or deal named "=1+2+cmd|x" comes from an input file
// that anyone may have written; written unchanged into a CSV, Excel,
// LibreOffice and Google Sheets evaluate it when the file is opened. So a
// cell starting with =, +, -, @, a tab or a carriage return is written with
// a leading apostrophe (the usual defence, which spreadsheets show as a
// text marker), unless the whole cell is a number such as -0.5 or +1e3,
// which cannot run and must stay a number.
type CSVWriter struct {
	w   *csv.Writer
	rec []string
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record, neutralising its cells; rec is not changed.
func (c *CSVWriter) Write(rec []string) error {
	c.rec = c.rec[:0]
	for _, s := range rec {
		c.rec = append(c.rec, SafeCell(s))
	}
	return c.w.Write(c.rec)
}

// Flush writes buffered data to the underlying writer.
func (c *CSVWriter) Flush() { c.w.Flush() }

// Error reports an error of an earlier Write or Flush.
func (c *CSVWriter) Error() error { return c.w.Error() }

// SafeCell returns s with a leading apostrophe when a spreadsheet would
// take it for a formula (see CSVWriter), and s itself otherwise.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
