package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata")

// month returns the first day of the i-th month after January 2023.
func month(i int) time.Time { return time.Date(2023, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }

// fixture is a small fixed "run": smooth, deterministic series shaped like
// what the simulator produces, so goldens look like real report charts.
type fixture struct {
	t                                     []time.Time
	demand, equity, debt, roundTrip, capx []float64
	index                                 []float64
}

func newFixture() fixture {
	var f fixture
	for i := range 48 {
		x := float64(i)
		f.t = append(f.t, month(i))
		boom := 1 / (1 + math.Exp(-(x-20)/4))
		bust := 1 / (1 + math.Exp(-(x-36)/2))
		f.demand = append(f.demand, 4+0.25*x+math.Sin(x/3))
		f.equity = append(f.equity, 2+18*boom*(1-0.8*bust))
		f.debt = append(f.debt, 1+9*boom*(1-0.6*bust))
		f.roundTrip = append(f.roundTrip, 0.5+7*boom*(1-0.9*bust))
		f.capx = append(f.capx, 6+40*boom*(1-0.7*bust))
		f.index = append(f.index, 100*math.Exp(1.6*boom*(1-0.7*bust)+0.02*math.Sin(x)))
	}
	return f
}

type goldenCase struct {
	name  string
	chart Renderer
}

func goldenCases() []goldenCase {
	f := newFixture()
	revenue := Area{
		Title:   "AI revenue by provenance",
		Caption: "Monthly revenue of AI firms, stacked by where the money ultimately comes from.",
		YLabel:  "Revenue per month", YUnit: Unit{Prefix: "$", Suffix: "bn"},
		Width: 640, Height: 340,
	}
	revenue.Add(
		Series{Name: "final demand", T: f.t, Y: f.demand},
		Series{Name: "outside equity", T: f.t, Y: f.equity},
		Series{Name: "debt", T: f.t, Y: f.debt},
		Series{Name: "AI firms' own money", T: f.t, Y: f.roundTrip},
	)

	gap := Line{
		Title:   "The shovel gap",
		Caption: "AI capital expenditure against final demand for AI services; the difference is financed by equity and debt.",
		YLabel:  "$bn per month", YUnit: Unit{Prefix: "$", Suffix: "bn"},
		Y2Label: "Capex / demand", Y2Unit: Unit{Suffix: "×"},
		Width: 640, Height: 340,
		Spans:  []Span{{Label: "boom", Start: month(14), End: month(34)}},
		Events: []Event{{Label: "rate hike", T: month(30)}, {Label: "first default", T: month(35)}},
	}
	ratio := make([]float64, len(f.t))
	for i := range ratio {
		ratio[i] = f.capx[i] / f.demand[i]
	}
	gap.Add(
		Series{Name: "capex", T: f.t, Y: f.capx},
		Series{Name: "final demand", T: f.t, Y: f.demand},
		Series{Name: "ratio", T: f.t, Y: ratio, Right: true},
	)

	index := Line{
		Title: "AI equity index (log scale)", LogY: true,
		YLabel: "Index, Jan 2023 = 100", Width: 640, Height: 300,
		Spans:  []Span{{Label: "episode 1", Start: month(12), End: month(36)}},
		Events: []Event{{Label: "peak", T: month(31)}},
	}
	index.Add(Series{Name: "AI index", T: f.t, Y: f.index})

	pnl := Bar{
		Title:      "Cohort P&L at the end of the run",
		Caption:    "Profit or loss of each investor cohort; losses extend left of zero.",
		Horizontal: true, ValueLabel: "P&L", ValueUnit: Unit{Prefix: "$", Suffix: "bn"},
		Categories: []string{"Hyperscalers", "Neoclouds", "Chip makers", "Private credit", "Retail investors", "Pension funds"},
		ShowValues: true, Width: 640,
	}
	pnl.Add(BarSeries{Name: "P&L", Values: []float64{42, -31.5, 88, -12.25, -47, 5}})

	sens := Bar{
		Title:         "Loss quantiles by scenario",
		CategoryLabel: "Scenario", ValueLabel: "Loss", ValueUnit: Unit{Suffix: "%", Scale: 100},
		Categories: []string{"baseline", "tight money", "open market", "circular deals"},
		Width:      640, Height: 320,
	}
	sens.Add(
		BarSeries{Name: "median", Values: []float64{0.04, 0.09, 0.02, 0.12}},
		BarSeries{Name: "90th percentile", Values: []float64{0.11, 0.21, 0.06, 0.29}},
		BarSeries{Name: "99th percentile", Values: []float64{0.19, 0.35, 0.10, 0.44}},
	)

	stacked := Bar{
		Title:      "Financing of AI capex by year",
		Stacked:    true,
		ValueLabel: "$bn", ValueUnit: Unit{Prefix: "$", Suffix: "bn"},
		Categories: []string{"2023", "2024", "2025", "2026"},
		Width:      640, Height: 320,
	}
	stacked.Add(
		BarSeries{Name: "cash flow", Values: []float64{60, 80, 90, 70}},
		BarSeries{Name: "equity", Values: []float64{20, 70, 110, 10}},
		BarSeries{Name: "debt", Values: []float64{10, 40, 95, 30}},
		BarSeries{Name: "write-downs", Values: []float64{0, -5, -20, -85}},
	)

	var bursts []time.Time
	for i := range 200 {
		// A deterministic, bell-shaped spread of burst dates.
		u := (float64(i) + 0.5) / 200
		z := math.Sqrt2 * erfinv(2*u-1)
		bursts = append(bursts, month(30).Add(time.Duration(z*120*24)*time.Hour))
	}
	hist := Histogram{
		Title:   "When does the bubble burst?",
		Caption: "Burst dates across 200 runs of the sweep.",
		Name:    "runs", Times: bursts, XLabel: "Burst date",
		Events: []Event{{Label: "median", T: month(30)}},
		Width:  640, Height: 300,
	}

	var paths [][]float64
	rng := xorshift(1)
	for range 60 {
		var p []float64
		level := 100.0
		for range 36 {
			level *= math.Exp(0.01 + 0.04*rng.normal())
			p = append(p, level)
		}
		paths = append(paths, p)
	}
	bands, median, err := FanBands(paths, 0.9, 0.5)
	if err != nil {
		panic(err)
	}
	fan := Fan{
		Title:   "AI index across 60 simulated runs",
		Caption: "Shaded bands hold the middle 90% and 50% of runs at each date.",
		YLabel:  "Index", T: f.t[:36], Bands: bands, Median: median,
		Lines: []Series{{Name: "run 7", Y: paths[7]}},
		Width: 640, Height: 320,
	}

	scatter := Scatter{
		Title: "Valuation against fundamentals", XLabel: "Earnings ($bn)", YLabel: "Market value ($bn)",
		Width: 640, Height: 340,
	}
	var ex, ev, px, pv []float64
	var names []string
	for i := range 12 {
		x := 5 + float64(i)*4
		ex, ev = append(ex, x), append(ev, x*(18+4*math.Sin(float64(i))))
		px, pv = append(px, x*0.8), append(pv, x*(45+15*math.Cos(float64(i))))
		names = append(names, fmt.Sprintf("firm %d", i+1))
	}
	scatter.Add(
		Series{Name: "established firms", X: ex, Y: ev, Labels: names},
		Series{Name: "AI firms", X: px, Y: pv, Labels: names},
	)

	consumption := Line{
		Title:  "Consumption by income group",
		XLabel: "Quarter", YLabel: "Index, 2023Q1 = 100", Width: 480, Height: 260,
	}
	var qt []time.Time
	var top, rest []float64
	for i := range 16 {
		qt = append(qt, month(3*i))
		top = append(top, 100+float64(i)*1.8-float64(max(0, i-11))*4)
		rest = append(rest, 100+float64(i)*0.4)
	}
	consumption.Add(Series{Name: "top 10%", T: qt, Y: top}, Series{Name: "bottom 90%", T: qt, Y: rest})

	edge := Line{Title: "Edge cases: gap, single point, constant", XLabel: "Step", Width: 480, Height: 260}
	edge.Add(
		Series{Name: "with gap", Y: []float64{1, 2, math.NaN(), 4, 3, math.NaN(), 2}},
		Series{Name: "single point", X: []float64{3}, Y: []float64{2.5}},
		Series{Name: "constant", Y: []float64{1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5}},
	)

	empty := Line{Title: "No data yet", Caption: "Shown when a run produced no values.", Width: 320, Height: 200}
	empty.Add(Series{Name: "nothing"})

	grid := Grid{
		Title:   "GDP against the no-AI counterfactual",
		Columns: 2,
		Charts: []Renderer{
			gdpPanel("United States", 0.5),
			gdpPanel("Rest of world", 0.2),
		},
	}

	return append([]goldenCase{
		{"area_revenue", revenue},
		{"line_shovel_gap", gap},
		{"line_log_index", index},
		{"bar_horizontal_pnl", pnl},
		{"bar_grouped", sens},
		{"bar_stacked_negative", stacked},
		{"histogram_dates", hist},
		{"fan", fan},
		{"scatter", scatter},
		{"line_consumption", consumption},
		{"line_edge_cases", edge},
		{"empty", empty},
		{"grid", grid},
	}, layoutCases()...)
}

// layoutCases exercise the layout rules: rotated and thinned category
// labels, a wrapping legend and ellipsized title, crowded event labels,
// tight margins in a small chart, and log and date axes on other kinds.
func layoutCases() []goldenCase {
	var cats []string
	var vals []float64
	for i := range 14 {
		cats = append(cats, fmt.Sprintf("Scenario number %d", i+1))
		vals = append(vals, 10*math.Sin(float64(i)+0.5))
	}
	rotated := Bar{Title: "Sensitivity of losses to parameters", Categories: cats, Width: 560, Height: 340,
		ValueLabel: "Change in loss", ValueUnit: Unit{Suffix: " pp"}}
	rotated.Add(BarSeries{Name: "change", Values: vals})

	grouped := Bar{Title: "Grouped horizontal bars", Horizontal: true, Categories: cats[:6], ValueUnit: Unit{Prefix: "$"}, Width: 560}
	grouped.Add(BarSeries{Name: "low", Values: vals[:6]}, BarSeries{Name: "mid", Values: vals[1:7]}, BarSeries{Name: "high", Values: vals[2:8]})

	many := Line{Title: "A very long title that goes on about the AI boom and its many consequences for everyone",
		Width: 480, Height: 300, YLabel: "value"}
	for k := range 10 {
		var ys []float64
		for i := range 30 {
			ys = append(ys, float64(k)+math.Sin(float64(i+k)/4))
		}
		many.Add(Series{Name: fmt.Sprintf("series %d", k+1), Y: ys})
	}

	crowded := Line{Title: "Crowded events", Width: 600, Height: 300}
	crowded.Add(Series{Name: "x", Y: []float64{1, 2, 3, 2, 4, 5, 3, 2, 1, 2}})
	for i := range 8 {
		crowded.Events = append(crowded.Events, Event{Label: fmt.Sprintf("event %d", i+1), X: 2 + float64(i)*0.3})
	}

	var hours []time.Time
	var wave []float64
	for i := range 72 {
		hours = append(hours, time.Date(2024, 5, 1, i, 0, 0, 0, time.UTC))
		wave = append(wave, math.Sin(float64(i)/6))
	}
	small := Line{Title: "Hourly, small", Width: 320, Height: 200}
	small.Add(Series{Name: "h", T: hours, Y: wave})

	deals := Scatter{Title: "Deals by hour", XLabel: "Time", Width: 560, Height: 300}
	deals.Add(Series{Name: "first day", T: hours[:24], Y: wave[:24]}, Series{Name: "second day", T: hours[24:48], Y: wave[24:48]})

	rng := xorshift(3)
	var paths [][]float64
	var losses []float64
	for range 100 {
		var p []float64
		l := 1.0
		for range 40 {
			l *= math.Exp(0.03 + 0.15*rng.normal())
			p = append(p, l)
		}
		paths = append(paths, p)
		losses = append(losses, 0.1+0.15*rng.normal())
	}
	bands, median, err := FanBands(paths, 0.9, 0.5)
	if err != nil {
		panic(err)
	}
	xs := make([]float64, 40)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	logFan := Fan{Title: "Valuation multiple across runs", LogY: true, X: xs, Bands: bands, Median: median,
		XLabel: "Quarter", YUnit: Unit{Suffix: "×"}, Width: 560, Height: 300}
	share := Histogram{Title: "Loss distribution", Values: losses, Share: true, XLabel: "Loss",
		XUnit: Unit{Suffix: "%", Scale: 100}, Width: 560, Height: 300}

	return []goldenCase{
		{"bar_rotated_labels", rotated},
		{"bar_horizontal_grouped", grouped},
		{"line_many_series", many},
		{"line_crowded_events", crowded},
		{"line_small_hourly", small},
		{"scatter_dates", deals},
		{"fan_log", logFan},
		{"histogram_share", share},
	}
}

func gdpPanel(region string, boost float64) Line {
	c := Line{Title: region, YLabel: "Real GDP", YRange: Range{Min: 95, Max: 115}, Width: 360, Height: 240}
	var t []time.Time
	var gdp, cf []float64
	for i := range 12 {
		t = append(t, month(4*i))
		cf = append(cf, 100+float64(i)*0.9)
		gdp = append(gdp, 100+float64(i)*0.9+boost*float64(i)*(1-float64(max(0, i-8))*0.5))
	}
	c.Add(Series{Name: "GDP", T: t, Y: gdp}, Series{Name: "counterfactual", T: t, Y: cf})
	return c
}

// xorshift is a tiny deterministic generator for test data whose output
// must never change between Go versions.
type xorshift uint64

func (x *xorshift) float() float64 {
	*x ^= *x << 13
	*x ^= *x >> 7
	*x ^= *x << 17
	return float64(*x>>11) / (1 << 53)
}

// normal approximates a standard normal draw by the sum of 12 uniforms.
func (x *xorshift) normal() float64 {
	s := -6.0
	for range 12 {
		s += x.float()
	}
	return s
}

// erfinv is the inverse error function, by Newton's method on math.Erf;
// accurate enough to shape test data.
func erfinv(y float64) float64 {
	x := 0.0
	for range 50 {
		x -= (math.Erf(x) - y) / (2 / math.SqrtPi * math.Exp(-x*x))
	}
	return x
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.chart.WriteSVG(&b); err != nil {
				t.Fatal(err)
			}
			got := b.Bytes()
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("SVG differs from %s; inspect the change and run go test -update if it is intended", path)
			}
		})
	}
}

// checkWellFormed parses svg as XML and returns the values of its id
// attributes, failing on malformed markup or a repeated id.
func checkWellFormed(t *testing.T, svg []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var ids []string
	seen := map[string]bool{}
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root {
			if se.Name.Local != "svg" {
				t.Fatalf("root element is <%s>, want <svg>", se.Name.Local)
			}
			root = false
		}
		for _, a := range se.Attr {
			if a.Name.Local == "id" {
				if seen[a.Value] {
					t.Errorf("id %q used twice", a.Value)
				}
				seen[a.Value] = true
				ids = append(ids, a.Value)
			}
		}
	}
	return ids
}

func TestGoldenWellFormedAndDeterministic(t *testing.T) {
	pageIDs := map[string]string{}
	for _, tc := range goldenCases() {
		a, err := svgBytes(tc.chart)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, _ := svgBytes(tc.chart)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", tc.name)
		}
		ids := checkWellFormed(t, a)
		// All charts inlined into one page must not share any id.
		for _, id := range ids {
			if other, ok := pageIDs[id]; ok && other != tc.name {
				t.Errorf("id %q appears in both %s and %s", id, other, tc.name)
			}
			pageIDs[id] = tc.name
		}
		for _, ref := range refs(a) {
			if !strings.Contains(string(a), `id="`+ref+`"`) {
				t.Errorf("%s: reference to missing id %q", tc.name, ref)
			}
		}
	}
}

// refs returns the ids referenced by url(#...) and aria-labelledby.
func refs(svg []byte) []string {
	s := string(svg)
	var out []string
	for {
		i := strings.Index(s, "url(#")
		if i < 0 {
			break
		}
		s = s[i+5:]
		out = append(out, s[:strings.IndexByte(s, ')')])
	}
	s = string(svg)
	if i := strings.Index(s, `aria-labelledby="`); i >= 0 {
		s = s[i+len(`aria-labelledby="`):]
		out = append(out, strings.Fields(s[:strings.IndexByte(s, '"')])...)
	}
	return out
}
