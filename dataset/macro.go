package dataset

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/bubblelab/bubblelab/data"
)

// MacroFact is one observed figure used to calibrate or check the model, with
// its source. Value holds the text as published ("630-700", "~92"); Low and
// High are its numeric reading (equal for a point value) when it has one.
type MacroFact struct {
	Fact        string
	Value       string
	Low, High   float64
	Numeric     bool
	Unit        string
	AsOf        string
	SourceTitle string
	SourceURL   string
	Line        int
}

// Mid is the midpoint of a numeric fact's range.
func (m MacroFact) Mid() float64 { return (m.Low + m.High) / 2 }

var macroColumns = []string{"fact", "value", "unit", "as_of"}

// ReadMacroFacts parses a macro facts file.
func ReadMacroFacts(r io.Reader, name string) ([]MacroFact, error) {
	t, err := openTable(r, name, macroColumns)
	if err != nil {
		return nil, err
	}
	var facts []MacroFact
	for {
		rw, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		m := MacroFact{Line: rw.line}
		if m.Fact, err = rw.required("fact"); err != nil {
			return nil, err
		}
		if m.Value, err = rw.required("value"); err != nil {
			return nil, err
		}
		m.Low, m.High, m.Numeric = parseFactValue(m.Value)
		m.Unit = rw.str("unit")
		m.AsOf = rw.str("as_of")
		m.SourceTitle = rw.str("source_title")
		m.SourceURL = rw.str("source_url")
		facts = append(facts, m)
	}
	return facts, nil
}

// parseFactValue reads "3.2", "~92", "+11", "630-700" and "3-7" as numbers or
// ranges; anything else (prose, "0.2 / 0.6 / 1.9") is not numeric.
func parseFactValue(s string) (lo, hi float64, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "~")
	num := func(x string) (float64, bool) {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	if v, ok := num(s); ok {
		return v, v, true
	}
	if i := strings.Index(s[min(1, len(s)):], "-"); i >= 0 {
		i += min(1, len(s))
		a, okA := num(s[:i])
		b, okB := num(s[i+1:])
		if okA && okB && a <= b {
			return a, b, true
		}
	}
	return 0, 0, false
}

// LoadMacroFacts reads the macro facts file at path.
func LoadMacroFacts(path string) ([]MacroFact, error) {
	src, err := Open(path, data.MacroFacts, "macro facts")
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return ReadMacroFacts(src, src.Name)
}

// DefaultMacroFacts returns the shipped macro facts (data/macro_facts.csv).
func DefaultMacroFacts() ([]MacroFact, error) {
	return readEmbedded("macro_facts.csv", ReadMacroFacts)
}

// FindFact returns the numeric fact with the given name whose as_of starts
// with asOf ("" matches any), or false.
func FindFact(facts []MacroFact, name, asOf string) (MacroFact, bool) {
	for _, m := range facts {
		if m.Fact == name && m.Numeric && strings.HasPrefix(m.AsOf, asOf) {
			return m, true
		}
	}
	return MacroFact{}, false
}
