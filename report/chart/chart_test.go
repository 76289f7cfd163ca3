package chart

import (
	"bytes"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEsc(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`<script>alert("x")</script>`, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"},
		{"a & b's", "a &amp; b&#39;s"},
		{"line\nbreak\ttab", "line&#10;break&#9;tab"},
		{"nul\x00bell\x07", "nul\uFFFDbell\uFFFD"},
		{"bad utf8 \xff", "bad utf8 \uFFFD"},
		{"non-char \uFFFE", "non-char \uFFFD"},
		{"naïve – ünïcode €", "naïve – ünïcode €"},
	}
	for _, tt := range tests {
		if got := esc(tt.in); got != tt.want {
			t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {1.5, "1.5"}, {1.005, "1"}, {2.345678, "2.35"}, {-0.001, "0"}, {-3.25, "-3.25"},
		{math.NaN(), "0"}, {1e300, "1000000"}, {-1e300, "-1000000"}, {123.10, "123.1"},
	}
	for _, tt := range tests {
		if got := num(tt.v); got != tt.want {
			t.Errorf("num(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestFormatTicks(t *testing.T) {
	tests := []struct {
		ticks []float64
		step  float64
		unit  Unit
		want  []string
	}{
		{[]float64{0, 0.5, 1}, 0.5, Unit{}, []string{"0.0", "0.5", "1.0"}},
		{[]float64{-10, 0, 10}, 10, Unit{Prefix: "$", Suffix: "bn"}, []string{"−$10bn", "$0bn", "$10bn"}},
		{[]float64{0, 5000, 10000}, 5000, Unit{Suffix: "%"}, []string{"0%", "5,000%", "10,000%"}},
		{[]float64{2020, 2025, 2030}, 5, Unit{}, []string{"2020", "2025", "2030"}},
		{[]float64{0, 2e9, 4e9}, 2e9, Unit{}, []string{"0", "2e9", "4e9"}},
		{[]float64{1e12, 1.2e12}, 2e11, Unit{}, []string{"1e12", "1.2e12"}},
		{[]float64{0, 2e-8, 4e-8}, 2e-8, Unit{}, []string{"0", "2e−8", "4e−8"}},
		{[]float64{0.001, 0.002}, 0.001, Unit{}, []string{"0.001", "0.002"}},
	}
	for _, tt := range tests {
		if got := formatTicks(tt.ticks, tt.step, tt.unit); !slices.Equal(got, tt.want) {
			t.Errorf("formatTicks(%v) = %q, want %q", tt.ticks, got, tt.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    float64
		unit Unit
		want string
	}{
		{1234.56, Unit{}, "1235"},
		{1234.56, Unit{Prefix: "$", Suffix: "bn"}, "$1,235bn"},
		{1234.56, Unit{Prefix: "$", Suffix: "bn", Thousand: "tn"}, "$1.23tn"},
		{0.9466, Unit{Prefix: "$", Suffix: "bn", Thousand: "tn"}, "$0.95bn"},
		{12345.6, Unit{}, "12,346"},
		{0.0123456, Unit{}, "0.0123"},
		{-5, Unit{Prefix: "$", Suffix: "bn"}, "−$5bn"},
		{12.5, Unit{Prefix: "$", Suffix: "bn"}, "$12.5bn"},
		{0.25, Unit{Suffix: "%", Scale: 100}, "25%"},
		{1e12, Unit{}, "1e12"},
		{-0.0004, Unit{}, "−0.0004"},
		{3.5e-7, Unit{}, "3.5e−7"},
		{0, Unit{}, "0"},
		{math.NaN(), Unit{}, "no value"},
	}
	for _, tt := range tests {
		if got := formatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("formatValue(%v, %+v) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestTextHelpers(t *testing.T) {
	if w := textWidth("0000", 10); math.Abs(w-22.8) > 1e-9 {
		t.Errorf("textWidth of four digits at 10px = %v, want 22.8", w)
	}
	if got := ellipsize("a very long category label", 60, 11); !strings.HasSuffix(got, "…") || textWidth(got, 11) > 60 {
		t.Errorf("ellipsize gave %q (%.1fpx)", got, textWidth(got, 11))
	}
	lines := wrapText("one two three four five six seven eight nine ten", 80, 11)
	if len(lines) < 2 {
		t.Fatalf("wrapText did not wrap: %q", lines)
	}
	for _, l := range lines {
		if textWidth(l, 11) > 80 {
			t.Errorf("line %q is wider than 80px", l)
		}
	}
	if got := strings.Join(lines, " "); got != "one two three four five six seven eight nine ten" {
		t.Errorf("wrapText lost words: %q", got)
	}
}

func TestStack(t *testing.T) {
	nan := math.NaN()
	lo, hi := stack([][]float64{{1, 2, -1, 1}, {3, -2, -1, nan}, {1, 1, 4, 1}}, 4)
	wantLo := [][]float64{{0, 0, -1, nan}, {1, -2, -2, nan}, {4, 2, 0, nan}}
	wantHi := [][]float64{{1, 2, 0, nan}, {4, 0, -1, nan}, {5, 3, 4, nan}}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	for k := range lo {
		if !same(lo[k], wantLo[k]) || !same(hi[k], wantHi[k]) {
			t.Errorf("layer %d: lo %v hi %v, want lo %v hi %v", k, lo[k], hi[k], wantLo[k], wantHi[k])
		}
	}
}

func TestDecimateRun(t *testing.T) {
	// Columns: x 0.1..0.9 in column 0, 1.2..1.5 in column 1, 2.5 alone.
	px := []float64{0.1, 0.3, 0.5, 0.7, 0.9, 1.2, 1.3, 1.5, 2.5}
	py := []float64{5, 1, 9, 4, 6, 3, 3, 3, 7}
	run := []int{0, 1, 2, 3, 4, 5, 6, 7, 8}
	// Column 0 keeps first (0), min (1), max (2) and last (4); column 1
	// only first and last because all are equal; column 2 its point.
	want := []int{0, 1, 2, 4, 5, 7, 8}
	if got := decimateRun(run, px, py); !slices.Equal(got, want) {
		t.Errorf("decimateRun = %v, want %v", got, want)
	}
}

func TestRunsAndSample(t *testing.T) {
	ys := []float64{1, math.NaN(), 2, 3, math.NaN(), math.NaN(), 4}
	got := runs(len(ys), func(i int) bool { return !math.IsNaN(ys[i]) })
	want := [][]int{{0}, {2, 3}, {6}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("runs = %v, want %v", got, want)
	}
	if got := sample([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3); !slices.Equal(got, []int{0, 5, 10}) {
		t.Errorf("sample = %v, want [0 5 10]", got)
	}
}

func TestFanBands(t *testing.T) {
	var paths [][]float64
	for v := range 101 {
		paths = append(paths, []float64{float64(v), 2 * float64(v), math.NaN()})
	}
	bands, median, err := FanBands(paths, 0.5, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if len(bands) != 2 || bands[0].Name != "5–95%" || bands[1].Name != "25–75%" {
		t.Fatalf("bands named %q, %q; want widest first", bands[0].Name, bands[1].Name)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(bands[0].Lo[0], 5) || !near(bands[0].Hi[0], 95) || !near(bands[1].Lo[1], 50) || !near(bands[1].Hi[1], 150) {
		t.Errorf("quantiles wrong: %+v", bands)
	}
	if median[0] != 50 || median[1] != 100 || !math.IsNaN(median[2]) {
		t.Errorf("median = %v, want [50 100 NaN]", median)
	}
	if _, _, err := FanBands(paths, 1.2); err == nil {
		t.Error("coverage 1.2 accepted")
	}
	if _, _, err := FanBands([][]float64{{1, 2}, {1}}, 0.5); err == nil {
		t.Error("ragged paths accepted")
	}
}

func TestHistogramBins(t *testing.T) {
	h := Histogram{Values: []float64{0, 0.5, 1, 1, 1.5, 2, 2, 5, -1, math.NaN()}, Edges: []float64{0, 1, 2}}
	svg, err := h.SVG()
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	// [0,1) holds 0 and 0.5; [1,2] holds 1, 1, 1.5 and the two 2s (the
	// last bin is closed); 5 and -1 are outside and NaN is missing. Shares
	// are of all nine values, including those outside the bins.
	for _, want := range []string{"[0, 1): 2 (22.2%)", "[1, 2]: 5 (55.6%)", "1 missing values are not shown.", "2 values outside the bins are not shown."} {
		if !strings.Contains(s, want) {
			t.Errorf("histogram SVG lacks %q", want)
		}
	}
}

func TestErrors(t *testing.T) {
	inf := math.Inf(1)
	d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		chart Renderer
		want  string
	}{
		{"inf in y", Line{Series: []Series{{Y: []float64{1, inf}}}}, "y[1] is +Inf"},
		{"inf in x", Line{Series: []Series{{X: []float64{0, math.Inf(-1)}, Y: []float64{1, 2}}}}, "x[1] is -Inf"},
		{"length mismatch", Line{Series: []Series{{X: []float64{1, 2}, Y: []float64{1}}}}, "2 x values and 1 y values"},
		{"both X and T", Line{Series: []Series{{X: []float64{1}, T: []time.Time{d}, Y: []float64{1}}}}, "sets both X and T"},
		{"dates mixed with numbers", Line{Series: []Series{{X: []float64{1}, Y: []float64{1}}, {T: []time.Time{d}, Y: []float64{1}}}}, "mix dates"},
		{"zero on log scale", Line{LogY: true, Series: []Series{{Y: []float64{1, 0}}}}, "log scale"},
		{"bad range", Line{YRange: Range{Min: 2, Max: 1}, Series: []Series{{Y: []float64{1}}}}, "Min < Max"},
		{"log range not positive", Line{LogY: true, YRange: Range{Min: 0, Max: 1}, Series: []Series{{Y: []float64{1}}}}, "positive"},
		{"negative unit scale", Line{YUnit: Unit{Scale: -1}, Series: []Series{{Y: []float64{1}}}}, "unit scale"},
		{"span without dates on date axis", Line{Series: []Series{{T: []time.Time{d}, Y: []float64{1}}}, Spans: []Span{{From: 1, To: 2}}}, "sets no Start"},
		{"event date on numeric axis", Line{Series: []Series{{Y: []float64{1}}}, Events: []Event{{T: d}}}, "x axis is numeric"},
		{"too small", Line{Width: 50, Height: 40, Series: []Series{{Y: []float64{1}}}}, "no room"},
		{"negative size", Line{Width: -5, Series: []Series{{Y: []float64{1}}}}, "invalid size"},
		{"stacked x differ", Area{Series: []Series{{X: []float64{1, 2}, Y: []float64{1, 2}}, {X: []float64{1, 3}, Y: []float64{1, 2}}}}, "different x values"},
		{"bar length", Bar{Categories: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{1}}}}, "1 values for 2 categories"},
		{"bar inf", Bar{Categories: []string{"a"}, Series: []BarSeries{{Values: []float64{inf}}}}, "+Inf"},
		{"histogram inf", Histogram{Values: []float64{1, inf}}, "+Inf"},
		{"histogram edges", Histogram{Values: []float64{1}, Edges: []float64{0, 0}}, "strictly increasing"},
		{"histogram edges for dates", Histogram{Times: []time.Time{d}, Edges: []float64{0, 1}}, "Edges apply to Values"},
		{"fan length", Fan{X: []float64{1, 2}, Median: []float64{1}}, "median has 1 values for 2"},
		{"scatter log x", Scatter{LogX: true, Series: []Series{{X: []float64{0}, Y: []float64{1}}}}, "log scale"},
		{"grid of foreign renderer", Grid{Charts: []Renderer{foreign{}}}, "not a chart of this package"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		err := tt.chart.WriteSVG(&b)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite the error", tt.name, b.Len())
		}
	}
}

type foreign struct{}

func (foreign) WriteSVG(w io.Writer) error { return nil }

func TestEscapingInCharts(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	charts := []Renderer{
		Line{Title: evil, Caption: evil, Desc: evil, XLabel: evil, YLabel: evil, YUnit: Unit{Prefix: evil},
			Series: []Series{{Name: evil, Y: []float64{1, 2}, Style: Style{Color: `red" onload="alert(1)`}}},
			Events: []Event{{Label: evil, X: 1}}, Spans: []Span{{Label: evil, From: 0, To: 1}}},
		Bar{Title: evil, Categories: []string{evil}, Series: []BarSeries{{Name: evil, Values: []float64{1}}}, ShowValues: true},
		Scatter{Series: []Series{{Name: evil, Y: []float64{1}, Labels: []string{evil}}}},
		Histogram{Name: evil, Values: []float64{1, 2}},
		Fan{X: []float64{0, 1}, Bands: []Band{{Name: evil, Lo: []float64{0, 0}, Hi: []float64{1, 1}}}, MedianName: evil, Median: []float64{0.5, 0.5}},
		Grid{Title: evil, Caption: evil, Charts: []Renderer{Line{Title: evil}}},
	}
	for i, c := range charts {
		svg, err := svgBytes(c)
		if err != nil {
			t.Fatalf("chart %d: %v", i, err)
		}
		checkWellFormed(t, svg)
		if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte(`" onload=`)) {
			t.Errorf("chart %d: unescaped markup in output", i)
		}
		if !bytes.Contains(svg, []byte("&lt;script&gt;")) {
			t.Errorf("chart %d: escaped text missing", i)
		}
	}
}

var idAttr = regexp.MustCompile(` id="([^"]+)"`)

func TestIDs(t *testing.T) {
	a := Line{Title: "A", Series: []Series{{Y: []float64{1, 2}}}}
	b := Line{Title: "A", Series: []Series{{Y: []float64{1, 3}}}}
	sa, _ := a.SVG()
	sb, _ := b.SVG()
	ida, idb := idAttr.FindSubmatch(sa)[1], idAttr.FindSubmatch(sb)[1]
	if bytes.Equal(ida, idb) {
		t.Errorf("charts with different data share the id %s", ida)
	}
	a.ID = "fig 1/revenue"
	s, _ := a.SVG()
	if !bytes.Contains(s, []byte(`id="fig_1_revenue"`)) || !bytes.Contains(s, []byte(`url(#fig_1_revenue-clip)`)) {
		t.Errorf("explicit ID not used and sanitised: %.200s", s)
	}
	for in, want := range map[string]string{"ok-id_1": "ok-id_1", "1st": "c1st", "": "c", "é": "c_"} {
		if got := sanitizeID(in); got != want {
			t.Errorf("sanitizeID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccessibility(t *testing.T) {
	c := Line{Title: "GDP", Caption: "GDP against its counterfactual", XLabel: "Year", YLabel: "GDP", YUnit: Unit{Prefix: "$", Suffix: "tn"}, ID: "gdp",
		Events: []Event{{Label: "crash", X: 2}}}
	c.Add(Series{Name: "GDP", Y: []float64{20, 21, 19}}, Series{Name: "counterfactual", Y: []float64{20, 20.5, 21}})
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{
		`role="img" aria-labelledby="gdp-title gdp-desc"`,
		`<title id="gdp-title">GDP</title><desc id="gdp-desc">GDP against its counterfactual. Line chart showing GDP; counterfactual. Horizontal axis (Year): data from 0 to 2. Vertical axis (GDP): data from $19tn to $21tn. Marked events: crash: 2.</desc>`,
		"<title>GDP\n2: $19tn</title>",
	} {
		if !strings.Contains(s, strings.ReplaceAll(want, "\n", "&#10;")) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if !strings.HasPrefix(s, "<svg ") {
		t.Errorf("inline SVG starts with %.20q", s)
	}
}

func TestStandalone(t *testing.T) {
	var b bytes.Buffer
	if err := WriteStandalone(&b, Line{ID: "x", Series: []Series{{Y: []float64{1}}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"") || !strings.HasSuffix(b.String(), "</svg>\n") {
		t.Errorf("standalone file framing wrong: %.80q ... %q", b.String(), b.String()[b.Len()-8:])
	}
	checkWellFormed(t, b.Bytes())
}

func TestDefaultsAndEdgeSizes(t *testing.T) {
	c := Line{Series: []Series{{Y: []float64{1, 2}}}}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`width="720" height="360"`)) {
		t.Errorf("default size not 720x360: %.160s", svg)
	}
	// Extreme magnitudes must still lay out and parse.
	for _, ys := range [][]float64{{1e-300, 2e-300}, {1e300, -1e300}, {math.MaxFloat64, -math.MaxFloat64}, {5e-324, 0}, {7, 7}, {math.NaN(), math.NaN()}} {
		svg, err := Line{Series: []Series{{Y: ys}}}.SVG()
		if err != nil {
			t.Errorf("values %v: %v", ys, err)
			continue
		}
		checkWellFormed(t, svg)
	}
}

func TestHorizontalBarHeightGrows(t *testing.T) {
	b := Bar{Horizontal: true, Categories: make([]string, 30)}
	if _, h := b.size(); h < 30*26 {
		t.Errorf("30 horizontal bars get only %vpx", h)
	}
}
