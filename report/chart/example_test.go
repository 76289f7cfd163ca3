package chart_test

import (
	"bytes"
	"fmt"
	"log"
	"math"
	"os"
	"time"

	"github.com/bubblelab/bubblelab/report/chart"
)

// head prints the opening of an SVG document, enough to show what was
// produced without printing every coordinate.
func head(svg []byte) {
	i := bytes.Index(svg, []byte("<defs>"))
	fmt.Println(string(svg[:i]))
}

func ExampleLine() {
	months := []time.Time{
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
	}
	c := chart.Line{
		Title:  "Capex and final demand",
		YLabel: "$bn per month",
		YUnit:  chart.Unit{Prefix: "$", Suffix: "bn"},
		ID:     "shovel-gap",
		Width:  640, Height: 320,
	}
	c.Add(
		chart.Series{Name: "capex", T: months, Y: []float64{30, 34, 41}},
		chart.Series{Name: "final demand", T: months, Y: []float64{9, 9.5, 10}},
	)
	c.Events = []chart.Event{{Label: "rate hike", T: months[1]}}
	svg, err := c.SVG()
	if err != nil {
		log.Fatal(err)
	}
	head(svg)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" id="shovel-gap" width="640" height="320" viewBox="0 0 640 320" role="img" aria-labelledby="shovel-gap-title shovel-gap-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11"><title id="shovel-gap-title">Capex and final demand</title><desc id="shovel-gap-desc">Line chart showing capex; final demand. Horizontal axis: data from Jan 2025 to Mar 2025. Vertical axis ($bn per month): data from $9bn to $41bn. Marked events: rate hike: Feb 2025.</desc>
}

// A second y axis on the right, a log scale and NaN gaps.
func ExampleLine_rightAxis() {
	c := chart.Line{Title: "Index and AI share of gains", LogY: true, YLabel: "Index",
		Y2Label: "AI share", Y2Unit: chart.Unit{Suffix: "%", Scale: 100}, ID: "index"}
	c.Add(
		chart.Series{Name: "index", Y: []float64{100, 140, 220, 180}},
		chart.Series{Name: "AI share of gains", Y: []float64{0.2, 0.45, math.NaN(), 0.3}, Right: true},
	)
	svg, err := c.SVG()
	if err != nil {
		log.Fatal(err)
	}
	head(svg)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" id="index" width="720" height="360" viewBox="0 0 720 360" role="img" aria-labelledby="index-title index-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11"><title id="index-title">Index and AI share of gains</title><desc id="index-desc">Line chart showing index; AI share of gains (right axis). Horizontal axis: data from 0 to 3. Vertical axis (Index, logarithmic): data from 100 to 220. Right axis (AI share): data from 20% to 45%.</desc>
}

func ExampleArea() {
	c := chart.Area{Title: "AI revenue by provenance", YUnit: chart.Unit{Prefix: "$", Suffix: "bn"}, ID: "revenue"}
	years := []float64{2024, 2025, 2026}
	c.Add(
		chart.Series{Name: "final demand", X: years, Y: []float64{40, 55, 70}},
		chart.Series{Name: "outside equity", X: years, Y: []float64{60, 120, 30}},
		chart.Series{Name: "debt", X: years, Y: []float64{20, 80, 10}},
	)
	svg, err := c.SVG()
	if err != nil {
		log.Fatal(err)
	}
	head(svg)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" id="revenue" width="720" height="360" viewBox="0 0 720 360" role="img" aria-labelledby="revenue-title revenue-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11"><title id="revenue-title">AI revenue by provenance</title><desc id="revenue-desc">Stacked area chart showing final demand; outside equity; debt. Horizontal axis: data from 2024 to 2026. Vertical axis: data from $0bn to $255bn.</desc>
}

func ExampleBar() {
	c := chart.Bar{
		Title:      "Cohort P&L",
		Horizontal: true,
		Categories: []string{"hyperscalers", "neoclouds", "private credit"},
		ValueUnit:  chart.Unit{Prefix: "$", Suffix: "bn"},
		ShowValues: true,
		ID:         "pnl",
	}
	c.Add(chart.BarSeries{Name: "P&L", Values: []float64{42, -31.5, -12}})
	svg, err := c.SVG()
	if err != nil {
		log.Fatal(err)
	}
	head(svg)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" id="pnl" width="720" height="208" viewBox="0 0 720 208" role="img" aria-labelledby="pnl-title pnl-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11"><title id="pnl-title">Cohort P&amp;L</title><desc id="pnl-desc">Horizontal bar chart showing P&amp;L. Horizontal axis: data from −$31.5bn to $42bn. Vertical axis lists hyperscalers; neoclouds; private credit.</desc>
}

func ExampleHistogram() {
	var bursts []time.Time
	for i := range 40 {
		bursts = append(bursts, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 9*i*(i%7)))
	}
	c := chart.Histogram{Title: "Burst dates", Name: "runs", Times: bursts, ID: "bursts"}
	svg, err := c.SVG()
	if err != nil {
		log.Fatal(err)
	}
	head(svg)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" id="bursts" width="720" height="360" viewBox="0 0 720 360" role="img" aria-labelledby="bursts-title bursts-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11"><title id="bursts-title">Burst dates</title><desc id="bursts-desc">Histogram showing runs. Horizontal axis: data from 2026 to 2032. Vertical axis (Count): data from 1 to 20. 40 values from 2026-01-01 to 2031-01-11 in 6 bins.</desc>
}

func ExampleFanBands() {
	// Three simulated paths; real sweeps have hundreds.
	paths := [][]float64{
		{100, 110, 125},
		{100, 104, 101},
		{100, 98, 90},
	}
	bands, median, err := chart.FanBands(paths, 0.9, 0.5)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range bands {
		fmt.Println(b.Name, b.Lo, b.Hi)
	}
	fmt.Println("median", median)
	c := chart.Fan{Title: "AI index across runs", X: []float64{0, 1, 2}, Bands: bands, Median: median}
	if _, err := c.SVG(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 5–95% [100 98.6 91.1] [100 109.4 122.6]
	// 25–75% [100 101 95.5] [100 107 113]
	// median [100 104 101]
}

func ExampleScatter() {
	c := chart.Scatter{Title: "Valuation against earnings", XLabel: "Earnings", YLabel: "Market value", LogY: true, ID: "valuation"}
	c.Add(chart.Series{Name: "AI firms", X: []float64{1, 2, 4}, Y: []float64{80, 300, 500}, Labels: []string{"A", "B", "C"}})
	svg, err := c.SVG()
	if err != nil {
		log.Fatal(err)
	}
	head(svg)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" id="valuation" width="720" height="360" viewBox="0 0 720 360" role="img" aria-labelledby="valuation-title valuation-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="11"><title id="valuation-title">Valuation against earnings</title><desc id="valuation-desc">Scatter plot showing AI firms. Horizontal axis (Earnings): data from 1 to 4. Vertical axis (Market value, logarithmic): data from 80 to 500.</desc>
}

func ExampleGrid() {
	panel := func(name string, ys []float64) chart.Line {
		c := chart.Line{Title: name, Width: 320, Height: 220, YRange: chart.Range{Min: 0, Max: 10}}
		c.Add(chart.Series{Name: name, Y: ys})
		return c
	}
	g := chart.Grid{
		Title:   "GDP gap by region",
		Columns: 2,
		Charts:  []chart.Renderer{panel("US", []float64{1, 3, 6}), panel("EU", []float64{1, 2, 2.5})},
		ID:      "regions",
	}
	svg, err := g.SVG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Count(svg, []byte("<svg ")), "svg elements")
	// Output:
	// 3 svg elements
}

func ExampleWriteStandalone() {
	c := chart.Line{Title: "Standalone", ID: "file"}
	c.Add(chart.Series{Name: "a", Y: []float64{1, 2, 3}})
	// Writes an XML declaration first, so the file opens in any SVG viewer.
	if err := chart.WriteStandalone(os.Stdout, c); err != nil {
		log.Fatal(err)
	}
}
