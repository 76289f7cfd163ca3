package chart

import (
	"math"
	"testing"
	"time"
)

// longRun is a 25,000-day series (about 68 years), the length of a long
// daily simulation.
func longRun() Line {
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 25000
	t := make([]time.Time, n)
	a := make([]float64, n)
	b := make([]float64, n)
	rng := xorshift(7)
	level := 100.0
	for i := range n {
		t[i] = start.AddDate(0, 0, i)
		level *= math.Exp(0.0002 + 0.01*rng.normal())
		a[i] = level
		b[i] = 100 * math.Exp(0.0002*float64(i))
	}
	c := Line{Title: "25,000 daily points", LogY: true, YLabel: "Index"}
	c.Add(Series{Name: "simulated index", T: t, Y: a}, Series{Name: "trend", T: t, Y: b})
	c.Spans = []Span{{Label: "episode", Start: start.AddDate(20, 0, 0), End: start.AddDate(25, 0, 0)}}
	return c
}

func TestLongSeriesIsDecimated(t *testing.T) {
	c := longRun()
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, svg)
	// Two series of 25,000 points would take about 700 KB undecimated;
	// decimated they are bounded by the plot width.
	if len(svg) > 150_000 {
		t.Errorf("decimated SVG is %d bytes, want under 150 KB", len(svg))
	}
	c.KeepAllPoints = true
	full, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if len(full) < 4*len(svg) {
		t.Errorf("KeepAllPoints output (%d bytes) is not much larger than the decimated one (%d bytes)", len(full), len(svg))
	}
}
