package main

import (
	"bytes"
	"fmt"
	"time"

	"github.com/bubblelab/bubblelab/report"
	"github.com/bubblelab/bubblelab/report/chart"
)

// detectSVG draws the series with the PSY episodes shaded, the BSADF
// sequence against its critical values, and the LPPLS confidence indicator.
func detectSVG(r *detectReport) ([]byte, error) {
	name := r.Column
	if r.Log {
		name = "log " + name
	}
	var charts []chart.Renderer
	top := chart.Line{Title: "Series and date-stamped bubble episodes", Width: 760, Height: 300, ID: "detect-series",
		Caption: "Shaded spans are the episodes in which the BSADF statistic exceeded its critical value (PSY 2015).",
		YLabel:  name}
	top.Add(chart.Series{Name: name, T: r.dates, Y: r.values})
	if p := r.PSY; p != nil {
		for _, e := range p.Episodes {
			s, _ := time.Parse("2006-01-02", e.Start)
			en, _ := time.Parse("2006-01-02", e.End)
			top.Spans = append(top.Spans, chart.Span{Label: "episode " + e.Start[:7], Start: s, End: en})
		}
	}
	charts = append(charts, top)
	if p := r.PSY; p != nil && len(p.BSADF) > 0 {
		ts := make([]time.Time, len(p.Dates))
		for i, d := range p.Dates {
			ts[i], _ = time.Parse("2006-01-02", d)
		}
		c := chart.Line{Title: "BSADF and its critical values", Width: 760, Height: 260, ID: "detect-bsadf",
			Caption: "The backward sup ADF statistic at each date against the critical-value sequence at the chosen level.",
			YLabel:  "statistic"}
		c.Add(chart.Series{Name: "BSADF", T: ts, Y: p.BSADF}, chart.Series{Name: "critical value", T: ts, Y: p.CV})
		charts = append(charts, c)
	}
	if l := r.LPPLS; l != nil && len(l.Indicator) > 0 {
		ts := make([]time.Time, len(l.Indicator))
		pos := make([]float64, len(l.Indicator))
		neg := make([]float64, len(l.Indicator))
		for i, p := range l.Indicator {
			ts[i], _ = time.Parse("2006-01-02", p.Date)
			pos[i], neg[i] = p.Positive, p.Negative
		}
		c := chart.Line{Title: "LPPLS confidence indicator", Width: 760, Height: 260, ID: "detect-lppls",
			Caption: "Share of nested windows whose LPPLS fit qualifies as a positive (B < 0) or negative (B > 0) bubble.",
			YLabel:  "share of windows", YUnit: chart.Unit{Suffix: "%", Scale: 100}, YRange: chart.Range{Min: 0, Max: 1}}
		c.Add(chart.Series{Name: "positive bubble", T: ts, Y: pos}, chart.Series{Name: "negative bubble", T: ts, Y: neg})
		charts = append(charts, c)
	}
	if len(charts) == 1 {
		return top.SVG()
	}
	g := chart.Grid{Title: "bubblelab detect: " + r.File, Columns: 1, Charts: charts, ID: "detect"}
	var buf bytes.Buffer
	if err := g.WriteSVG(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// detectPage turns detect's result into the HTML report's input.
func detectPage(r *detectReport) *report.DetectReport {
	name := r.Column
	if r.Log {
		name = "log " + name
	}
	page := &report.DetectReport{Title: "Bubble detection: " + r.File, Source: r.File,
		Series: report.DetectSeries{Name: name, T: r.dates, Y: r.values}}
	parse := func(s string) time.Time {
		t, _ := time.Parse("2006-01-02", s)
		return t
	}
	if p := r.PSY; p != nil {
		page.AddPSY(p.det, r.dates)
	}
	if l := r.LPPLS; l != nil && len(l.Indicator) > 0 {
		ts := make([]time.Time, len(l.Indicator))
		pos := make([]float64, len(l.Indicator))
		for i, pt := range l.Indicator {
			ts[i], pos[i] = parse(pt.Date), pt.Positive
		}
		page.Indicators = append(page.Indicators, report.DetectIndicator{Name: "LPPLS confidence (positive bubble)",
			Caption: "Share of nested windows whose LPPLS fit qualifies as a positive bubble.", T: ts, Y: pos,
			Unit: chart.Unit{Suffix: "%", Scale: 100}, YRange: chart.Range{Min: 0, Max: 1}})
		f := l.LastFit
		page.Notes = append(page.Notes, fmt.Sprintf("LPPLS fit on %s..%s: tc %s, m %.3f, omega %.2f, %s bubble, qualifies: %v.", f.Start, f.End, f.Tc, f.M, f.Omega, f.Bubble, f.Qualified))
	}
	return page
}
